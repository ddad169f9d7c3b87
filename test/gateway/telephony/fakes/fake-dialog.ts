/**
 * A SIP dialog as drachtio-srf's lib/dialog.js behaves: `destroy()` sends BYE, resolves, and
 * removes every listener without emitting anything locally; 'destroy' is emitted only when
 * the far end sends BYE (farEndHangup), after which the dialog is gone as well.
 */
import { EventEmitter } from 'node:events';
import type { SipDialog } from '../../../../gateway/telephony/drachtio-types.js';

let nextId = 1;

export class FakeDialog extends EventEmitter implements SipDialog {
  readonly sip: { callId: string };
  readonly local: { sdp: string };
  readonly remote: { sdp: string };
  /** 'uac' = we sent the INVITE; 'uas' = we answered one. */
  readonly type: 'uac' | 'uas';
  connected = true;
  byeSent = false;
  #onLocalBye: () => void;

  constructor(type: 'uac' | 'uas', localSdp: string, remoteSdp: string, onLocalBye: () => void = () => {}) {
    super();
    this.type = type;
    this.sip = { callId: `fake-call-${nextId++}@samband.test` };
    this.local = { sdp: localSdp };
    this.remote = { sdp: remoteSdp };
    this.#onLocalBye = onLocalBye;
  }

  destroy(): Promise<unknown> {
    if (!this.connected) {
      // The real dialog has no id on the stack any more: the BYE request fails.
      return Promise.reject(new Error('dialog already destroyed'));
    }
    this.connected = false;
    this.byeSent = true;
    this.removeAllListeners();
    this.#onLocalBye();
    return Promise.resolve({ method: 'BYE' });
  }

  /** The far end sent BYE. */
  farEndHangup(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('destroy', { method: 'BYE' }, 'normal');
    this.removeAllListeners();
  }
}
