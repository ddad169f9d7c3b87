/**
 * Helpers shared by the contract suites. They drive time only through the harness's
 * `advance`, so the same suite runs in fake time (simulator) and in real time (an adapter
 * against sipp or a PEI simulator, where `advance` simply sleeps).
 */

/** Lets time pass until `promise` settles, or fails the test after `withinMs`. */
export async function settle<T>(
  promise: Promise<T>,
  advance: (ms: number) => Promise<void>,
  withinMs: number,
  stepMs = 50,
): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  // Keep an early rejection from being reported as unhandled while we are still advancing.
  watched.catch(() => {});
  for (let waited = 0; !done && waited < withinMs; waited += stepMs) await advance(stepMs);
  if (!done) throw new Error(`did not settle within ${withinMs} ms`);
  return watched;
}

/** Records every emission of the events it is attached to, in order. */
export class EventLog<E extends object> {
  readonly entries: { event: keyof E & string; payload: E[keyof E] }[] = [];
  readonly #offs: (() => void)[] = [];

  constructor(
    source: { on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): () => void },
    events: readonly (keyof E & string)[],
  ) {
    for (const event of events) {
      this.#offs.push(source.on(event, (payload) => this.entries.push({ event, payload })));
    }
  }

  names(): string[] {
    return this.entries.map((e) => e.event);
  }

  of<K extends keyof E & string>(event: K): E[K][] {
    return this.entries.filter((e) => e.event === event).map((e) => e.payload as E[K]);
  }

  detach(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
