/**
 * Call-out: try the participant's configured numbers in order, each attempt paced; per attempt
 * an endpoint on FreeSWITCH (3PCC: its offer goes to the far end, the answer comes back with a
 * re-INVITE), a ring time-out (CANCEL → no-answer), SIP final codes mapped to outcomes, then
 * "press 1" and the join. Any failure releases the endpoint and the dialog.
 */
import type { CallOutResult, Logger } from '../../bridge/ports.js';
import {
  type CallContext,
  callOutVars,
  createEndpoint,
  joinRoom,
  mediaServerOrThrow,
  releaseSetup,
  throwIfClosed,
} from './call-context.js';
import type { EndpointLike, MediaServerLike, OutgoingInvite, SipDialog } from './drachtio-types.js';
import { type AttemptFailure, attemptFailure, TelephonyError, TelephonyErrorCodes } from './errors.js';
import { describe } from './link-supervisor.js';
import { dialUri } from './numbers.js';
import type { Pacer } from './pacer.js';
import { HungUpError, SetupGuard } from './setup-guard.js';
import { withTimeout } from './timing.js';

export interface CallOutJob {
  conferenceId: string;
  participantId: string;
  numbers: readonly string[];
  logger: Logger;
  /** Told while admission control holds the call back (null once it is placed after all). */
  waiting?: (reason: string | null) => void;
  /** Aborted: a call-out still waiting for capacity gives up (cause `cancelled`). */
  signal?: AbortSignal;
}

export async function huntCallOut(ctx: CallContext, pacer: Pacer, job: CallOutJob): Promise<CallOutResult> {
  let last: AttemptFailure & { number: string | null } = {
    outcome: 'failed',
    cause: 'no-number',
    number: null,
  };
  for (const number of job.numbers) {
    if (ctx.isClosed() || !ctx.mediaServer()) return { outcome: 'failed', number, cause: 'adapter-down' };
    const logger = job.logger.child({ number });
    let release: (() => void) | null = null;
    try {
      release = await pacer.acquire({
        ...(job.waiting ? { onWait: job.waiting } : {}),
        ...(job.signal ? { signal: job.signal } : {}),
      });
      await attempt(ctx, job, number, logger);
      return { outcome: 'answered', number };
    } catch (err) {
      const failure =
        err instanceof HungUpError
          ? { outcome: 'no-answer' as const, cause: 'hung-up' }
          : attemptFailure(err);
      logger.info({ outcome: failure.outcome, cause: failure.cause }, 'call-out attempt failed');
      last = { ...failure, number };
      if (failure.cause === 'adapter-down' || failure.cause === 'cancelled') return { ...failure, number };
    } finally {
      release?.();
    }
  }
  return { outcome: last.outcome, number: last.number, cause: last.cause };
}

async function attempt(ctx: CallContext, job: CallOutJob, number: string, logger: Logger): Promise<void> {
  const uri = dialUri(number, ctx.telephony.sip.trunk);
  if (!uri) throw new TelephonyError(TelephonyErrorCodes.CONFIG, 'an E.164 number needs telephony.sip.trunk');
  const leg = await dialLeg(ctx, job.conferenceId, uri, logger, async (guard, endpoint, room) => {
    await confirm(ctx, guard, endpoint);
    throwIfClosed(ctx);
    return joinRoom(ctx, guard, endpoint, room, false);
  });
  ctx.adopt({ conferenceId: job.conferenceId, participantId: job.participantId, number, logger, ...leg });
}

export interface DialledLeg {
  endpoint: EndpointLike;
  dialog: SipDialog;
  ms: MediaServerLike;
  room: string;
  memberId: number;
}

/**
 * Every leg the gateway calls (participants and RoIP interfaces): a FreeSWITCH endpoint with our
 * call-out variables, the far end rung, its answer handed to FreeSWITCH (the re-INVITE that arms
 * the media time-out), then `join` (prompt, confirmation, conference). Whatever was set up is
 * released if any step fails, so no FreeSWITCH channel or SIP dialog is left behind.
 */
