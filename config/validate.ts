/**
 * Schema validation with every zod issue mapped back to the YAML node it is about: the value's
 * line for a bad value, the parent mapping's line for a missing key, the key's own line for an
 * unknown key.
 */
import type { z } from 'zod';
import { closest } from './closest.js';
import type { EnvSubstitution } from './env.js';
import {
  describeFound,
  describeIssue,
  expectationOf,
  type Found,
  markDefaultMessages,
} from './issue-message.js';
import { type ConfigProblem, type FieldPath, formatField } from './problem.js';
import { type Config, configSchema } from './schema.js';
import { knownKeysAt } from './schema-keys.js';
import { type ConfigSource, problemAt, problemAtKey } from './source.js';

/** Keys whose values are secrets (or hashes that may be a mistakenly pasted secret). */
const SECRET_KEYS = new Set([
  'token',
  'tokenHash',
  'password',
  'passwordHash',
  'hostPinHash',
  'participantPinHash',
]);

export type SchemaResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function validateSchema(source: ConfigSource, data: unknown, env: EnvSubstitution): SchemaResult {
  const result = configSchema.safeParse(data, { error: markDefaultMessages });
  if (result.success) return { ok: true, config: result.data };

  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const { issue, path } of flatten(result.error.issues, [])) {
    // The missing variable was reported already; its placeholder failing the schema is noise.
    if (env.unresolved.has(formatField(path))) continue;
    for (const problem of toProblems(source, data, env, issue, path)) {
      const identity = `${problem.field}\n${problem.message}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      problems.push(problem);
    }
  }
  return { ok: false, problems };
}

function toProblems(
  source: ConfigSource,
  data: unknown,
  env: EnvSubstitution,
  issue: z.core.$ZodIssue,
  path: FieldPath,
): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(configSchema, path);
    return issue.keys.map((key) => problemAtKey(source, path, key, unknownKeyMessage(key, known)));
  }
  const found = foundAt(data, path, env);
  if (issue.code === 'invalid_union') {
    const options = issue.errors.map((branch) => branch.map(expectationOf).join(' and ')).join(' or ');
    return [problemAt(source, path, `expected ${options}, found ${describeFound(found)}`)];
  }
  const key = String(path[path.length - 1] ?? '');
  return [problemAt(source, path, describeIssue(issue, found, key))];
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  return known.length > 0
    ? `unknown key "${key}"; expected one of: ${known.join(', ')}`
    : `unknown key "${key}"`;
}

/**
 * A union (`roster: "all" | [ids]`) whose value had the right shape for one option reports
 * that option's inner issues, which point deeper and say more than "matched no option".
 */
function* flatten(
  issues: readonly z.core.$ZodIssue[],
  prefix: FieldPath,
): Generator<{ issue: z.core.$ZodIssue; path: FieldPath }> {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((s) => (typeof s === 'number' ? s : String(s)))];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const shaped = issue.errors.filter((branch) => branch.some((i) => !isShapeMismatch(i)));
      const only = shaped.length === 1 ? shaped[0] : undefined;
      if (only) {
        yield* flatten(only, path);
        continue;
      }
    }
    yield { issue, path };
  }
}

function isShapeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

function foundAt(data: unknown, path: FieldPath, env: EnvSubstitution): Found {
  let value: unknown = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      return { present: false, value: undefined };
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  const envName = env.fromEnv.get(formatField(path));
  const last = path[path.length - 1];
  if (envName !== undefined) return { present: true, value, secret: { envName } };
  if (typeof last === 'string' && SECRET_KEYS.has(last)) return { present: true, value, secret: {} };
  return { present: true, value };
}
