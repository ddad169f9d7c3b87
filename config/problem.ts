/**
 * A configuration problem points at one place in one file, so an operator can fix it without
 * guessing. Line and column are 1-based; 0 means "the file as a whole" (it could not be read).
 */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted path such as `participants[3].phone[0]`; empty for the file as a whole. */
  readonly field: string;
  readonly message: string;
}

/** A path into the configuration as zod and the YAML document both see it. */
export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatField(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `file:line:column: field: message` — the shape editors and CI annotate from. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return p.field === '' ? `${where}: ${p.message}` : `${where}: ${p.field}: ${p.message}`;
}

/** File order first, so the report reads top to bottom like the file. */
export function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