export async function dialLeg(
  ctx: CallContext,
  conferenceId: string,
  uri: string,
  logger: Logger,
  join: (guard: SetupGuard, endpoint: EndpointLike, room: string) => Promise<number>,
): Promise<DialledLeg> {
  const ms = mediaServerOrThrow(ctx);
  const room = await ctx.room(ms, conferenceId);
  throwIfClosed(ctx);
  let endpoint: EndpointLike | null = null;
  let dialog: SipDialog | null = null;
  let guard: SetupGuard | null = null;
  try {
    endpoint = await createEndpoint(ctx, ms);
    guard = new SetupGuard(endpoint);
    await guard.race(endpoint.set(callOutVars(ctx.telephony)));
    throwIfClosed(ctx);
    dialog = await ring(ctx, uri, endpoint.local.sdp, logger);
    guard.watchDialog(dialog);
    throwIfClosed(ctx);
    const op = ctx.telephony.timings.operationTimeoutMs;
    await guard.race(withTimeout(ctx.clock, endpoint.modify(dialog.remote.sdp), op, 'endpoint modify'));
    const memberId = await join(guard, endpoint, room);
    throwIfClosed(ctx);
    guard.dispose();
    return { endpoint, dialog, ms, room, memberId };
  } catch (err) {
    await releaseSetup(ctx, endpoint, dialog, guard);
    throw err;
  }
}

/** INVITE the far end; CANCEL after the ring time-out (→ 487 → no-answer, cause ring-timeout). */
export async function ring(
  ctx: CallContext,
  uri: string,
  localSdp: string,
  logger: Logger,
): Promise<SipDialog> {
  const { telephony, clock } = ctx;
  let outgoing: OutgoingInvite | null = null;
  let timedOut = false;
  const calling = ctx.srf.createUAC(
    uri,
    {
      localSdp,
      ...(telephony.sip.callerId ? { callingNumber: telephony.sip.callerId } : {}),
    },
    {
      cbRequest: (err, req) => {
        if (!err && req) outgoing = req;
      },
    },
  );
  const timer = clock.setTimeout(() => {
    timedOut = true;
    logger.debug({}, 'ring time-out: cancelling');
    // srf's Request#cancel can throw (no socket to send on); this runs from a timer.
    try {
      (outgoing as OutgoingInvite | null)?.cancel(() => {});
    } catch (err) {
      logger.warn({ err: describe(err) }, 'CANCEL not sent: the INVITE is ended by the answer time-out');
    }
  }, telephony.callTimeoutMs);
  try {
    // After a CANCEL the far end still owes a final response; bound the wait for it.
    return await withTimeout(
      clock,
      calling,
      telephony.callTimeoutMs + telephony.timings.operationTimeoutMs,
      'call-out INVITE',
    ).then((dialog) => {
      if (!timedOut) return dialog;
      // 200 OK crossed our CANCEL: answered too late; the catch below hangs it up.
      throw new TelephonyError(TelephonyErrorCodes.NO_ANSWER, 'answered after the ring time-out');
    });
  } catch (err) {
    calling.then((late) => late.destroy()).catch(() => {});
    if (timedOut) throw new TelephonyError(TelephonyErrorCodes.NO_ANSWER, 'ring time-out', { cause: err });
    throw err;
  } finally {
    clock.clearTimeout(timer);
  }
}

/** "Tryck 1": the answerer must press 1 within the confirm time-out. */
async function confirm(ctx: CallContext, guard: SetupGuard, endpoint: EndpointLike): Promise<void> {
  const { telephony, clock } = ctx;
  const wait = telephony.timings.confirmTimeoutMs;
  const collected = await guard
    .race(
      withTimeout(
        clock,
        endpoint.playCollect({
          file: telephony.prompts.pressOne,
          min: 1,
          max: 1,
          tries: 2,
          timeout: Math.round(wait / 2),
          digitTimeout: 3000,
          terminators: '#',
          regexp: '1',
        }),
        wait + telephony.timings.operationTimeoutMs,
        'press-1 prompt',
      ),
    )
    .catch((err: unknown) => {
      if (err instanceof TelephonyError && err.code === TelephonyErrorCodes.TIMEOUT) return { digits: '' };
      throw err;
    });
  if (collected.digits !== '1') {
    throw new TelephonyError(TelephonyErrorCodes.NOT_CONFIRMED, 'the answerer did not press 1');
  }
}
