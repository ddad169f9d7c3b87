/**
 * A simulated GSM/LTE modem that speaks 3GPP TS 27.005 text mode over a ByteStream (a memory
 * pair or a pty), so the real SMS adapter and its parser run against the same bytes a modem
 * sends: `> ` after AT+CMGS, the text up to Ctrl-Z, `+CMGS: <mr>`, and later the status report
 * `+CDS: …` when AT+CNMI asked for them. It decodes what it receives (GSM codes or UCS2 hex,
 * after AT+CSCS) so a test can read the text a phone would show.
 */

import type { ByteStream } from '../../adapters/radio/byte-stream.js';
import { decodeGsm, fromUcs2Hex } from '../../adapters/sms/encoding.js';

export interface ReceivedSms {
  to: string;
  text: string;
  dcs: number;
  mr: number;
}

export class SimulatedModem {
  /** Every SMS the network accepted, decoded. */
  readonly received: ReceivedSms[] = [];
  /** Numbers whose phones are off for good: the report says TP-Status 70 (permanent). */
  readonly unreachable = new Set<string>();
  /** Numbers the network refuses at once: `+CMS ERROR: 21` (short message rejected). */
  readonly refused = new Set<string>();
  /** When false, the network sends no status reports (the message stays `sent`). */
  reports = true;
  readonly #stream: ByteStream;
  readonly #reportDelayMs: number;
  #buffer = '';
  #body: { to: string; started: boolean } | null = null;
  #charset = 'GSM';
  #dcs = 0;
  #reportsOn = false;
  #mr = 0;
  #echo = true;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(stream: ByteStream, options: { reportDelayMs?: number } = {}) {
    this.#stream = stream;
    this.#reportDelayMs = options.reportDelayMs ?? 20;
    stream.events.on('data', (bytes) => this.#onData(bytes));
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #onData(bytes: Uint8Array): void {
    // Byte by byte: a GSM text holds codes below 0x20 that must not be read as line ends.
    for (const byte of bytes) {
      const ch = String.fromCharCode(byte);
      if (this.#body) {
        // The LF of the command line's CR LF is not text (ITU-T V.250 §5.2.1: only CR ends the line).
        if (this.#buffer === '' && byte === 0x0a && !this.#body.started) {
          this.#body.started = true;
          continue;
        }
        this.#body.started = true;
        if (byte === 0x1a) this.#submit(this.#body.to, this.#buffer);
        else if (byte === 0x1b)
          this.#reply('OK'); // ESC cancels the message (27.005 §3.5.1)
        else {
          this.#buffer += ch;
          continue;
        }
        this.#body = null;
        this.#buffer = '';
      } else if (ch === '\r' || ch === '\n') {
        const line = this.#buffer.trim();
        this.#buffer = '';
        if (line !== '') this.#command(line);
      } else this.#buffer += ch;
    }
  }

  #command(line: string): void {
    if (this.#echo) this.#write(`${line}\r\n`);
    const cmgs = /^AT\+CMGS="([^"]+)"$/i.exec(line);
    if (cmgs?.[1]) {
      const to = this.#charset === 'UCS2' ? fromUcs2Hex(cmgs[1]) : cmgs[1];
      this.#body = { to, started: false };
      this.#write('\r\n> ');
      return;
    }
    const cscs = /^AT\+CSCS="(GSM|UCS2|IRA)"$/i.exec(line);
    const csmp = /^AT\+CSMP=\d+,\d+,\d+,(\d+)$/i.exec(line);
    if (/^ATE0$/i.test(line)) this.#echo = false;
    else if (cscs?.[1]) this.#charset = cscs[1].toUpperCase();
    else if (csmp?.[1]) this.#dcs = Number(csmp[1]);
    else if (/^AT\+CNMI=\d,\d,\d,(\d),\d$/i.test(line)) this.#reportsOn = line.split(',')[3] === '1';
    else if (!/^AT(\+CMGF=1)?$/i.test(line)) {
      this.#reply('ERROR');
      return;
    }
    this.#reply('OK');
  }

  #submit(to: string, raw: string): void {
    if (this.refused.has(to)) {
      this.#reply('+CMS ERROR: 21');
      return;
    }
    this.#mr = (this.#mr + 1) % 256;
    const mr = this.#mr;
    const text = this.#charset === 'UCS2' ? fromUcs2Hex(raw) : decodeGsm(raw);
    this.received.push({ to, text, dcs: this.#dcs, mr });
    this.#write(`\r\n+CMGS: ${mr}\r\n\r\nOK\r\n`);
    if (!this.#reportsOn || !this.reports) return;
    const st = this.unreachable.has(to) ? 70 : 0;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#write(`\r\n+CDS: 6,${mr},"${to}",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",${st}\r\n`);
    }, this.#reportDelayMs);
    this.#timers.add(timer);
  }

  #reply(result: string): void {
    this.#write(`\r\n${result}\r\n`);
  }

  #write(text: string): void {
    if (this.#stream.isOpen) this.#stream.write(text);
  }
}
