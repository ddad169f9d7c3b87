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
import { type DialRoute, dialRoutes, failsOverToNextTrunk } from './dial-routes.js';
import type { EndpointLike, MediaServerLike, OutgoingInvite, SipDialog } from './drachtio-types.js';
import { type AttemptFailure, attemptFailure, TelephonyError, TelephonyErrorCodes } from './errors.js';
import { describe } from './link-supervisor.js';
import type { Pacer } from './pacer.js';
import { HungUpError, SetupGuard } from './setup-guard.js';
import { withTimeout } from './timing.js';
import { answersOptions, probeOptions } from './trunk-keepalive.js';

/** How long a trunk silent past sip.trunkTimeoutMs gets to answer an OPTIONS (it is alive, then). */
const TRUNK_PROBE_MS = 1_500;

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
  const routes = dialRoutes(number, ctx.telephony.sip, ctx.trunks.all, ctx.trunks);
  let onEnded: (() => void) | undefined;
  const leg = await dialLeg(
    ctx,
    job.conferenceId,
    routes,
    logger,
    async (guard, endpoint, room) => {
      await confirm(ctx, guard, endpoint);
      throwIfClosed(ctx);
      return joinRoom(ctx, guard, endpoint, room, false);
    },
    (release) => {
      onEnded = release;
    },
  );
  ctx.adopt({
    conferenceId: job.conferenceId,
    participantId: job.participantId,
    number,
    logger,
    ...leg,
    ...(onEnded ? { onEnded } : {}),
  });
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
 * call-out variables, the far end rung (through the routes in turn: the next trunk when one
 * fails), its answer handed to FreeSWITCH (the re-INVITE that arms the media time-out), then
 * `join` (prompt, confirmation, conference). Whatever was set up is released if any step fails,
 * so no FreeSWITCH channel or SIP dialog is left behind. `connectedVia` receives the release of
 * the trunk slot the call holds (to be called when the call ends).
 */
export async function dialLeg(
  ctx: CallContext,
  conferenceId: string,
  routes: readonly DialRoute[],
  logger: Logger,
  join: (guard: SetupGuard, endpoint: EndpointLike, room: string) => Promise<number>,
  connectedVia?: (release: () => void) => void,
): Promise<DialledLeg> {
  const ms = mediaServerOrThrow(ctx);
  const room = await ctx.room(ms, conferenceId);
  throwIfClosed(ctx);
  let endpoint: EndpointLike | null = null;
  let dialog: SipDialog | null = null;
  let guard: SetupGuard | null = null;
  let release: (() => void) | null = null;
  try {
    endpoint = await createEndpoint(ctx, ms);
    guard = new SetupGuard(endpoint);
    await guard.race(endpoint.set(callOutVars(ctx.telephony)));
    throwIfClosed(ctx);
    const rung = await ringRoutes(ctx, routes, endpoint.local.sdp, logger);
    dialog = rung.dialog;
    release = rung.release;
    guard.watchDialog(dialog);
    throwIfClosed(ctx);
    const op = ctx.telephony.timings.operationTimeoutMs;
    await guard.race(withTimeout(ctx.clock, endpoint.modify(dialog.remote.sdp), op, 'endpoint modify'));
    const memberId = await join(guard, endpoint, room);
    throwIfClosed(ctx);
    guard.dispose();
    if (connectedVia) connectedVia(release);
    else release();
    return { endpoint, dialog, ms, room, memberId };
  } catch (err) {
    release?.();
    await releaseSetup(ctx, endpoint, dialog, guard);
    throw err;
  }
}

/**
 * Rings through each route in turn: a trunk that fails as a trunk (failsOverToNextTrunk) hands
 * the call to the next one; any other answer (busy, declined, no answer) is the call's answer.
 * Resolves with the dialog and the release of the trunk slot it holds.
 */
async function ringRoutes(
  ctx: CallContext,
  routes: readonly DialRoute[],
  localSdp: string,
  logger: Logger,
): Promise<{ dialog: SipDialog; release: () => void }> {
  let lastError: unknown = new TelephonyError(TelephonyErrorCodes.TRUNKS_DOWN, 'no route to try');
  for (const [index, route] of routes.entries()) {
    if (route.trunk && !ctx.trunks.usable(route.trunk)) continue;
    const slot = route.trunk ? ctx.trunks.claim(route.trunk) : { waitMs: 0, release: () => {} };
    const routeLogger = route.trunk ? logger.child({ trunk: route.trunk.id }) : logger;
    try {
      if (slot.waitMs > 0) await sleep(ctx, slot.waitMs);
      throwIfClosed(ctx);
      // The last route has no next trunk to hand over to: only the ring time-out bounds it.
      const dialog = await ring(ctx, route, localSdp, routeLogger, index < routes.length - 1);
      return { dialog, release: slot.release };
    } catch (err) {
      slot.release();
      if (!failsOverToNextTrunk(err)) throw err;
      lastError = err;
      const next = routes[index + 1]?.trunk?.id ?? null;
      routeLogger.warn({ cause: attemptFailure(err).cause, next }, 'trunk failed the call-out');
    }
  }
  throw lastError;
}

