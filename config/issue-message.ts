/**
 * Turns a zod issue into one sentence saying what was expected and what was found. Messages
 * written in the schema (`'HH:MM (24 h)'`) are kept as the expectation; zod's own defaults are
 * recognised by a marker that our parse-time error map puts on them (schema messages win over
 * the parse-time map in zod 4, so they never carry it) and rephrased here.
 */
import { z } from 'zod';
import { closest } from './closest.js';

const MARKER = '\u0000';
const english = z.locales.en().localeError;

/** Pass to `safeParse(data, { error })` so default messages can be told from schema ones. */
export const markDefaultMessages: z.core.$ZodErrorMap = (issue) => {
  const text = english(issue);
  return MARKER + (typeof text === 'string' ? text : (text?.message ?? 'invalid value'));
};

/** What sits in the file at the issue's path, described without leaking secrets. */
export interface Found {
  readonly present: boolean;
  readonly value: unknown;
  /** Set when the value must not be echoed (it came from the environment or is a secret). */
  readonly secret?: { readonly envName?: string };
}

export function describeIssue(issue: z.core.$ZodIssue, found: Found, key: string): string {
  const own = schemaMessage(issue);
  switch (issue.code) {
    case 'invalid_type':
      if (!found.present) return `missing required key "${key}" (expected ${expectationOf(issue)})`;
      return `expected ${expectationOf(issue)}, found ${describeFound(found)}${quoteHint(issue, found)}`;
    case 'invalid_value':
      return `expected ${own ?? expectationOf(issue)}, found ${describeFound(found)}${valueHint(issue, found)}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return `expected ${own ?? expectationOf(issue)}, found ${describeFound(found)}`;
    case 'custom':
      // A refinement on a whole object reads as a sentence of its own.
      if (own === undefined) return stripMarker(issue.message);
      return found.present && isScalar(found.value) ? `expected ${own}, found ${describeFound(found)}` : own;
    default:
      return `${own ?? stripMarker(issue.message)}, found ${describeFound(found)}`;
  }
}

/** The expectation alone ("a list", `"all"`), also used to phrase a failed union. */
export function expectationOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeName(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return bound('at least', 'more than', '>=', '>', issue.origin, Number(issue.minimum), issue.inclusive);
    case 'too_big':
      return bound('at most', 'fewer than', '<=', '<', issue.origin, Number(issue.maximum), issue.inclusive);
    case 'invalid_format':
      return issue.pattern ? `a string matching ${issue.pattern}` : `a valid ${issue.format}`;
    default:
      return schemaMessage(issue) ?? stripMarker(issue.message);
  }
}

export function describeFound(found: Found): string {
  const { value } = found;
  if (!found.present) return 'nothing';
  if (found.secret) {
    const length = typeof value === 'string' ? ` (${value.length} characters)` : '';
    return found.secret.envName
      ? `the value of ${found.secret.envName}${length}`
      : `a secret value${length}, not shown`;
  }
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(truncate(value));
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : `a list of ${count(value.length, 'item')}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

// ISSIs and talkgroups look like numbers, but YAML reads 9101 as one (and drops leading zeros).
function quoteHint(issue: z.core.$ZodIssueInvalidType, found: Found): string {
  return issue.expected === 'string' && typeof found.value === 'number' && !found.secret
    ? ` (write it in quotes: "${found.value}")`
    : '';
}

function valueHint(issue: z.core.$ZodIssueInvalidValue, found: Found): string {
  if (typeof found.value !== 'string' || found.secret) return '';
  const suggestion = closest(
    found.value,
    issue.values.filter((v): v is string => typeof v === 'string'),
  );
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

function schemaMessage(issue: z.core.$ZodIssue): string | undefined {
  return issue.message.startsWith(MARKER) ? undefined : issue.message;
}

function stripMarker(message: string): string {
  return message.startsWith(MARKER) ? message.slice(MARKER.length) : message;
}

function typeName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    default:
      return expected;
  }
}

function bound(
  inclusiveWord: string,
  exclusiveWord: string,
  inclusiveSign: string,
  exclusiveSign: string,
  origin: string,
  limit: number,
  inclusive: boolean | undefined,
): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord;
  if (origin === 'string') {
    return limit === 1 && word === 'at least' ? 'a non-empty string' : `${word} ${count(limit, 'character')}`;
  }
  if (origin === 'array' || origin === 'set') {
    return limit === 1 && word === 'at least' ? 'at least one item' : `${word} ${count(limit, 'item')}`;
  }
  return `a number ${inclusive === false ? exclusiveSign : inclusiveSign} ${limit}`;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
