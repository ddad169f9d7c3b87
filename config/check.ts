/**
 * `samband check-config F`: every problem and warning, without throwing — first what the file
 * says (schema and cross-field rules, the same on every machine), then, for a valid file, the
 * run-time checks on this machine (ports, data directory, serial devices; config/machine/).
 */
import { analyseConfigText } from './analyse.js';
import { checkOnMachine } from './machine/index.js';
import type { ConfigProblem } from './problem.js';
import { readConfigFile } from './read.js';
import type { Config } from './schema.js';
import { type ConfigSource, problemAt } from './source.js';

export { formatProblem } from './problem.js';

export interface ConfigCheck {
  /** True when the configuration can be used; warnings do not make it false. */
  readonly ok: boolean;
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigProblem[];
  /** The validated configuration, when ok (the caller may apply start-up overrides to it). */
  readonly config?: Config;
  readonly source?: ConfigSource;
}

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const read = readConfigFile(file);
  if (!read.ok) return { ok: false, problems: [read.problem], warnings: [] };
  const { problems, warnings, config, source } = analyseConfigText(read.text, file, env);
  if (!config || !source) return { ok: false, problems, warnings };
  return { ok: true, problems, warnings, config, source };
}

/** What would stop a start on this machine, for a configuration that checked ok; [] otherwise. */
export async function checkRunTime(check: ConfigCheck): Promise<ConfigProblem[]> {
  const { config, source } = check;
  if (!config || !source) return [];
  return (await checkOnMachine(config)).map((p) => problemAt(source, p.path, p.message));
}
