/**
 * Dial-in: INVITE → route to a conference by the dialled number → refuse locked-out sources
 * before answering → endpoint + answer → PIN (host PIN: moderator) with at most
 * `maxPinAttempts` tries → caller ID mapped to a participant where it matches → join.
 * PINs are verified against scrypt hashes and never logged; wrong PINs are, by source.
 */
import type { Logger } from '../../bridge/ports.js';
import {
  type CallContext,
  createEndpoint,
  joinRoom,
  mediaServerOrThrow,
  mediaTimeoutVars,
  releaseSetup,
} from './call-context.js';
import type { EndpointLike, IncomingInvite, InviteResponse, SipDialog } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { normaliseNumber } from './numbers.js';
import type { PinGuard } from './pin-guard.js';
import type { ConferenceAccess } from './settings.js';
import { SetupGuard } from './setup-guard.js';
import { withTimeout } from './timing.js';

export interface DialInDeps {
  conferences: readonly ConferenceAccess[];
  pins: PinGuard;
  /** Checks a keyed PIN against a stored scrypt hash (off the event loop in production). */
  verifyPin(pin: string, hash: string): Promise<boolean>;
  /** The configured participant whose number the caller ID matches, if any. */
  identify(callerNumber: string): string | null;
  /** A locked conference admits no new dial-ins (checked before answering and before joining). */
  isLocked(conferenceId: string): boolean;
  logger: Logger;
}

type Role = 'host' | 'participant';

export async function handleDialIn(
  ctx: CallContext,
  deps: DialInDeps,
  req: IncomingInvite,
  res: InviteResponse,
): Promise<void> {
  const caller = req.callingNumber || '';
  const source = caller || req.source_address || 'unknown';
  const logger = deps.logger.child({ source, dialled: req.calledNumber });
  const conference = route(deps.conferences, req.calledNumber, ctx.telephony.sip.countryCode);
  if (!conference) return refuse(res, logger, 404, 'no conference for the dialled number');
  if (!conference.hostPinHash && !conference.participantPinHash) {
    return refuse(res, logger, 403, 'dial-in is not enabled (no PIN configured)');
  }
  if (deps.isLocked(conference.id)) return refuse(res, logger, 403, 'conference is locked');
  // Once the global budget is spent only a configured participant's number gets to key a PIN:
  // a guesser cannot lock the county's own organisations out (they still need the PIN, and the
  // per-caller lock-out below still counts their mistakes).
  const globalLockMs = deps.pins.globallyLockedForMs();
  if (globalLockMs > 0) {
    const known = caller ? deps.identify(caller) : null;
    if (!known) {
      return refuse(res, logger, 403, 'too many wrong PINs from all callers', { lockedForMs: globalLockMs });
    }
    logger.warn(
      { participantId: known, lockedForMs: globalLockMs },
      'PIN budget spent: admitting a participant number',
    );
  }
  const lockedForMs = deps.pins.lockedForMs(source);
  if (lockedForMs > 0) return refuse(res, logger, 403, 'source locked out after wrong PINs', { lockedForMs });

  let endpoint: EndpointLike | null = null;
  let dialog: SipDialog | null = null;
  let guard: SetupGuard | null = null;
  try {
    const ms = mediaServerOrThrow(ctx);
    const room = await ctx.room(ms, conference.id);
    endpoint = await createEndpoint(ctx, ms, req.body);
    dialog = await ctx.srf.createUAS(req, res, { localSdp: endpoint.local.sdp });
    guard = new SetupGuard(endpoint, dialog);
    await guard.race(endpoint.set(mediaTimeoutVars(ctx.telephony)));
    const role = await collectPin(ctx, deps, guard, endpoint, conference, source, logger);
    if (!role) {
      await releaseSetup(ctx, endpoint, dialog, guard);
      return;
    }
    if (deps.isLocked(conference.id)) {
      logger.warn({ conferenceId: conference.id }, 'dial-in refused: conference locked during PIN entry');
      await releaseSetup(ctx, endpoint, dialog, guard);
      return;
    }
    const participantId = deps.identify(caller);
    const memberId = await joinRoom(ctx, guard, endpoint, room, role === 'host');
    guard.dispose();
    if (ctx.isClosed()) throw new Error('adapter closed during set-up');
    ctx.adopt({
      conferenceId: conference.id,
      participantId,
      number: caller || null,
      endpoint,
      dialog,
      ms,
      logger: logger.child({ conferenceId: conference.id, participantId, role }),
      room,
      memberId,
    });
  } catch (err) {
    logger.info({ err: describe(err) }, 'dial-in set-up ended');
    await releaseSetup(ctx, endpoint, dialog, guard);
    if (!dialog && !res.finalResponseSent) res.send(480);
  }
}

async function collectPin(
  ctx: CallContext,
  deps: DialInDeps,
  guard: SetupGuard,
  endpoint: EndpointLike,
  conference: ConferenceAccess,
  source: string,
  logger: Logger,
): Promise<Role | null> {
  const { dialIn, prompts, timings } = ctx.telephony;
  for (let attempt = 1; attempt <= dialIn.maxPinAttempts; attempt++) {
    const collected = await guard.race(
      withTimeout(
        ctx.clock,
        endpoint.playCollect({
          file: attempt === 1 ? prompts.enterPin : prompts.wrongPin,
          min: 1,
          max: 16,
          tries: 1,
          timeout: dialIn.pinTimeoutMs,
          digitTimeout: 5000,
          terminators: '#',
          regexp: '\\d+',
        }),
        dialIn.pinTimeoutMs + timings.operationTimeoutMs,
        'PIN prompt',
      ),
    );
    const role = await verify(deps, collected.digits ?? '', conference);
    if (role) {
      deps.pins.succeeded(source);
      logger.info({ attempt, role }, 'PIN accepted');
      return role;
    }
    const locked = deps.pins.failed(source);
    logger.warn({ attempt, locked }, 'wrong PIN');
    if (locked) {
      logger.warn({ lockedForMs: dialIn.lockoutMs }, 'source locked out after repeated wrong PINs');
      break;
    }
  }
  logger.warn({ conferenceId: conference.id }, 'dial-in ended after wrong PINs');
  return null;
}

async function verify(deps: DialInDeps, pin: string, conference: ConferenceAccess): Promise<Role | null> {
  if (!/^[0-9]{1,16}$/.test(pin)) return null;
  if (conference.hostPinHash && (await deps.verifyPin(pin, conference.hostPinHash))) return 'host';
  if (conference.participantPinHash && (await deps.verifyPin(pin, conference.participantPinHash))) {
    return 'participant';
  }
  return null;
}

/** The conference whose dial-in numbers include the dialled one; the only one if just one exists. */
function route(
  conferences: readonly ConferenceAccess[],
  dialled: string,
  countryCode: string,
): ConferenceAccess | null {
  const wanted = normaliseNumber(dialled || '', countryCode);
  const byNumber = conferences.find((c) =>
    c.dialInNumbers.some((n) => n === dialled || normaliseNumber(n, countryCode) === wanted),
  );
  if (byNumber) return byNumber;
  return conferences.length === 1 ? (conferences[0] ?? null) : null;
}

function refuse(
  res: InviteResponse,
  logger: Logger,
  status: number,
  why: string,
  extra: Record<string, unknown> = {},
): void {
  logger.warn({ status, ...extra }, `dial-in refused: ${why}`);
  if (!res.finalResponseSent) res.send(status);
}
