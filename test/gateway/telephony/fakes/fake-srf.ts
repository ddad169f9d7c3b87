/**
 * drachtio-srf's Srf against the backend's FakeDrachtioServer and SIP network. Faithful points:
 * 'connect' is emitted with (err, hostport), an Error when the secret is wrong; `disconnect`
 * throws without a connected socket; createUAC calls cbRequest(null, req) once the INVITE is
 * sent and rejects with a SipError carrying `status` (487 after req.cancel()); createUAS
 * fails for an INVITE the caller already cancelled; `request('sip:placeholder', {method, stackDialogId})` reaches
 * any dialog drachtio-server holds, whichever app created it. Once its gateway process is dead
 * the Srf is silent: no events, and nothing it is asked (or was asked before) ever settles.
 */
import { EventEmitter } from 'node:events';
import type {
  IncomingInvite,
  InviteHandler,
  InviteResponse,
  RequestOptions,
  SentRequest,
  SipDialog,
  SrfConnectOptions,
  SrfLike,
  UacOptions,
  UacProgress,
} from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import { FakeDialog } from './fake-dialog.js';
import type { FakeDrachtioServer } from './fake-drachtio-server.js';
import type { FakePhone } from './fake-phone.js';
import { type FakeProcess, never } from './fake-process.js';
import { type FakeTrunk, TIMER_B_MS } from './fake-trunk.js';

/** The request-URI fsmrf sends its INVITEs to (`sip:drachtio@<profile address>`). */
export const FREESWITCH_URI = 'sip:drachtio@';

export class FakeSipError extends Error {
  constructor(
    readonly status: number,
    readonly reason?: string,
  ) {
    super(`Sip non-success response: ${status}`);
    this.name = 'SipError';
  }
}

export interface SipNetwork {
  byUri(uri: string): FakePhone | null;
  dialled(uri: string): void;
  /** The trunk a Request-URI's host:port names, if the world has one there. */
  trunkAt(uri: string): FakeTrunk | null;
}

export class FakeInvite extends EventEmitter implements IncomingInvite {
  cancelled = false;
  constructor(
    readonly caller: FakePhone,
    readonly callingNumber: string,
    readonly calledNumber: string,
    /** Where drachtio-server received the INVITE from (the trunk, the PBX, or a stranger). */
    readonly source_address = '192.0.2.10',
    readonly userAgent = 'fake-phone',
  ) {
    super();
  }
  get body(): string {
    return this.caller.sdp;
  }
  get(header: string): string | undefined {
    return header.toLowerCase() === 'user-agent' ? this.userAgent : undefined;
  }
  /** The caller gave up before the answer (CANCEL). */
  cancel(): void {
    this.cancelled = true;
    this.emit('cancel');
  }
}

/** lib/request.js as `srf.request` resolves with it: responses arrive as 'response' events. */
export class FakeSentRequest extends EventEmitter implements SentRequest {
  constructor(
    readonly method: string,
    readonly stackDialogId?: string,
  ) {
    super();
  }
}

export class FakeInviteResponse implements InviteResponse {
  status: number | null = null;
  headers: Record<string, string> = {};
  get finalResponseSent(): boolean {
    return this.status !== null && this.status >= 200;
  }
  send(status: number, opts?: { headers?: Record<string, string> }): void {
    if (this.finalResponseSent) throw new Error('final response already sent');
    this.status = status;
    this.headers = { ...opts?.headers };
  }
}

export class FakeSrf extends EventEmitter implements SrfLike {
  connected = false;
  readonly connects: SrfConnectOptions[] = [];
  /** Dialogs with phones this Srf created that are still up. */
  readonly dialogs = new Set<FakeDialog>();
  #handler: InviteHandler | null = null;
  readonly #owner: FakeProcess;

  /** `clock` is the world's (drachtio-server's timing), never the adapter's. */
  constructor(
    readonly clock: FakeClock,
    readonly drachtio: FakeDrachtioServer,
    readonly network: SipNetwork,
    owner: FakeProcess,
  ) {
    super();
    this.#owner = owner;
    // The process died: the control socket is gone without a 'close' anyone could hear.
    owner.atExit(() => {
      this.connected = false;
      this.#handler = null;
      this.removeAllListeners();
    });
  }

  /** False once the gateway process that created this Srf died. */
  get alive(): boolean {
    return this.#owner.alive;
  }

  connect(opts: SrfConnectOptions): this {
    if (!this.alive) return this;
    this.connects.push(opts);
    this.clock.setTimeout(() => {
      if (!this.alive) return;
      if (this.drachtio.state === 'down') {
        this.emit('error', new Error(`connect ECONNREFUSED ${opts.host}:${opts.port}`));
        this.emit('close');
      } else if (this.drachtio.state === 'up' && opts.secret !== this.drachtio.secret) {
        this.emit('connect', new Error('failed to authenticate to server'));
      } else if (this.drachtio.state === 'up') {
        this.connected = true;
        this.emit('connect', null, '127.0.0.1:5060');
      }
    }, 10);
    return this;
  }

