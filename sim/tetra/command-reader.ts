/**
 * Splits what the gateway writes to a terminal into AT command lines. `AT+CMGS=…` is followed
 * by a hex PDU ended by Ctrl-Z, delivered as the command's body. Bounded like the adapter's framer.
 */
export interface ReadCommand {
  line: string;
  body?: string;
}

const MAX = 4096;

export class CommandReader {
  #line = '';
  #body: string | null = null;
  #pending: string | null = null;

  push(chunk: Uint8Array): ReadCommand[] {
    const out: ReadCommand[] = [];
    for (const byte of chunk) {
      if (this.#body !== null) {
        if (byte === 0x1a) {
          out.push({ line: this.#pending ?? '', body: this.#body.trim() });
          this.#body = null;
          this.#pending = null;
        } else if (this.#body.length < MAX) this.#body += String.fromCharCode(byte);
        continue;
      }
      if (byte === 0x0d || byte === 0x0a) {
        const line = this.#line.trim();
        this.#line = '';
        if (line === '') continue;
        if (/^AT\+CMGS=/i.test(line)) {
          this.#pending = line;
          this.#body = '';
        } else out.push({ line });
        continue;
      }
      if (this.#line.length < MAX) this.#line += String.fromCharCode(byte);
    }
    return out;
  }
}
