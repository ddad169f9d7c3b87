/**
 * FreeSWITCH's inbound event socket as drachtio-modesl's Connection presents it (MediaServer#conn).
 * `subscribe` is `event json <names>`, which mod_event_socket applies additively: a name sets its
 * event type, `ALL` sets every type and subclass, and every name after `CUSTOM` is read as a
 * subclass (so CUSTOM must come last). An event reaches the connection only if its type is set —
 * and, for CUSTOM, its subclass too (mod_event_socket event_handler). modesl emits it as
 * `esl::event::<Event-Name>::<Unique-ID>`; CUSTOM events keep the Event-Name CUSTOM.
 */
import { EventEmitter } from 'node:events';
import type { EslConnectionLike, EslEvent } from '../../../../gateway/telephony/drachtio-types.js';

export class FakeEslEvent implements EslEvent {
  constructor(
    readonly headers: Readonly<Record<string, string>>,
    readonly body = '',
  ) {}
  getHeader(name: string): string | undefined {
    return this.headers[name];
  }
  getBody(): string {
    return this.body;
  }
}

/** An api() reply as fsmrf hands it over: an event whose body is the reply text. */
export function eslBody(body: string): EslEvent {
  return new FakeEslEvent({}, body);
}

export class FakeEslConnection extends EventEmitter implements EslConnectionLike {
  /** Every `event json …` command sent, in order (what the adapter asked for). */
  readonly commands: string[] = [];
  readonly #types = new Set<string>();
  readonly #subclasses = new Set<string>();
  #all = false;
  readonly #open: () => boolean;

  /** `open`: whether the socket is still up (a closed one sends and receives nothing). */
  constructor(open: () => boolean) {
    super();
    this.#open = open;
  }

  subscribe(events: string[]): void {
    if (!this.#open()) return;
    const words = events.join(' ').split(/\s+/).filter(Boolean);
    this.commands.push(`event json ${words.join(' ')}`);
    let custom = false;
    for (const word of words) {
      if (custom) this.#subclasses.add(word);
      else if (word.toUpperCase() === 'ALL') this.#all = true;
      else {
        this.#types.add(word.toUpperCase());
        if (word.toUpperCase() === 'CUSTOM') custom = true;
      }
    }
  }

  /** Whether FreeSWITCH would send `evt` on this connection. */
  receives(evt: EslEvent): boolean {
    if (this.#all) return true;
    const name = evt.getHeader('Event-Name') ?? '';
    if (!this.#types.has(name)) return false;
    return name !== 'CUSTOM' || this.#subclasses.has(evt.getHeader('Event-Subclass') ?? '');
  }

  /** FreeSWITCH fired `evt`: modesl emits it if this connection subscribed to it. */
  deliver(evt: EslEvent): void {
    if (!this.#open() || !this.receives(evt)) return;
    this.emit(`esl::event::${evt.getHeader('Event-Name')}::${evt.getHeader('Unique-ID')}`, evt);
  }
}
