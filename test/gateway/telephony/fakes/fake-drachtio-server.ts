/**
 * drachtio-server: one per FakeBackend, shared by every Srf that connects to it (a restarted
 * gateway connects a fresh one). It holds the dialog table, so dialogs outlive the app that
 * created them, and it sends a request inside any dialog it holds for any app, by dialog id,
 * without checking which app created it (SipDialogController::doSendRequestInsideDialog).
 */
import type { FakeDialog } from './fake-dialog.js';

/** The text and code drachtio-srf rejects with when drachtio-server has no such dialog. */
export const NO_DIALOG_REASON = 'Server error: unable to find dialog for dialog id provided';

export class FakeDrachtioServer {
  /** 'frozen' = TCP stays up but nothing answers. */
  state: 'up' | 'down' | 'frozen' = 'up';
  /** Every dialog drachtio-server holds, by id — phone calls and fsmrf's dialogs with FreeSWITCH. */
  readonly dialogs = new Map<string, FakeDialog>();
  /** Requests apps sent inside dialogs by id, in order (including refused ones). */
  readonly inDialogRequests: { method: string; stackDialogId: string }[] = [];

  constructor(public secret: string) {}

  /** Dialogs with phones still up (what a leak check counts). */
  phoneDialogs(): FakeDialog[] {
    return [...this.dialogs.values()].filter((d) => d.farEnd === 'phone');
  }

  /**
   * An app's `request('sip:placeholder', {method, stackDialogId})`. A BYE ends the dialog towards the far end
   * exactly as that dialog's own destroy() would; other methods are sent and change nothing.
   */
  sendInDialog(method: string, stackDialogId: string): Promise<unknown> {
    this.inDialogRequests.push({ method, stackDialogId });
    const dialog = this.dialogs.get(stackDialogId);
    if (!dialog) {
      const err = Object.assign(new Error(NO_DIALOG_REASON), { code: 'ENODIALOG' });
      return Promise.reject(err);
    }
    if (method.toUpperCase() === 'BYE') dialog.byeById();
    return Promise.resolve({ method: method.toUpperCase(), stackDialogId });
  }
}
