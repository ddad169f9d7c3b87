/**
 * The gateway process that owns a set of library objects (Srf, MediaServer, fsmrf Endpoint, srf
 * Dialog). In a test the "dead" adapter is still live JavaScript: its pending promises would run
 * on and call the fakes. So when the process dies every object it owns goes silent — listeners
 * removed, nothing emitted, calls and pending replies never settle — while the servers' state
 * (drachtio-server's dialogs, FreeSWITCH's channels and rooms) lives on in the world.
 */
export class FakeProcess {
  alive = true;
  readonly #exits: (() => void)[] = [];

  /** Runs `fn` when the process dies (its sockets close). */
  atExit(fn: () => void): void {
    if (!this.alive) fn();
    else this.#exits.push(fn);
  }

  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const fn of this.#exits.splice(0)) fn();
  }
}

/** What a dead process gets back from any call: nothing, ever. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
