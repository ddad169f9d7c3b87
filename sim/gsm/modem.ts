/**
 * A simulated GSM/LTE modem that speaks 3GPP TS 27.005 text mode over a ByteStream (a memory
 * pair or a pty), so the real SMS adapter and its parser run against the same bytes a modem
 * sends: `> ` after AT+CMGS (text sent before the prompt is lost, as on a real modem), the text
 * up to Ctrl-Z, `+CMGS: <mr>`, later the status report `+CDS: …` when AT+CNMI asked for them;
 * messages from phones are stored and announced with `+CMTI`, read with AT+CMGR / AT+CMGL and
 * deleted with AT+CMGD. It decodes what it receives (GSM codes or UCS2 hex, after AT+CSCS) so a
 * test can read the text a phone would show. `attach` takes a new stream after a reopen.
 */

import type { ByteStream } from '../../adapters/radio/byte-stream.js';
import { decodeGsm, fromUcs2Hex, ucs2Hex } from '../../adapters/sms/encoding.js';

export interface ReceivedSms {
  to: string;
  text: string;
  dcs: number;
  mr: number;
}

interface StoredSms {
  from: string;
  text: string;
  read: boolean;
}

const ALL = new Set(['ALL', '0041004C004C']);

export class SimulatedModem {
  /** Every SMS the network accepted, decoded. */
  readonly received: ReceivedSms[] = [];
  /** Numbers whose phones are off for good: the report says TP-Status 70 (permanent). */
  readonly unreachable = new Set<string>();
  /** Numbers the network refuses at once: `+CMS ERROR: 21` (short message rejected). */
  readonly refused = new Set<string>();
  /**
   * Phones out of coverage: the centre keeps their messages and reports delivery only once the
   * phone is back (setCoverage).
   */
  readonly #outOfCoverage = new Map<string, number[]>();
  /** When false, the network sends no status reports (the message stays `sent`). */
  reports = true;
  /** Told of every SMS the network accepted (the simulated phone's owner may answer it). */
  onAccepted: ((sms: ReceivedSms) => void) | null = null;
  #stream: ByteStream | null = null;
  #off: (() => void) | null = null;
  readonly #reportDelayMs: number;
  #buffer = '';
  #body: { to: string; started: boolean } | null = null;
  #charset = 'GSM';
  #dcs = 0;
  #reportsOn = false;
  #mr = 0;
  #echo = true;
  readonly #store = new Map<number, StoredSms>();
  #nextIndex = 1;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #held: string[] = [];

  constructor(stream: ByteStream | null, options: { reportDelayMs?: number } = {}) {
    this.#reportDelayMs = options.reportDelayMs ?? 20;
    if (stream) this.attach(stream);
  }

  /** Talks on `stream` from now on (a reopened port starts with echo on, as after power-up). */
  attach(stream: ByteStream): void {
    this.#off?.();
    this.#stream = stream;
    this.#buffer = '';
    this.#body = null;
    this.#echo = true;
    this.#reportsOn = false;
    this.#off = stream.events.on('data', (bytes) => this.#onData(bytes));
  }

  /** A phone sends the gateway an SMS: stored in the modem's memory and announced with +CMTI. */
  deliver(from: string, text: string): void {
    const index = this.#nextIndex++;
    this.#store.set(index, { from, text, read: false });
    this.#unsolicited(`\r\n+CMTI: "SM",${index}\r\n`);
  }

  /** Messages waiting in the modem's memory (not yet deleted by the adapter). */
  get stored(): number {
    return this.#store.size;
  }

