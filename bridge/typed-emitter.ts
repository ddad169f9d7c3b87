/**
 * A small typed event emitter. Listeners that throw are isolated so that one faulty consumer
 * (an MQTT publisher, an SSE stream) can never break the core's state transitions.
 */
// `object` rather than an index signature so that interfaces can serve as event maps.
export type EventMap = object;
export type Listener<T> = (payload: T) => void;

export interface Subscribable<E extends EventMap> {
  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void;
  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): void;
}

export class TypedEmitter<E extends EventMap> implements Subscribable<E> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();
  readonly #onListenerError: (event: string, error: unknown) => void;

  constructor(onListenerError: (event: string, error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<E[K]>)(payload);
      } catch (error) {
        this.#onListenerError(event, error);
      }
    }
  }

  listenerCount(event: keyof E & string): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
