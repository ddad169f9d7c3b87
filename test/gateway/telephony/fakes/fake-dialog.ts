/**
 * A SIP dialog: drachtio-srf's lib/dialog.js object and drachtio-server's record of it in one.
 * As the srf object: `destroy()` sends BYE, resolves, and removes every listener without
 * emitting anything locally; 'destroy' is emitted only when the far end sends BYE
 * (farEndHangup). As drachtio-server's record: it sits in the server's dialog table under its
 * `id` (`<Call-ID>;from-tag=<tag>`, sip-dialog.hpp) until a BYE ends it, and outlives the app
 * that created it — a far-end BYE then gets 481 and no app is told (sip-dialog-controller.cpp).
 */
import { EventEmitter } from 'node:events';
import type { SipDialog } from '../../../../gateway/telephony/drachtio-types.js';
import { type FakeProcess, never } from './fake-process.js';

/** 'bye-sent': an app's BYE went to the far end (which hangs up); 'bye-received': the far end's. */
export type DialogEnd = 'bye-sent' | 'bye-received';

export interface DialogOptions {
  /** The gateway process whose srf (or fsmrf) created the dialog. */
  owner: FakeProcess;
  /** drachtio-server's dialog table, shared by every app connected to it. */
  table: Map<string, FakeDialog>;
  /** 'phone': a call with a phone; 'freeswitch': fsmrf's own dialog with a FreeSWITCH channel. */
  farEnd: 'phone' | 'freeswitch';
  /** The far end's side of the ending (the phone hears BYE, FreeSWITCH hangs the channel up). */
  onEnd?: (how: DialogEnd) => void;
  /** The owning Srf's control socket is up; without it a BYE cannot be sent. */
  linkUp?: () => boolean;
}

/** drachtio-agent.js `_makeRequest` on a destroyed socket (what Dialog#destroy rejects with). */
export function socketDestroyedError(): Error {
  return Object.assign(new Error('provided socket has been destroyed'), { code: 'ESOCKETDESTROYED' });
}

let nextId = 1;

export class FakeDialog extends EventEmitter implements SipDialog {
  readonly id: string;
  readonly sip: { callId: string };
  readonly local: { sdp: string };
  readonly remote: { sdp: string };
  /** 'uac' = we sent the INVITE; 'uas' = we answered one. */
  readonly type: 'uac' | 'uas';
  readonly farEnd: 'phone' | 'freeswitch';
  connected = true;
  byeSent = false;
  /** drachtio-server's answer to the far end's BYE: 200 (routed to the app) or 481 (app gone). */
  byeAnswer: 200 | 481 | null = null;
  readonly #owner: FakeProcess;
  readonly #table: Map<string, FakeDialog>;
  readonly #onEnd: (how: DialogEnd) => void;
  readonly #linkUp: () => boolean;

  constructor(type: 'uac' | 'uas', localSdp: string, remoteSdp: string, opts: DialogOptions) {
    super();
    const n = nextId++;
    this.type = type;
    this.farEnd = opts.farEnd;
    this.sip = { callId: `fake-call-${n}@samband.test` };
    this.id = `${this.sip.callId};from-tag=tag-${n}`;
    this.local = { sdp: localSdp };
    this.remote = { sdp: remoteSdp };
    this.#owner = opts.owner;
    this.#table = opts.table;
    this.#onEnd = opts.onEnd ?? (() => {});
    this.#linkUp = opts.linkUp ?? (() => true);
    this.#table.set(this.id, this);
    // The app's socket is gone: its Dialog object hears nothing more.
    this.#owner.atExit(() => this.removeAllListeners());
  }

  destroy(): Promise<unknown> {
    if (!this.#owner.alive) return never();
    if (!this.connected) {
      // The real dialog has no id on the stack any more: the BYE request fails.
      return Promise.reject(new Error('dialog already destroyed'));
    }
    if (!this.#linkUp()) {
      // lib/dialog.js removes the dialog and rejects: the BYE never left this process.
      this.removeAllListeners();
      return Promise.reject(socketDestroyedError());
    }
    this.removeAllListeners();
    this.#end('bye-sent');
    return Promise.resolve({ method: 'BYE' });
  }

  /** The far end sent BYE: drachtio-server routes it to the app, or answers 481 if it is gone. */
  farEndHangup(): void {
    if (!this.connected) return;
    this.byeAnswer = this.#owner.alive ? 200 : 481;
    this.#end('bye-received');
    if (this.#owner.alive) this.emit('destroy', { method: 'BYE' }, 'normal');
    this.removeAllListeners();
  }

  /**
   * Some app sent BYE inside this dialog by its id (srf.request {stackDialogId}); the Dialog
   * object of the app that created it is not told. False when drachtio-server no longer has it.
   */
  byeById(): boolean {
    if (!this.connected) return false;
    this.#end('bye-sent');
    return true;
  }

  #end(how: DialogEnd): void {
    this.connected = false;
    if (how === 'bye-sent') this.byeSent = true;
    this.#table.delete(this.id);
    this.#onEnd(how);
  }
}
