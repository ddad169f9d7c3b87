import type { Logger } from './ports.js';

/** A logger that discards everything; for tests and library use without a composition root. */
export const nullLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => nullLogger,
};
