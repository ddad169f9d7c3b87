/**
 * The AT channel (DESIGN.md §6): one command outstanding with a per-command time-out, a
 * bounded queue behind it, final results (`OK`, `ERROR`, `+CME ERROR: n`) completing it, and
 * unsolicited result codes dispatched as typed events whenever they arrive — even between
 * the lines of a response. Runs over any ByteStream (serial port, pty, in-memory pair).
 * After a time-out the next command waits behind a sync probe, so that a late final result of
 * the timed-out command cannot complete it (at-sync.ts).
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';
import { AtSync } from './at-sync.js';
import type { ByteStream } from './byte-stream.js';
import type { AtCommand } from './commands.js';
import { CmeError, CmsError, RadioError, RadioErrorCodes } from './errors.js';
import { type FramerToken, LineFramer } from './line-framer.js';
import { isHexPayload, type PeiMessage, parseFinal, parsePeiLine, withSdsPayload } from './pei-messages.js';

export interface AtResponse {
  command: string;
  /** Information response lines (without echo and final result). */
  lines: string[];
  /** The lines that parsed as PEI messages. */
  messages: PeiMessage[];
}

export interface AtChannelEvents {
  urc: PeiMessage;
  /** A line that is neither a response nor a known result code (logged and dropped). */
  unknown: { line: string };
  garbage: { bytes: number; reason: string };
  /** The stream closed; every queued and outstanding command has been failed. */
  closed: { reason: string };
}

export interface AtChannelOptions {
  clock: Clock;
  logger: Logger;
  commandTimeoutMs: number;
  maxLineBytes: number;
  maxQueue: number;
  /** After a time-out: quiet period (no final result) that must follow the sync probe's answer. */
  syncQuietMs: number;
}

export const AT_CHANNEL_DEFAULTS = {
  commandTimeoutMs: 2000,
  maxLineBytes: 1024,
  maxQueue: 32,
  syncQuietMs: 100,
} as const;

interface Pending {
  cmd: AtCommand;
  resolve: (r: AtResponse) => void;
  reject: (e: Error) => void;
  lines: string[];
  messages: PeiMessage[];
  timer: TimerHandle | null;
  /** The body still waits for the `> ` prompt (awaitPrompt). */
  bodyDue: boolean;
}

type SdsHeader = Extract<PeiMessage, { type: 'CTSDSR' }>;

export class AtChannel {
  readonly #emitter: TypedEmitter<AtChannelEvents>;
  readonly events: Subscribable<AtChannelEvents>;
  readonly #stream: ByteStream;
  readonly #opts: AtChannelOptions;
  readonly #framer: LineFramer;
  readonly #queue: Pending[] = [];
  readonly #unsubscribe: Array<() => void>;
  #current: Pending | null = null;
  #sdsHeader: SdsHeader | null = null;
  #closed: RadioError | null = null;
  #lastRxAt: number;
  /** Set after a time-out: the next command waits for a sync probe. */
  #sync: AtSync | null = null;
  #desynced = false;

