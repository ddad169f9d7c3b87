/**
 * Pure line framing of the terminal's byte stream (V.250 §5.7.1: responses are framed by
 * CR LF, but terminals differ: bare CR, bare LF, LF CR, and joined or split lines all occur).
 * Any of CR, LF or Ctrl-Z ends a line; empty lines vanish. Bytes outside printable ASCII are
 * dropped and counted as garbage. A line longer than `maxLineBytes` is discarded up to its
 * terminator, so the framer never holds more than `maxLineBytes` bytes, whatever arrives.
 */
export type FramerToken =
  | { kind: 'line'; text: string }
  /** The `> ` prompt some terminals send after `AT+CMGS=…` before the PDU. */
  | { kind: 'prompt' }
  | { kind: 'garbage'; bytes: number; reason: 'non-printable' | 'over-long' };

export interface LineFramerOptions {
  maxLineBytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024;

const CR = 0x0d;
const LF = 0x0a;
const CTRL_Z = 0x1a;

export class LineFramer {
  readonly #max: number;
  #buf: Uint8Array;
  #len = 0;
  /** Discarding the rest of an over-long line until its terminator. */
  #discarding = false;
  #discarded = 0;

  constructor(options: Partial<LineFramerOptions> = {}) {
    this.#max = Math.max(8, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    this.#buf = new Uint8Array(this.#max);
  }

  /** Bytes currently held (bounded by maxLineBytes). */
  get buffered(): number {
    return this.#len;
  }

  /** Feeds a chunk; returns the tokens it completes, in order. */
  push(chunk: Uint8Array): FramerToken[] {
    const out: FramerToken[] = [];
    let nonPrintable = 0;
    for (const byte of chunk) {
      if (byte === CR || byte === LF || byte === CTRL_Z) {
        this.#endLine(out);
        continue;
      }
      if (byte < 0x20 || byte > 0x7e) {
        nonPrintable++;
        continue;
      }
      if (this.#discarding) {
        this.#discarded++;
        continue;
      }
      if (this.#len >= this.#max) {
        this.#discarding = true;
        this.#discarded = this.#len + 1;
        this.#len = 0;
        continue;
      }
      this.#buf[this.#len++] = byte;
    }
    if (nonPrintable > 0) out.push({ kind: 'garbage', bytes: nonPrintable, reason: 'non-printable' });
    this.#checkPrompt(out);
    return out;
  }

  /** Forgets any partial line (e.g. after the port reopened). */
  reset(): void {
    this.#len = 0;
    this.#discarding = false;
    this.#discarded = 0;
  }

  #endLine(out: FramerToken[]): void {
    if (this.#discarding) {
      out.push({ kind: 'garbage', bytes: this.#discarded, reason: 'over-long' });
      this.#discarding = false;
      this.#discarded = 0;
      return;
    }
    if (this.#len === 0) return;
    const text = String.fromCharCode(...this.#buf.subarray(0, this.#len)).trim();
    this.#len = 0;
    if (text.length > 0) out.push({ kind: 'line', text });
  }

  /** A lone `>` (optionally followed by a space) at the start of a line is the PDU prompt. */
  #checkPrompt(out: FramerToken[]): void {
    if (this.#discarding || this.#len === 0 || this.#len > 2) return;
    if (this.#buf[0] !== 0x3e) return;
    if (this.#len === 2 && this.#buf[1] !== 0x20) return;
    this.#len = 0;
    out.push({ kind: 'prompt' });
  }
}
