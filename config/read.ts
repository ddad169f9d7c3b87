/** Reading the file is its own step so that "cannot read" is a problem like any other. */
import { readFileSync } from 'node:fs';
import type { ConfigProblem } from './problem.js';

export type ReadResult = { ok: true; text: string } | { ok: false; problem: ConfigProblem };

export function readConfigFile(file: string): ReadResult {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const message = `cannot read the configuration file: ${reason(error)}`;
    return { ok: false, problem: { file, line: 0, column: 0, field: '', message } };
  }
}

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, expected a YAML file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
