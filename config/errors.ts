/** Errors of the configuration layer; each has a stable code a user can look up. */
import { SambandError } from '../bridge/errors.js';
import { type ConfigProblem, formatProblem } from './problem.js';

export type { ConfigProblem } from './problem.js';

export const ConfigErrorCodes = {
  CONFIG: 'SAMBAND_ERR_CONFIG',
} as const;

/** The configuration cannot be used. Carries every problem found, not just the first. */
export class ConfigError extends SambandError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    super(ConfigErrorCodes.CONFIG, summarise(problems), options);
    this.problems = problems;
  }
}

// The message lists the problems too, so an uncaught ConfigError is still actionable.
function summarise(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`invalid configuration (${count}):`, ...problems.map(formatProblem)].join('\n');
}
