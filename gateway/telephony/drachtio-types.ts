/**
 * The exact slice of drachtio-srf 5.0.x and drachtio-fsmrf 4.1.x this adapter uses, typed once at
 * the edge (the libraries are untyped CommonJS, or typed with `any`). The real objects satisfy
 * these interfaces structurally (see runtime.ts); the fakes in test/gateway/telephony/fakes
 * implement them with the same names, argument shapes, events and failure modes.
 */

import type { Logger } from '../../bridge/ports.js';

/** Listener registration shared by the EventEmitter-based objects. */
export interface Emits<E extends Record<string, unknown[]>> {
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): unknown;
  removeListener<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): unknown;
}

// ------------------------------------------------------------------------ drachtio-srf

/** srf's SipError: a non-2xx final response to a request we sent (lib/sip_error.js). */
export interface SipErrorLike extends Error {
  status: number;
  reason?: string;
}

export function isSipError(error: unknown): error is SipErrorLike {
  return error instanceof Error && typeof (error as Partial<SipErrorLike>).status === 'number';
}

/** An incoming SIP request (lib/request.js over sip-parser); only what we read. */
export interface IncomingInvite extends Emits<{ cancel: [] }> {
  readonly body: string;
  readonly callingNumber: string;
  readonly calledNumber: string;
  readonly source_address: string;
  get(header: string): string | undefined;
}

/** The response object handed to `srf.invite` handlers (lib/response.js). */
export interface InviteResponse {
  send(status: number, opts?: { headers?: Record<string, string> }): void;
  readonly finalResponseSent: boolean;
}

/** The request object `createUAC` hands to `cbRequest`; `cancel` sends CANCEL (uac only). */
export interface OutgoingInvite {
  cancel(callback?: (err: unknown) => void): void;
}

/**
 * lib/dialog.js. `destroy` sends BYE and removes every listener; it emits nothing locally:
 * 'destroy' fires only when the far end ends the dialog (drachtio-srf issue #174).
 */
export interface SipDialog extends Emits<{ destroy: [msg?: unknown, reason?: string] }> {
  /**
   * drachtio-server's id for the dialog (lib/dialog.js `id`). It names the dialog in requests
   * sent inside it — also from a later gateway process: drachtio-server keeps a dialog whose app
   * disconnected and does not check which app sends into it.
   */
  readonly id: string;
  readonly sip: { callId: string };
  readonly local: { sdp: string };
  readonly remote: { sdp: string };
  destroy(): Promise<unknown>;
}

/**
 * Credentials drachtio-srf answers a 401 (Authorization) or 407 (Proxy-Authorization) challenge
 * with (lib/digest-client.js): once per request; a second challenge is the final response.
 */
export interface SipCredentials {
  username: string;
  password: string;
}

export interface UacOptions {
  localSdp?: string;
  headers?: Record<string, string>;
  proxy?: string;
  callingNumber?: string;
  auth?: SipCredentials;
}

export interface UacProgress {
  /** Called with (null, req) once the INVITE is on the wire, or (err) when it could not be sent. */
  cbRequest?: (err: unknown, req?: OutgoingInvite) => void;
  cbProvisional?: (res: { status: number }) => void;
}

export interface SrfConnectOptions {
  host: string;
  port: number;
  secret: string;
  /** `{ maxAttempts: 1 }` turns off the library's own reconnect loop (we own reconnection). */
  reconnect?: { maxAttempts: number };
}

export interface RequestOptions {
  method: string;
  stackDialogId?: string;
  headers?: Record<string, string>;
  /** Outbound proxy (outside a dialog). */
  proxy?: string;
  /** Answered once to a 401/407 (lib/digest-client.js); a second challenge is the response. */
  auth?: SipCredentials;
}

/** A final (or provisional) response to a request we sent (lib/response.js). */
export interface SipResponseLike {
  readonly status: number;
  get(header: string): string | undefined;
}

/**
 * What `srf.request` resolves with once the request is on the wire (lib/request.js): its
 * responses arrive as 'response' events — after a digest challenge, on the request the library
 * re-sent (it moves the listeners across). Unanswered, drachtio-server ends it with a 408.
 */
export interface SentRequest {
  on(event: 'response', listener: (res: SipResponseLike) => void): unknown;
}

export type InviteHandler = (req: IncomingInvite, res: InviteResponse) => void;

/** lib/srf.js — emits 'connect' (err, hostport), 'error' (err) and 'close' on the control link. */
export interface SrfLike
  extends Emits<{ connect: [err: Error | null, hostport?: string]; error: [err: unknown]; close: [] }> {
  connect(opts: SrfConnectOptions): unknown;
  /** Throws when there is no connected socket. */
  disconnect(): void;
  invite(handler: InviteHandler): unknown;
  createUAS(req: IncomingInvite, res: InviteResponse, opts: { localSdp: string }): Promise<SipDialog>;
  /** Rejects with a SipErrorLike on a non-2xx final response (487 after our CANCEL). */
  createUAC(uri: string, opts: UacOptions, progress?: UacProgress): Promise<SipDialog>;
  /**
   * Sends a request; resolves once drachtio-server has sent it. With `stackDialogId` it goes
   * inside that dialog — pass the uri `sip:placeholder` and drachtio-server sends it to the
   * dialog's remote target (lib/dialog.js does the same); it rejects when no such dialog is held.
   * drachtio-server does not check which app created the dialog.
   */
  request(uri: string, opts: RequestOptions): Promise<SentRequest>;
  removeAllListeners(): unknown;
}

