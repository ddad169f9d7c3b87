/** Small inline YAML files for the config tests: one array element per line, so line N is index N-1. */
import { ConfigError } from '../../config/errors.js';
import { type LoadedConfig, parseConfigText } from '../../config/load.js';
import type { ConfigProblem } from '../../config/problem.js';

export const FILE = 'test.yaml';

export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The problems a text produces, or [] when it loads. Anything but a ConfigError fails the test. */
export function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  try {
    parseConfigText(text, FILE, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

export function load(text: string, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  return parseConfigText(text, FILE, env);
}

/** Problems reduced to what the assertions care about. */
export function where(problems: readonly ConfigProblem[]): { line: number; field: string }[] {
  return problems.map((p) => ({ line: p.line, field: p.field }));
}
