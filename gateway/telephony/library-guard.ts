/**
 * Nothing from a library callback may end the process (DESIGN §5). drachtio-srf 5.0.x and
 * drachtio-fsmrf 4.1.x run code outside any promise the adapter awaits — timers, socket data
 * handlers, event emissions — and each place where that code can throw is contained here, where
 * it starts, rather than by a process-wide handler that would hide every other bug:
 *
 * 1. fsmrf `MediaServer#createEndpoint` (lib/mediaserver.js, `timeoutFn`): when FreeSWITCH's
 *    outbound socket does not arrive within 4 s it calls `dialog.destroy()` and drops the promise.
 *    A BYE that cannot be sent — drachtio's socket gone (`ESOCKETDESTROYED`), dialog gone
 *    (`ENODIALOG`) — rejects unobserved and Node ends the process (seen at 300 calls). So every
 *    dialog srf creates for us or for fsmrf gets a `destroy()` whose promise is always observed;
 *    callers who await it still see the rejection.
 * 2. fsmrf `MediaServer`'s constructor throws inside its `sofia status` reply callback when the
 *    `drachtio_mrf` profile is not loaded (FreeSWITCH still starting): see mrf-connect.ts, which
 *    delivers event-socket replies through `contained`.
 * 3. drachtio-srf's wire protocol rethrows whatever a message handler throws (wire-protocol.js,
 *    `else throw err` in client mode) and drachtio-modesl emits events from its socket's data
 *    handler: an INVITE handler or a dialog/endpoint listener of ours that threw would end the
 *    process. Every handler the adapter gives a library runs through `contained`.
 */
import type { Logger } from '../../bridge/ports.js';
import type { SipDialog, SrfLike } from './drachtio-types.js';

/** `fn` as a library callback: whatever it throws is logged and goes no further. */
export function contained<A extends unknown[]>(
  logger: Logger,
  what: string,
  fn: (...args: A) => unknown,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch((err: unknown) => reportContained(logger, what, err));
    } catch (err) {
      reportContained(logger, what, err);
    }
  };
}

/**
 * Makes every dialog `srf` creates (createUAC, createUAS — also those fsmrf creates through it,
 * since fsmrf is handed this same Srf) safe to destroy and forget. Returns `srf`.
 */
export function containDialogs(srf: SrfLike, logger: Logger): SrfLike {
  const log = logger.child({ guard: 'dialog-destroy' });
  srf.createUAC = guardCreate(srf, srf.createUAC, log);
  srf.createUAS = guardCreate(srf, srf.createUAS, log);
  return srf;
}

type Creator<A extends unknown[]> = (...args: A) => Promise<SipDialog>;
type DialogCallback = (err: unknown, dialog?: SipDialog) => void;

/**
 * Both of srf's calling styles: the promise (what this adapter and fsmrf's createEndpoint use) and
 * a trailing node-style callback (fsmrf's connectCaller for SRTP), whose dialog is guarded too.
 */
function guardCreate<A extends unknown[]>(srf: SrfLike, create: Creator<A>, logger: Logger): Creator<A> {
  const original = create.bind(srf) as (...args: unknown[]) => Promise<SipDialog>;
  return (...args: A) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as DialogCallback;
      const guarded: DialogCallback = (err, dialog) =>
        callback(err, dialog ? observedDestroy(dialog, logger) : dialog);
      return original(...args.slice(0, -1), guarded);
    }
    return original(...args).then((dialog) => observedDestroy(dialog, logger));
  };
}

function observedDestroy(dialog: SipDialog, logger: Logger): SipDialog {
  const destroy = dialog.destroy.bind(dialog);
  dialog.destroy = () => {
    let sending: Promise<unknown>;
    try {
      sending = destroy();
    } catch (err) {
      sending = Promise.reject(err);
    }
    // A second handler: the promise counts as observed even when the caller drops it (fsmrf).
    sending.catch((err: unknown) =>
      logger.debug({ dialogId: dialog.id, err: describeError(err) }, 'BYE not sent: dialog already gone'),
    );
    return sending;
  };
  return dialog;
}

function reportContained(logger: Logger, what: string, err: unknown): void {
  logger.error({ err: describeError(err), where: what }, 'library callback threw: contained');
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}