function sleep(ctx: CallContext, ms: number): Promise<void> {
  return new Promise((resolve) => ctx.clock.setTimeout(resolve, ms));
}

/**
 * INVITE the far end; CANCEL after the ring time-out (→ 487 → no-answer, cause ring-timeout).
 * Through a trunk with another one behind it (`boundTrunk`): a trunk that has not rung within
 * `sip.trunkTimeoutMs` and then leaves an OPTIONS unanswered for TRUNK_PROBE_MS is given up
 * (CANCEL, TRUNK_TIMEOUT) — the application never sees 100 Trying, so only the probe tells a
 * slow trunk from a silent one; one the INVITE cannot even be sent
 * to (drachtio-srf's cbRequest with an error) is TRUNK_UNREACHABLE.
 */
export async function ring(
  ctx: CallContext,
  route: DialRoute,
  localSdp: string,
  logger: Logger,
  boundTrunk = false,
): Promise<SipDialog> {
  const { telephony, clock } = ctx;
  let outgoing: OutgoingInvite | null = null;
  let sendError: unknown = null;
  let timedOut = false;
  let heard = false;
  let trunkSilent = (_err: TelephonyError) => {};
  const silent = new Promise<never>((_resolve, reject) => {
    trunkSilent = reject;
  });
  silent.catch(() => {});
  const cancel = (why: string) => {
    // srf's Request#cancel can throw (no socket to send on); this runs from a timer.
    try {
      (outgoing as OutgoingInvite | null)?.cancel(() => {});
    } catch (err) {
      logger.warn({ err: describe(err), why }, 'CANCEL not sent: the INVITE is ended by the answer time-out');
    }
  };
  const calling = ctx.srf.createUAC(
    route.uri,
    { localSdp, ...route.options },
    {
      cbRequest: (err, req) => {
        if (err) sendError = err;
        else if (req) outgoing = req;
      },
      cbProvisional: () => {
        heard = true;
      },
    },
  );
  const timer = clock.setTimeout(() => {
    timedOut = true;
    logger.debug({}, 'ring time-out: cancelling');
    cancel('ring time-out');
  }, telephony.callTimeoutMs);
  let settled = false;
  const trunk = boundTrunk ? route.trunk : undefined;
  const trunkTimer = trunk
    ? clock.setTimeout(() => {
        if (heard) return;
        // drachtio-server keeps 100 Trying to itself (seen on 0.9.10): a trunk that is trying
        // but slow to ring looks silent here. Ask it directly before giving up on it.
        void probeOptions(ctx.srf, clock, trunk, TRUNK_PROBE_MS)
          .catch((err: unknown) => `unreachable: ${describe(err)}`)
          .then((status) => {
            if (heard || settled) return;
            if (answersOptions(status)) {
              logger.info(
                { trunkTimeoutMs: telephony.sip.trunkTimeoutMs, options: status },
                'trunk slow to ring but answering: waiting',
              );
              return;
            }
            logger.warn(
              { trunkTimeoutMs: telephony.sip.trunkTimeoutMs, options: status },
              'trunk silent: cancelling',
            );
            trunkSilent(new TelephonyError(TelephonyErrorCodes.TRUNK_TIMEOUT, 'no response from the trunk'));
            cancel('trunk silent');
          });
      }, telephony.sip.trunkTimeoutMs)
    : null;
  try {
    // After a CANCEL the far end still owes a final response; bound the wait for it.
    const answered = withTimeout(
      clock,
      calling,
      telephony.callTimeoutMs + telephony.timings.operationTimeoutMs,
      'call-out INVITE',
    );
    return await Promise.race([answered, silent]).then((dialog) => {
      if (!timedOut) return dialog;
      // 200 OK crossed our CANCEL: answered too late; the catch below hangs it up.
      throw new TelephonyError(TelephonyErrorCodes.NO_ANSWER, 'answered after the ring time-out');
    });
  } catch (err) {
    calling.then((late) => late.destroy()).catch(() => {});
    if (timedOut) throw new TelephonyError(TelephonyErrorCodes.NO_ANSWER, 'ring time-out', { cause: err });
    if (sendError !== null && route.trunk) {
      throw new TelephonyError(TelephonyErrorCodes.TRUNK_UNREACHABLE, `trunk ${route.trunk.id} unreachable`, {
        cause: sendError,
      });
    }
    throw err;
  } finally {
    settled = true;
    clock.clearTimeout(timer);
    if (trunkTimer) clock.clearTimeout(trunkTimer);
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
