/**
 * What a cross-field check sees: the validated config (defaults applied), a way to report at a
 * path (mapped to the file's line like every other problem), and where values came from.
 */
import { type ConfigProblem, type FieldPath, formatField } from '../problem.js';
import type { Config } from '../schema.js';
import { type ConfigSource, isSetInFile, positionOf, problemAt } from '../source.js';

export interface CheckContext {
  readonly config: Config;
  /** Whether the file asked for this value with ${env:NAME} (whether or not NAME was set). */
  isFromEnv(path: FieldPath): boolean;
  error(path: FieldPath, message: string): void;
  warn(path: FieldPath, message: string): void;
  /** False when the schema's default supplied the value. */
  isSetInFile(path: FieldPath): boolean;
  lineOf(path: FieldPath): number;
}

/** One cross-field rule; rules only read the config and report, so their order does not matter. */
export type Check = (ctx: CheckContext) => void;

export interface CheckOutcome {
  readonly errors: ConfigProblem[];
  readonly warnings: ConfigProblem[];
}

export function runChecks(
  checks: readonly Check[],
  source: ConfigSource,
  config: Config,
  envFields: ReadonlySet<string>,
): CheckOutcome {
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const ctx: CheckContext = {
    config,
    isFromEnv: (path) => envFields.has(formatField(path)),
    error: (path, message) => errors.push(problemAt(source, path, message)),
    warn: (path, message) => warnings.push(problemAt(source, path, message)),
    isSetInFile: (path) => isSetInFile(source, path),
    lineOf: (path) => positionOf(source, path).line,
  };
  for (const check of checks) check(ctx);
  return { errors, warnings };
}
