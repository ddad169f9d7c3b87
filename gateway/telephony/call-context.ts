/**
 * What call-out and dial-in share: the live links, the rooms, the settings, and the two steps
 * every call ends its set-up with — join the room (with a time-out: fsmrf's Endpoint#join
 * resolves only on add-member) and hand over to a CallLeg, or release everything on failure.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { TelephonyConfig } from '../../config/schema.js';
import type { CallLeg } from './call-leg.js';
import type { EndpointLike, MediaServerLike, SipDialog, SrfLike } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import type { SetupGuard } from './setup-guard.js';
import { bestEffort, withTimeout } from './timing.js';
import type { TrunkBook } from './trunk-book.js';

export interface CallContext {
  readonly clock: Clock;
  readonly telephony: TelephonyConfig;
  readonly srf: SrfLike;
  mediaServer(): MediaServerLike | null;
  /** Ensures the conference's room on `ms`; resolves with its FreeSWITCH name. */
  room(ms: MediaServerLike, conferenceId: string): Promise<string>;
  isClosed(): boolean;
  /** Registers and announces a connected call. */
  adopt(leg: AdoptedCall): CallLeg;
  /** The carrier trunks (issue 9) and whether each may take a call now. */
  readonly trunks: TrunkBook;
}

export interface AdoptedCall {
  conferenceId: string;
  participantId: string | null;
  number: string | null;
  endpoint: EndpointLike;
  dialog: SipDialog;
  /** The media server the call is on (its inbound event socket reports the hang-up cause). */
  ms: MediaServerLike;
  logger: Logger;
  /** The FreeSWITCH room and this call's member id in it (from add-member). */
  room: string;
  memberId: number;
  /** Told once when the call has ended (releases its trunk slot). */
  onEnded?: () => void;
  /** Set for a radio audio leg: no talking events, and told when the leg has ended. */
  radio?: { radioId: string; finished(leg: CallLeg): void };
}

export function mediaServerOrThrow(ctx: CallContext): MediaServerLike {
  const ms = ctx.isClosed() ? null : ctx.mediaServer();
  if (!ms) throw new TelephonyError(TelephonyErrorCodes.BACKEND_DOWN, 'FreeSWITCH is not connected');
  return ms;
}

export function throwIfClosed(ctx: CallContext): void {
  if (ctx.isClosed()) throw new TelephonyError(TelephonyErrorCodes.CLOSED, 'telephony adapter closed');
}

/**
 * The channel variables that make FreeSWITCH hang up a call whose RTP stops (ms).
 * The `_audio` pair is not redundant: FreeSWITCH reads `media_timeout_audio` after
 * `media_timeout` and it wins. A call-out endpoint is created 3PCC, and drachtio-srf ACKs
 * FreeSWITCH's offer echoed back with `a=recvonly`; on that SDP FreeSWITCH
 * (switch_core_media_negotiate_sdp) sets `media_timeout_audio=0` / `media_hold_timeout_audio=0`,
 * which disabled the time-out for the whole call. Setting them before `modify` re-arms it: the
 * re-INVITE with the far end's answer re-reads these variables (switch_core_media_activate_rtp).
 */
export function mediaTimeoutVars(telephony: TelephonyConfig): Record<string, number> {
  const ms = telephony.mediaTimeoutMs;
  return { media_timeout: ms, media_hold_timeout: ms, media_timeout_audio: ms, media_hold_timeout_audio: ms };
}

/**
 * Variables for calls the gateway places itself (call-outs, radio legs): also let them into a
 * locked room — mod_conference enforces a lock on inbound channels, and fsmrf's are all inbound.
 */
export function callOutVars(telephony: TelephonyConfig): Record<string, string | number> {
  return { ...mediaTimeoutVars(telephony), conference_enforce_security: 'false' };
}

/** Header our dialplan (deploy/freeswitch) copies into media_timeout before the socket app. */
export function endpointHeaders(telephony: TelephonyConfig): Record<string, string> {
  return { 'X-Samband-Media-Timeout': String(telephony.mediaTimeoutMs) };
}

export async function joinRoom(
  ctx: CallContext,
  guard: SetupGuard,
  endpoint: EndpointLike,
  room: string,
  moderator: boolean,
): Promise<number> {
  const joining = endpoint.join(room, moderator ? { flags: { moderator: true } } : {});
  joining.catch(() => {});
  try {
    const joined = await guard.race(
      withTimeout(ctx.clock, joining, ctx.telephony.timings.joinTimeoutMs, 'conference join'),
    );
    return joined.memberId;
  } catch (err) {
    if (err instanceof TelephonyError && err.code === TelephonyErrorCodes.TIMEOUT) {
      throw new TelephonyError(
        TelephonyErrorCodes.JOIN_FAILED,
        `no add-member from ${room} (conference full or channel gone)`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** Releases a call that never became a CallLeg: nothing may stay open on FreeSWITCH. */
export async function releaseSetup(
  ctx: CallContext,
  endpoint: EndpointLike | null,
  dialog: SipDialog | null,
  guard: SetupGuard | null,
): Promise<void> {
  guard?.dispose();
  const ms = ctx.telephony.timings.operationTimeoutMs;
  await Promise.all([
    endpoint && !guard?.endpointGone ? bestEffort(ctx.clock, () => endpoint.destroy(), ms) : null,
    dialog && !guard?.dialogGone ? bestEffort(ctx.clock, () => dialog.destroy(), ms) : null,
  ]);
}

/** Creates an endpoint with a bounded wait; one that arrives after the time-out is destroyed. */
export async function createEndpoint(
  ctx: CallContext,
  ms: MediaServerLike,
  remoteSdp?: string,
): Promise<EndpointLike> {
  const headers = endpointHeaders(ctx.telephony);
  const creating = ms.createEndpoint(remoteSdp ? { remoteSdp, headers } : { headers });
  try {
    return await withTimeout(
      ctx.clock,
      creating,
      ctx.telephony.timings.operationTimeoutMs,
      'create endpoint',
    );
  } catch (err) {
    creating.then((late) => late.destroy()).catch(() => {});
    throw err;
  }
}
