/**
 * Loading the configuration at start-up: fail fast, with every problem at once, each with
 * file, line and field (STYLE §10).
 */
import { analyseConfigText } from './analyse.js';
import { ConfigError } from './errors.js';
import type { ConfigProblem } from './problem.js';
import { readConfigFile } from './read.js';
import type { Config } from './schema.js';

export interface LoadedConfig {
  readonly config: Config;
  readonly file: string;
  /** Things that work but deserve a look (e.g. a participant with no radio fallback). */
  readonly warnings: ConfigProblem[];
  /**
   * Field (e.g. `http.tokens[0].token`) → the environment variable its value came from, so
   * callers can tell secrets apart when logging the effective configuration.
   */
  readonly fromEnv: ReadonlyMap<string, string>;
}

/** @throws ConfigError when the file cannot be read or the configuration is invalid. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const read = readConfigFile(file);
  if (!read.ok) throw new ConfigError([read.problem]);
  return parseConfigText(read.text, file, env);
}

/** As loadConfig, for text already in memory; `file` is only used in problem reports. */
export function parseConfigText(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const analysis = analyseConfigText(text, file, env);
  if (!analysis.config) throw new ConfigError(analysis.problems);
  return { config: analysis.config, file, warnings: analysis.warnings, fromEnv: analysis.fromEnv };
}