  /** Puts a phone out of coverage, or back: then the reports held for it come. */
  setCoverage(number: string, inCoverage: boolean): void {
    if (!inCoverage) {
      if (!this.#outOfCoverage.has(number)) this.#outOfCoverage.set(number, []);
      return;
    }
    const held = this.#outOfCoverage.get(number) ?? [];
    this.#outOfCoverage.delete(number);
    for (const mr of held) this.#report(number, mr, 0);
  }

  inCoverage(number: string): boolean {
    return !this.#outOfCoverage.has(number);
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#off?.();
    this.#off = null;
  }

  #onData(bytes: Uint8Array): void {
    // Byte by byte: a GSM text holds codes below 0x20 that must not be read as line ends.
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i] as number;
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
        for (const text of this.#held.splice(0)) this.#write(text);
      } else if (ch === '\r' || ch === '\n') {
        const line = this.#buffer.trim();
        this.#buffer = '';
        if (line === '') continue;
        this.#command(line);
        // What was already on the wire with AT+CMGS came before the prompt: a modem drops it.
        // TS narrowed #body to null above; #command may have opened one.
        const opened = this.#body as { started: boolean } | null;
        if (opened) {
          // Its own LF may still follow in the next chunk; then it is skipped there.
          opened.started = bytes[i + 1] === 0x0a;
          return;
        }
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
    const cmgr = /^AT\+CMGR=(\d+)$/i.exec(line);
    const cmgd = /^AT\+CMGD=(\d+)$/i.exec(line);
    const cmgl = /^AT\+CMGL="([^"]*)"$/i.exec(line);
    if (/^ATE0$/i.test(line)) this.#echo = false;
    else if (cscs?.[1]) this.#charset = cscs[1].toUpperCase();
    else if (csmp?.[1]) this.#dcs = Number(csmp[1]);
    else if (/^AT\+CNMI=\d,\d,\d,(\d),\d$/i.test(line)) this.#reportsOn = line.split(',')[3] === '1';
    else if (/^AT\+CSQ$/i.test(line)) this.#write('\r\n+CSQ: 21,99\r\n');
    else if (/^AT\+CREG\?$/i.test(line)) this.#write('\r\n+CREG: 0,1\r\n');
    else if (cmgr?.[1]) {
      const sms = this.#store.get(Number(cmgr[1]));
      if (!sms) {
        this.#reply('+CMS ERROR: 321');
        return;
      }
      this.#write(`\r\n+CMGR: "${sms.read ? 'REC READ' : 'REC UNREAD'}",${this.#message(sms)}\r\n`);
      sms.read = true;
    } else if (cmgd?.[1]) this.#store.delete(Number(cmgd[1]));
    else if (cmgl && ALL.has(cmgl[1] ?? '')) {
      for (const [index, sms] of this.#store) {
        this.#write(
          `\r\n+CMGL: ${index},"${sms.read ? 'REC READ' : 'REC UNREAD'}",${this.#message(sms)}\r\n`,
        );
        sms.read = true;
      }
    } else if (!/^AT(\+CMGF=1)?$/i.test(line)) {
      this.#reply('ERROR');
      return;
    }
    this.#reply('OK');
  }

  /** `<oa>,,<scts>` CR LF `<text>` in the current charset. */
  #message(sms: StoredSms): string {
    const enc = (s: string) => (this.#charset === 'UCS2' ? ucs2Hex(s) : s);
    return `"${enc(sms.from)}",,"26/12/08,03:14:00+04"\r\n${enc(sms.text)}`;
  }

  #submit(to: string, raw: string): void {
    if (this.refused.has(to)) {
      this.#reply('+CMS ERROR: 21');
      return;
    }
    this.#mr = (this.#mr + 1) % 256;
    const mr = this.#mr;
    const text = this.#charset === 'UCS2' ? fromUcs2Hex(raw) : decodeGsm(raw);
    const sms = { to, text, dcs: this.#dcs, mr };
    this.received.push(sms);
    this.#write(`\r\n+CMGS: ${mr}\r\n\r\nOK\r\n`);
    this.onAccepted?.(sms);
    if (!this.#reportsOn || !this.reports) return;
    const held = this.#outOfCoverage.get(to);
    if (held) held.push(mr);
    else this.#report(to, mr, this.unreachable.has(to) ? 70 : 0);
  }

  #report(to: string, mr: number, st: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#unsolicited(
        `\r\n+CDS: 6,${mr},"${to}",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",${st}\r\n`,
      );
    }, this.#reportDelayMs);
    this.#timers.add(timer);
  }

  #reply(result: string): void {
    this.#write(`\r\n${result}\r\n`);
  }

  #write(text: string): void {
    if (this.#stream?.isOpen) this.#stream.write(text);
  }

  /**
   * A result code that comes on its own (+CDS, +CMTI): held while the adapter is typing a message
   * after the prompt (AT+CNMI <mode> 2 buffers them while the link is reserved), sent after.
   */
  #unsolicited(text: string): void {
    if (this.#body) this.#held.push(text);
    else this.#write(text);
  }
}
