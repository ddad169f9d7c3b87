/** `samband check-config F`: every problem and warning, without throwing. */
import { analyseConfigText } from './analyse.js';
import type { ConfigProblem } from './problem.js';
import { readConfigFile } from './read.js';
import type { Config } from './schema.js';

export { formatProblem } from './problem.js';

export interface ConfigCheck {
  /** True when the configuration can be used; warnings do not make it false. */
  readonly ok: boolean;
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigProblem[];
  /** The validated configuration, when `ok`. */
  readonly config?: Config;
}

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const read = readConfigFile(file);
  if (!read.ok) return { ok: false, problems: [read.problem], warnings: [] };
  const { problems, warnings, config } = analyseConfigText(read.text, file, env);
  return { ok: problems.length === 0, problems, warnings, config };
}