// ------------------------------------------------------------------------ drachtio-fsmrf

/** An ESL event (drachtio-modesl Event); what api() resolves with. */
export interface EslEvent {
  getBody(): string;
  getHeader(name: string): string | undefined;
}

/** lib/endpoint.js#_onCustomEvent: the body (parsed as JSON where it is JSON) and the event. */
export type CustomEventHandler = (body: unknown, evt: EslEvent) => void;

export interface JoinOptions {
  flags?: { moderator?: boolean; mute?: boolean; deaf?: boolean; endconf?: boolean };
}

export interface PlayCollectOptions {
  file: string;
  min?: number;
  max?: number;
  tries?: number;
  /** Milliseconds FreeSWITCH waits for the first digit. */
  timeout?: number;
  digitTimeout?: number;
  terminators?: string;
  regexp?: string;
}

export interface PlayCollectResult {
  digits?: string;
  invalidDigits?: string;
  terminatorUsed?: string;
}

/**
 * lib/endpoint.js. 'destroy' ({reason: Hangup-Cause}) fires when FreeSWITCH hangs the channel
 * up on its own (BYE from FreeSWITCH, kick, MEDIA_TIMEOUT) or its ESL socket ends — never
 * after our own `destroy()`. `join` resolves only when mod_conference reports add-member.
 */
export interface EndpointLike
  extends Emits<{ destroy: [info?: { reason?: string }]; dtmf: [evt: { dtmf: string; duration?: string }] }> {
  readonly uuid: string;
  readonly local: { sdp: string };
  readonly dialog: SipDialog | null;
  set(vars: Record<string, string | number>): Promise<unknown>;
  play(file: string): Promise<unknown>;
  playCollect(opts: PlayCollectOptions): Promise<PlayCollectResult>;
  join(conferenceName: string, opts?: JoinOptions): Promise<{ memberId: number; confUuid: string }>;
  modify(sdp: string): Promise<unknown>;
  api(command: string, args?: string): Promise<EslEvent>;
  /**
   * Subscribes to a CUSTOM event subclass for this channel (ESL filter Unique-ID = uuid). For
   * 'conference::maintenance' the handler gets (body, event) with the `Action` header
   * (start-talking, stop-talking, mute-member...) of this endpoint's own conference member.
   */
  addCustomEventListener(event: string, handler: CustomEventHandler): void;
  removeCustomEventListener(event: string, handler?: CustomEventHandler): void;
  /** Waits for FreeSWITCH's BYE on the endpoint's own dialog: hangs if FreeSWITCH is gone. */
  destroy(): Promise<unknown>;
}

/** lib/conference.js. Has no kick; `destroy` hangs up the hidden control member (endconf). */
export interface ConferenceLike {
  readonly name: string;
  readonly uuid: string;
  destroy(): Promise<unknown>;
}

export interface CreateEndpointOptions {
  remoteSdp?: string;
  codecs?: string[];
  headers?: Record<string, string>;
}

/**
 * drachtio-modesl's Connection: the media server's inbound event socket (MediaServer#conn).
 * An event arrives as 'esl::event::<Event-Name>::<Unique-ID>' — CUSTOM events under the name
 * CUSTOM — for the channel it concerns.
 */
export interface EslConnectionLike {
  /**
   * `event json <names>`: FreeSWITCH adds these to what the connection receives. CUSTOM must
   * come last: every name after it is read as a subclass.
   */
  subscribe(events: string[]): void;
  on(event: string, listener: (evt: EslEvent) => void): unknown;
  removeListener(event: string, listener: (evt: EslEvent) => void): unknown;
}

/** lib/mediaserver.js. Emits 'end' when the inbound ESL connection is lost. */
export interface MediaServerLike extends Emits<{ end: []; error: [err: unknown] }> {
  readonly sip: { ipv4: { udp: { address?: string } } };
  /** The inbound event socket, shared with fsmrf (which subscribes it to HEARTBEAT). */
  readonly conn: EslConnectionLike;
  /** Resolves with the response body (never rejects; a dead socket never answers). */
  api(command: string): Promise<string>;
  createEndpoint(opts?: CreateEndpointOptions): Promise<EndpointLike>;
  /** Rejects with the string 'conference exists' when one of that name is already running. */
  createConference(name: string, opts?: { maxMembers?: number }): Promise<ConferenceLike>;
  disconnect(): void;
}

export interface MrfConnectOptions {
  address: string;
  port: number;
  secret: string;
  listenAddress: string;
  listenPort?: number;
  advertisedAddress?: string;
  profile?: string;
}

/** lib/mrf.js */
export interface MrfLike {
  connect(opts: MrfConnectOptions): Promise<MediaServerLike>;
}

/** Builds the library objects; the only seam between the adapter and the real modules. */
export interface DrachtioDriver {
  createSrf(): SrfLike;
  /** `logger` hears what the media-server connection contained (mrf-connect.ts). */
  createMrf(srf: SrfLike, logger: Logger): MrfLike;
}