  constructor(
    stream: ByteStream,
    options: Partial<AtChannelOptions> & Pick<AtChannelOptions, 'clock' | 'logger'>,
  ) {
    this.#opts = { ...AT_CHANNEL_DEFAULTS, ...options };
    this.#stream = stream;
    this.#framer = new LineFramer({ maxLineBytes: this.#opts.maxLineBytes });
    this.#emitter = new TypedEmitter((event, error) =>
      this.#opts.logger.error({ event, err: error }, 'listener failed'),
    );
    this.events = this.#emitter;
    this.#lastRxAt = this.#opts.clock.now();
    this.#unsubscribe = [
      stream.events.on('data', (bytes) => this.#onData(bytes)),
      stream.events.on('close', ({ reason }) =>
        this.dispose(new RadioError(RadioErrorCodes.LINK_DOWN, reason)),
      ),
    ];
  }

  /** Time of the last byte received (keep-alive). */
  get lastRxAt(): number {
    return this.#lastRxAt;
  }

  /** Bytes the framer holds (bounded by maxLineBytes). */
  get buffered(): number {
    return this.#framer.buffered;
  }

  send(cmd: AtCommand): Promise<AtResponse> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#queue.length >= this.#opts.maxQueue) {
      return Promise.reject(
        new RadioError(RadioErrorCodes.QUEUE_FULL, `${cmd.text}: ${this.#queue.length} commands queued`),
      );
    }
    return new Promise<AtResponse>((resolve, reject) => {
      this.#queue.push({ cmd, resolve, reject, lines: [], messages: [], timer: null, bodyDue: false });
      this.#next();
    });
  }

  /** Fails every command with `error`, releases timers and listeners. The stream is not closed. */
  dispose(error: RadioError = new RadioError(RadioErrorCodes.CLOSED, 'AT channel closed')): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const off of this.#unsubscribe) off();
    const failed = this.#current ? [this.#current, ...this.#queue] : [...this.#queue];
    this.#current = null;
    this.#queue.length = 0;
    this.#sync?.cancel();
    this.#sync = null;
    for (const p of failed) {
      if (p.timer) this.#opts.clock.clearTimeout(p.timer);
      p.reject(new RadioError(error.code, `${p.cmd.text}: ${error.message}`, { cause: error }));
    }
    this.#emitter.emit('closed', { reason: error.message });
    this.#emitter.removeAllListeners();
  }

  #next(): void {
    if (this.#current || this.#sync || this.#closed || this.#queue.length === 0) return;
    if (this.#desynced) {
      this.#probe();
      return;
    }
    const p = this.#queue.shift();
    if (!p) return;
    this.#current = p;
    const ms = p.cmd.timeoutMs ?? this.#opts.commandTimeoutMs;
    p.timer = this.#opts.clock.setTimeout(() => {
      this.#desynced = true;
      this.#finish(
        p,
        new RadioError(RadioErrorCodes.TIMEOUT, `${p.cmd.text}: no final result within ${ms} ms`),
      );
    }, ms);
    if (p.cmd.body === undefined || p.cmd.awaitPrompt) {
      p.bodyDue = p.cmd.body !== undefined;
      this.#stream.write(`${p.cmd.text}\r\n`);
    } else this.#stream.write(`${p.cmd.text}\r\n${p.cmd.body}\x1a`);
  }

  /** Sends the sync probe; a probe that is not answered fails the command that waited for it. */
  #probe(): void {
    const { clock, logger, commandTimeoutMs, syncQuietMs } = this.#opts;
    this.#sync = new AtSync(
      { clock, logger, timeoutMs: commandTimeoutMs, quietMs: syncQuietMs },
      (synced) => {
        this.#sync = null;
        if (synced) this.#desynced = false;
        else {
          const waiting = this.#queue.shift();
          const message = `the terminal did not answer the sync probe within ${commandTimeoutMs} ms`;
          waiting?.reject(new RadioError(RadioErrorCodes.TIMEOUT, `${waiting.cmd.text}: ${message}`));
        }
        this.#next();
      },
    );
    this.#stream.write('AT\r\n');
  }

  #finish(p: Pending, outcome: Error | null): void {
    if (this.#current !== p) return;
    if (p.timer) this.#opts.clock.clearTimeout(p.timer);
    this.#current = null;
    if (outcome) p.reject(outcome);
    else p.resolve({ command: p.cmd.text, lines: p.lines, messages: p.messages });
    this.#next();
  }

  #onData(bytes: Uint8Array): void {
    this.#lastRxAt = this.#opts.clock.now();
    for (const token of this.#framer.push(bytes)) this.#onToken(token);
  }

  #onToken(token: FramerToken): void {
    if (this.#closed) return;
    if (token.kind === 'garbage') {
      this.#opts.logger.warn({ bytes: token.bytes, reason: token.reason }, 'PEI garbage dropped');
      this.#emitter.emit('garbage', { bytes: token.bytes, reason: token.reason });
    } else if (token.kind === 'line') {
      this.#onLine(token.text);
    } else this.#onPrompt();
  }

  /** The prompt: a command that waits for it sends its text now; otherwise the body already went. */
  #onPrompt(): void {
    const p = this.#current;
    if (!p?.bodyDue || p.cmd.body === undefined) return;
    p.bodyDue = false;
    this.#stream.write(`${p.cmd.body}\x1a`);
  }

  #onLine(line: string): void {
    const header = this.#sdsHeader;
    if (header) {
      this.#sdsHeader = null;
      if (isHexPayload(line)) {
        this.#emitter.emit('urc', withSdsPayload(header, line));
        return;
      }
      this.#emitter.emit('urc', withSdsPayload(header, ''));
    }
    const p = this.#current;
    // A prompt that arrived with a line end after it (bytes following it in the same read).
    if (line === '>' && p?.bodyDue) return void this.#onPrompt();
    // Command echo (ATE1, or before ATE0 took effect), including the echoed PDU.
    if (/^AT/i.test(line) || (p?.cmd.body !== undefined && line === p.cmd.body)) return;
    const final = parseFinal(line);
    if (final && this.#sync) return void this.#sync.onFinal(line);
    if (final) {
      if (!p) return void this.#opts.logger.debug({ line }, 'final result with no command outstanding');
      if (final.kind === 'ok') this.#finish(p, null);
      else if (final.kind === 'cme') this.#finish(p, new CmeError(final.n, p.cmd.text));
      else if (final.kind === 'cms') this.#finish(p, new CmsError(final.n, p.cmd.text));
      else this.#finish(p, new RadioError(RadioErrorCodes.COMMAND_ERROR, `${p.cmd.text}: ERROR`));
      return;
    }
    const msg = parsePeiLine(line);
    const isReport = msg?.type === 'CMGS' && msg.status !== null;
    if (p?.cmd.expect && line.startsWith(`${p.cmd.expect}:`) && !isReport) {
      p.lines.push(line);
      if (msg) p.messages.push(msg);
      return;
    }
    if (msg?.type === 'CTSDSR') {
      this.#sdsHeader = msg;
      return;
    }
    if (msg) return void this.#emitter.emit('urc', msg);
    const resync = line.indexOf('+C', 1);
    if (resync > 0 && !line.startsWith('+')) {
      this.#emitter.emit('garbage', { bytes: resync, reason: 'junk before result code' });
      this.#onLine(line.slice(resync));
      return;
    }
    if (p) {
      p.lines.push(line);
      return;
    }
    this.#opts.logger.debug({ line }, 'unknown unsolicited PEI line');
    this.#emitter.emit('unknown', { line });
  }
}
