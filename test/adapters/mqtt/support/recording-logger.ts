import type { Logger } from '../../../../bridge/ports.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** Keeps every entry (children share the parent's list) so tests can assert on what was logged. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[];
  readonly #bindings: Record<string, unknown>;

  constructor(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}) {
    this.entries = entries;
    this.#bindings = bindings;
  }
  debug(obj: object, msg?: string): void {
    this.#add('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.#add('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#add('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#add('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.entries, { ...this.#bindings, ...bindings });
  }
  find(level: LogEntry['level'], msg: string): LogEntry[] {
    return this.entries.filter((e) => e.level === level && e.msg === msg);
  }
  #add(level: LogEntry['level'], obj: object, msg: string | undefined): void {
    this.entries.push({ level, obj: { ...this.#bindings, ...obj }, msg });
  }
}
