/**
 * While a call is being set up (prompt, PIN, join), the far end may hang up or FreeSWITCH may
 * drop the channel. The guard turns either into a rejection so every step can be raced against
 * it, and remembers what is already gone so clean-up does not wait for it.
 */
import type { EndpointLike, SipDialog } from './drachtio-types.js';

export class HungUpError extends Error {
  constructor(readonly side: 'caller' | 'media-server') {
    super(side === 'caller' ? 'caller hung up during set-up' : 'FreeSWITCH ended the channel during set-up');
    this.name = 'HungUpError';
  }
}

export class SetupGuard {
  readonly #detach: (() => void)[] = [];
  readonly #gone: Promise<never>;
  #reject: (error: Error) => void = () => {};
  dialogGone = false;
  endpointGone = false;

  constructor(endpoint: EndpointLike, dialog?: SipDialog) {
    this.#gone = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.#gone.catch(() => {});
    const onEndpoint = () => {
      this.endpointGone = true;
      this.#reject(new HungUpError('media-server'));
    };
    endpoint.on('destroy', onEndpoint);
    this.#detach.push(() => endpoint.removeListener('destroy', onEndpoint));
    if (dialog) this.watchDialog(dialog);
  }

  /** Also watch the caller's dialog once it exists (call-out: after the answer). */
  watchDialog(dialog: SipDialog): void {
    const onBye = () => {
      this.dialogGone = true;
      this.#reject(new HungUpError('caller'));
    };
    dialog.on('destroy', onBye);
    this.#detach.push(() => dialog.removeListener('destroy', onBye));
  }

  /** Resolves with `step`, or rejects as soon as either side hangs up. */
  race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.#gone]);
  }

  dispose(): void {
    for (const off of this.#detach.splice(0)) off();
  }
}
