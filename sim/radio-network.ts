/**
 * The simulated TETRA network behind SimRadioTerminal: subscribers by ISSI, each reachable or
 * not (terminal switched off, out of coverage), and what each one's radio has received by SDS.
 * Shared by every simulated gateway terminal, as the real RAKEL network is.
 */
import { CoreErrorCodes, NotFoundError } from '../bridge/errors.js';

/** Bounds each inbox: a long-running demo must not grow memory without limit. */
export const MAX_INBOX = 100;

interface Subscriber {
  reachable: boolean;
  inbox: string[];
}

export class SimRadioNetwork {
  readonly #subscribers = new Map<string, Subscriber>();

  constructor(issis: readonly string[] = []) {
    for (const issi of issis) this.register(issi);
  }

  /** Add a subscriber (reachable); registering an existing ISSI keeps its state. */
  register(issi: string): void {
    if (!this.#subscribers.has(issi)) this.#subscribers.set(issi, { reachable: true, inbox: [] });
  }

  has(issi: string): boolean {
    return this.#subscribers.has(issi);
  }

  /** False for an unknown ISSI as well. */
  isReachable(issi: string): boolean {
    return this.#subscribers.get(issi)?.reachable ?? false;
  }

  /** @throws NotFoundError for an ISSI the network does not know */
  setReachable(issi: string, reachable: boolean): void {
    this.#subscriber(issi).reachable = reachable;
  }

  /** The subscriber's radio received an SDS (only called for a reachable subscriber). */
  deliver(issi: string, text: string): void {
    const inbox = this.#subscriber(issi).inbox;
    inbox.push(text);
    if (inbox.length > MAX_INBOX) inbox.shift();
  }

  /** SDS texts the subscriber's radio received, oldest first; empty for an unknown ISSI. */
  inbox(issi: string): string[] {
    return [...(this.#subscribers.get(issi)?.inbox ?? [])];
  }

  #subscriber(issi: string): Subscriber {
    const subscriber = this.#subscribers.get(issi);
    if (!subscriber) throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown ISSI "${issi}"`);
    return subscriber;
  }
}
