/**
 * A TypedEmitter whose chosen events behave like retained MQTT messages: the last value is
 * delivered to every new listener at subscription, synchronously. Adapter availability and
 * radio status are states, not moments, so a consumer that subscribes late (the core is often
 * wired after the adapters are built) must still learn them without racing construction.
 */
import { type EventMap, type Listener, TypedEmitter } from './typed-emitter.js';

export class RetainedEmitter<E extends EventMap> extends TypedEmitter<E> {
  readonly #retained = new Map<keyof E, unknown>();
  readonly #onError: (event: string, error: unknown) => void;

  constructor(onListenerError: (event: string, error: unknown) => void = () => {}) {
    super(onListenerError);
    this.#onError = onListenerError;
  }

  /** Emit and remember the payload for listeners that subscribe later. */
  retain<K extends keyof E & string>(event: K, payload: E[K]): void {
    this.#retained.set(event, payload);
    this.emit(event, payload);
  }

  override on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void {
    const off = super.on(event, listener);
    if (this.#retained.has(event)) {
      try {
        listener(this.#retained.get(event) as E[K]);
      } catch (error) {
        this.#onError(event, error);
      }
    }
    return off;
  }
}