  disconnect(): void {
    if (!this.alive) return;
    if (!this.connected) throw new Error('socket is not connected or was not provided');
    this.connected = false;
    this.emit('close');
  }

  /** drachtio-server went away (process stopped: the socket closes). */
  lose(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('close');
  }

  invite(handler: InviteHandler): this {
    this.#handler = handler;
    return this;
  }

  /**
   * lib/srf.js: a uri plus options; with `stackDialogId` (and the uri `sip:placeholder`, which
   * drachtio-server replaces with the dialog's remote target) the request goes inside that dialog.
   * Called with the options alone, the real library throws "undefined is not a valid request_uri".
   * Resolves with the sent request once it is on the wire; its response arrives as 'response'.
   * To a trunk: as FakeTrunk.meet says (a challenge answered once with `auth`; silence ends in
   * drachtio-server's 408 after Timer F, 32 s; unreachable rejects); anywhere else: 200.
   */
  request(uri: string, opts: RequestOptions): Promise<SentRequest> {
    if (typeof uri !== 'string') throw new Error('undefined is not a valid request_uri or options object.');
    if (!this.alive) return never();
    if (!this.connected) return Promise.reject(new Error('cannot call app#request in unconnected state'));
    if (this.drachtio.state !== 'up') return never();
    if (opts.stackDialogId !== undefined) {
      const stackDialogId = opts.stackDialogId;
      return this.drachtio
        .sendInDialog(opts.method, stackDialogId)
        .then(() => this.#answered(new FakeSentRequest(opts.method, stackDialogId), 200));
    }
    const trunk = this.network.trunkAt(uri);
    const met = trunk?.meet(opts.auth);
    if (trunk && opts.method === 'OPTIONS')
      trunk.options.push({ uri, answeredWith: met?.answeredWith ?? null });
    const sent = new FakeSentRequest(opts.method);
    if (trunk && met && opts.method === 'REGISTER') return this.#register(trunk, met.verdict, opts, sent);
    if (!met || met.verdict === 'pass')
      return Promise.resolve(this.#answered(sent, trunk?.optionsStatus ?? 200));
    if (met.verdict === 'unreachable')
      return Promise.reject(new Error(`Failed to send request to ${trunk?.hostport}`));
    if (met.verdict === 'silent') return Promise.resolve(this.#answered(sent, 408, TIMER_B_MS));
    return Promise.resolve(this.#answered(sent, met.verdict));
  }

  /**
   * A REGISTER to a trunk's registrar. Its response is timed from when the request promise has
   * resolved (as on the wire: drachtio-server confirms the send before any response can come),
   * so a REGISTER sent from inside a timer still gets its listener attached first.
   */
  async #register(
    trunk: FakeTrunk,
    verdict: ReturnType<FakeTrunk['meet']>['verdict'],
    opts: RequestOptions,
    sent: FakeSentRequest,
  ): Promise<SentRequest> {
    if (verdict === 'unreachable') throw new Error(`Failed to send request to ${trunk.hostport}`);
    await Promise.resolve();
    if (verdict === 'silent') return this.#answered(sent, 408, TIMER_B_MS);
    if (verdict !== 'pass') return this.#answered(sent, verdict);
    const answer = trunk.register(opts.headers ?? {});
    return this.#answered(sent, answer.status, 20, answer.headers);
  }

  /** The response's headers are read as lib/response.js does: by name, any case. */
  #answered(
    sent: FakeSentRequest,
    status: number,
    afterMs = 20,
    headers: Record<string, string> = {},
  ): FakeSentRequest {
    const get = (name: string) =>
      Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    this.clock.setTimeout(() => {
      if (this.alive) sent.emit('response', { status, get });
    }, afterMs);
    return sent;
  }

  createUAC(uri: string, opts: UacOptions, progress: UacProgress = {}): Promise<SipDialog> {
    if (!this.alive) return never();
    if (!this.connected) return Promise.reject(new Error('cannot call app#request in unconnected state'));
    if (this.drachtio.state !== 'up') return new Promise(() => {});
    if (uri.startsWith(FREESWITCH_URI)) return this.#inviteFreeswitch(opts);
    const trunk = this.network.trunkAt(uri);
    const met = trunk?.meet(opts.auth);
    trunk?.invites.push({
      uri,
      answeredWith: met?.answeredWith ?? null,
      proxy: opts.proxy,
      callingNumber: opts.callingNumber,
    });
    if (met?.verdict === 'unreachable') {
      const err = new Error(`Failed to send request to ${trunk?.hostport}`);
      return new Promise((_resolve, reject) =>
        this.clock.setTimeout(() => {
          if (!this.alive) return;
          progress.cbRequest?.(err);
          reject(err);
        }, 10),
      );
    }
    if (met && met.verdict !== 'pass') return this.#refusedByTrunk(met.verdict, progress);
    this.network.dialled(uri);
    const phone = this.network.byUri(uri);
    return new Promise((resolve, reject) => {
      let settled = false;
      // drachtio-server keeps a trunk's 100 Trying to itself: the first provisional the library
      // hands on is the 180 of a phone that rings, after the trunk's post-dial delay.
      const ringing = () => {
        if (!settled && this.alive) progress.cbProvisional?.({ status: 180 });
      };
      const finish = (fn: () => void) => {
        // An INVITE still in flight when the process died is lost with it.
        if (settled || !this.alive) return;
        settled = true;
        fn();
      };
      progress.cbRequest?.(null, {
        cancel: () => finish(() => reject(new FakeSipError(487, 'Request Terminated'))),
      });
      if (!phone) return this.clock.setTimeout(() => finish(() => reject(new FakeSipError(404))), 100);
      const b = phone.behaviour;
      if (b.kind === 'busy')
        return this.clock.setTimeout(() => finish(() => reject(new FakeSipError(486))), 500);
      if (b.kind === 'reject')
        return this.clock.setTimeout(() => finish(() => reject(new FakeSipError(603))), 500);
      if (b.kind === 'unavailable')
        return this.clock.setTimeout(() => finish(() => reject(new FakeSipError(480))), 500);
      this.clock.setTimeout(ringing, trunk?.postDialDelayMs ?? 20);
      if (b.kind === 'no-answer') return;
      this.clock.setTimeout(
        () =>
          finish(() => {
            const dialog = this.#dialogWith(phone, 'uac', opts.localSdp ?? '', phone.sdp);
            resolve(dialog);
          }),
        b.afterMs,
      );
    });
  }

  /** A trunk's final answer before any phone is reached (503, a challenge), or its silence. */
  #refusedByTrunk(verdict: number | 'silent', progress: UacProgress): Promise<SipDialog> {
    return new Promise((_resolve, reject) => {
      let settled = false;
      const finish = (status: number) => {
        if (settled || !this.alive) return;
        settled = true;
        reject(new FakeSipError(status));
      };
      progress.cbRequest?.(null, { cancel: () => finish(487) });
      if (verdict === 'silent') this.clock.setTimeout(() => finish(408), TIMER_B_MS);
      else this.clock.setTimeout(() => finish(verdict), 50);
    });
  }

  createUAS(req: IncomingInvite, res: InviteResponse, opts: { localSdp: string }): Promise<SipDialog> {
    if (!this.alive) return never();
    const invite = req as FakeInvite;
    if (invite.cancelled) return Promise.reject(new Error('480 transaction already cancelled'));
    res.send(200);
    return Promise.resolve(this.#dialogWith(invite.caller, 'uas', opts.localSdp, invite.body));
  }

  /** A phone dials the gateway: drachtio-server hands us the INVITE. */
  placeCall(
    caller: FakePhone,
    callingNumber: string,
    calledNumber: string,
    from: { sourceAddress?: string; userAgent?: string } = {},
  ) {
    const req = new FakeInvite(caller, callingNumber, calledNumber, from.sourceAddress, from.userAgent);
    const res = new FakeInviteResponse();
    if (!this.alive) throw new Error('the gateway process that connected this Srf is dead');
    if (!this.#handler) throw new Error('no INVITE handler registered');
    this.#handler(req, res);
    return { req, res };
  }

  /** fsmrf's own INVITE to FreeSWITCH's profile (MediaServer#createEndpoint): answered at once. */
  #inviteFreeswitch(opts: UacOptions): Promise<SipDialog> {
    const dialog = new FakeDialog('uac', opts.localSdp ?? '', 'v=0 freeswitch', {
      owner: this.#owner,
      table: this.drachtio.dialogs,
      farEnd: 'freeswitch',
      linkUp: () => this.connected,
    });
    return new Promise((resolve) => this.clock.setTimeout(() => this.alive && resolve(dialog), 10));
  }

  /**
   * A call with `phone` in drachtio-server's table. Its end is handled in onEnd, not in a
   * 'destroy' listener: listeners die with the app, the call does not.
   */
  #dialogWith(phone: FakePhone, type: 'uac' | 'uas', localSdp: string, remoteSdp: string): FakeDialog {
    const onHangup = () => dialog.farEndHangup();
    const dialog = new FakeDialog(type, localSdp, remoteSdp, {
      owner: this.#owner,
      table: this.drachtio.dialogs,
      farEnd: 'phone',
      linkUp: () => this.connected,
      onEnd: (how) => {
        phone.off('hangup', onHangup);
        this.dialogs.delete(dialog);
        if (how === 'bye-sent') phone.byeReceived();
      },
    });
    phone.callStarted();
    phone.on('hangup', onHangup);
    this.dialogs.add(dialog);
    return dialog;
  }
}
