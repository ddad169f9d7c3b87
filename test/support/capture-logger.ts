import type { Logger } from '../../bridge/ports.js';

export interface LogEntry {
  level: 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

/** A logger that keeps warn- and error-level entries in order (every child shares the list). */
export function captureLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
    child: () => logger,
  };
  return { logger, entries };
}
