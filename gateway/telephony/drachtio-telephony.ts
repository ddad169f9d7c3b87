/**
 * DrachtioTelephony: the core's Telephony port on drachtio-srf + drachtio-fsmrf.
 *
 * - Links: BackendLinks keeps drachtio-server and FreeSWITCH connected (back-off, watchdog) and
 *   drives the retained 'backend.status'; while either is down call-outs fail 'adapter-down'.
 * - Toll-fraud guard: a call-out naming any number not configured for the participant is refused
 *   before anything is dialled; an unknown participant is refused too.
 * - One call per participant per conference: a call-out while one is ringing or connected returns
 *   that call's result; a participant who dials in while connected replaces the old call.
 * - Every 'call.connected' is followed by exactly one 'call.ended' (CallLeg).
 * - Host controls: mute per member (CallLeg), lock and recording per room (RoomControls).
 * - Radio audio legs (RadioLegs) are called whenever the back end is up; never participants.
 * - After a gateway restart, calls still in a re-attached room are taken over (CallRecovery,
 *   RecoveredLeg): claimed by the core through recoverConference, or found when the participant
 *   is called again — then the call-out answers with the surviving call instead of ringing.
 */

import { assertDiallable } from '../../bridge/dial-guard.js';
import type {
  CallOutRequest,
  CallOutResult,
  Clock,
  Logger,
  RecoveredConference,
  Telephony,
  TelephonyEvents,
} from '../../bridge/ports.js';
import { RetainedEmitter } from '../../bridge/retained-emitter.js';
import type { Subscribable } from '../../bridge/typed-emitter.js';
import type { TelephonyConfig } from '../../config/schema.js';
import { verifySecretAsync } from '../../config/secrets.js';
import { BackendLinks } from './backend-links.js';
import { CallAdmission } from './call-admission.js';
import type { CallContext } from './call-context.js';
import { CallLeg, HANGUP_EVENTS } from './call-leg.js';
import { huntCallOut } from './call-out.js';
import { CallTakeOver, callKey } from './call-take-over.js';
import { ConferenceRooms } from './conference-rooms.js';
import { handleDialIn } from './dial-in.js';
import type { IncomingInvite, InviteResponse, MediaServerLike } from './drachtio-types.js';
import { participantForCaller } from './numbers.js';
import { Pacer } from './pacer.js';
import { PinGuard } from './pin-guard.js';
import { RadioLegs } from './radio-legs.js';
import type { RecoveredLeg } from './recovered-leg.js';
import { RefusalLog } from './refusal-log.js';
import { RoomControls } from './room-controls.js';
import { type DrachtioTelephonyOptions, freeswitchConferenceName, radioAudioLegs } from './settings.js';
import { TrustedSources, untrusted } from './sip-trust.js';
import { bestEffort } from './timing.js';
import { TrunkBook } from './trunk-book.js';
import { TrunkHealth } from './trunk-health.js';
import { TrunkKeepAlive } from './trunk-keepalive.js';
import { TrunkRegistrar } from './trunk-register.js';
import { trunksFromConfig } from './trunks.js';

/** How long a clean shutdown waits for the registrars to confirm Expires: 0. */
const UNREGISTER_WAIT_MS = 2_000;

/** A participant's connected call: placed or answered by this process, or taken over. */
type ParticipantCall = CallLeg | RecoveredLeg;

export class DrachtioTelephony implements Telephony {
  readonly #events: RetainedEmitter<TelephonyEvents>;
  readonly #options: DrachtioTelephonyOptions;
  readonly #telephony: TelephonyConfig;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #links: BackendLinks;
  readonly #rooms: ConferenceRooms;
  readonly #pacer: Pacer;
  readonly #pins: PinGuard;
  readonly #ctx: CallContext;
  readonly #controls: RoomControls;
  readonly #radios: RadioLegs;
  readonly #takeOver: CallTakeOver;
  readonly #legs = new Map<string, ParticipantCall>();
  readonly #guests = new Set<CallLeg>();
  readonly #hunts = new Map<string, { result: Promise<CallOutResult>; cancel: AbortController }>();
  readonly #admission: CallAdmission;
  readonly #trunks: TrunkBook;
  readonly #trusted: TrustedSources;
  readonly #trunkHealth: TrunkHealth;
  readonly #keepAlive: TrunkKeepAlive;
  readonly #registrar: TrunkRegistrar;
  readonly #refusals: RefusalLog;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(options: DrachtioTelephonyOptions) {
    this.#options = options;
    this.#telephony = options.telephony;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'drachtio-telephony' });
    this.#events = new RetainedEmitter((event, err) =>
      this.#logger.error({ event, err }, 'telephony listener threw'),
    );
    this.#events.retain('backend.status', { available: false, reason: 'connecting' });
    const t = this.#telephony;
    this.#trunks = new TrunkBook(trunksFromConfig(t.sip), this.#clock);
    this.#trusted = new TrustedSources(t.sip.trustedSources);
    this.#refusals = new RefusalLog(this.#clock, this.#logger);
    this.#admission = new CallAdmission({
      telephony: t,
      clock: this.#clock,
      logger: this.#logger,
      liveCalls: () => this.#legs.size + this.#guests.size + this.#radios.size + this.#pacer.running,
      waiting: () => this.#pacer.waiting,
      onReading: () => this.#pacer.poke(),
    });
    this.#pacer = new Pacer(
      this.#clock,
      t.maxConcurrentCallOuts,
      Math.ceil(1000 / t.sip.callsPerSecond),
      () => this.#admission.admitCallOut(),
    );
    this.#pins = new PinGuard(this.#clock, {
      failuresToLock: t.dialIn.lockoutAfterFailures,
      windowMs: t.dialIn.lockoutWindowMs,
      lockoutMs: t.dialIn.lockoutMs,
      globalFailureBudget: t.dialIn.globalFailureBudget,
      globalLockoutMs: t.dialIn.globalLockoutMs,
      onGlobalLock: (status) => {
        if (!this.#closed) this.#events.emit('dial-in.pin-budget', status);
      },
    });
    this.#rooms = new ConferenceRooms(this.#clock, this.#logger, t.timings.operationTimeoutMs);
    this.#links = new BackendLinks({
      telephony: t,
      driver: options.driver,
      clock: this.#clock,
      logger: this.#logger,
      onInvite: (req, res) => this.#dialIn(req, res),
      onStatus: (status) => {
        if (this.#closed) return;
        this.#events.retain('backend.status', status);
        this.#radios.backendChanged(status.available);
      },
      onMediaServer: (ms) => {
        // Every call's hang-up cause, also when fsmrf loses it (CallLeg HANGUP_CAUSE_WAIT_MS).
        ms?.conn.subscribe(HANGUP_EVENTS);
        this.#rooms.mediaServerChanged(ms);
        this.#admission.mediaServerChanged(ms);
        this.#takeOver.recovery.reset();
        if (ms) this.#takeOver.mediaServerBack(ms);
      },
    });
    this.#ctx = this.#context();
    this.#trunkHealth = new TrunkHealth(this.#trunks, this.#clock, (report) => {
      if (!this.#closed) this.#events.retain('trunks.status', report);
    });
    this.#trunkHealth.announce();
    this.#keepAlive = new TrunkKeepAlive({
      trunks: this.#trunks.all,
      srf: this.#links.srf,
      clock: this.#clock,
      logger: this.#logger,
      linkUp: () => this.#links.available,
      onVerdict: (verdict) => this.#trunkHealth.keepAlive(verdict),
    });
    this.#registrar = new TrunkRegistrar({
      trunks: this.#trunks.all,
      srf: this.#links.srf,
      clock: this.#clock,
      logger: this.#logger,
      linkUp: () => this.#links.available,
      onVerdict: (verdict) => this.#trunkHealth.registration(verdict),
    });
    this.#controls = new RoomControls({
      clock: this.#clock,
      logger: this.#logger,
      timeoutMs: t.timings.operationTimeoutMs,
      mediaServer: () => (this.#closed ? null : this.#links.mediaServer),
      room: (ms, conferenceId) => this.#ctx.room(ms, conferenceId),
    });
    this.#takeOver = new CallTakeOver({
      clock: this.#clock,
      logger: this.#logger,
      telephony: t,
      participantIds: new Set(options.participants.map((p) => p.id)),
      links: this.#links,
      calls: this.#legs,
      emit: (event, payload) => this.#events.emit(event, payload),
      isClosed: () => this.#closed,
      room: (ms, conferenceId) => this.#ctx.room(ms, conferenceId),
      isOurs: (uuid) => [...this.#legs.values(), ...this.#guests].some((leg) => leg.uuid === uuid),
      adoptRecording: (conferenceId, file) => this.#controls.adoptRecording(conferenceId, file),
      recordingTo: (conferenceId) => this.#controls.recordingTo(conferenceId),
    });
    this.#radios = new RadioLegs({
      ctx: this.#ctx,
      legs: radioAudioLegs(options),
      clock: this.#clock,
      logger: this.#logger.child({ leg: 'radio-audio' }),
      reconnectMinMs: t.timings.reconnectMinMs,
      reconnectMaxMs: t.timings.reconnectMaxMs,
      command: (ms, args) => this.#controls.command(ms, args),
    });
  }

  get events(): Subscribable<TelephonyEvents> {
    return this.#events;
  }

  /** Starts connecting to drachtio-server and FreeSWITCH (in the background, with back-off). */
  start(): void {
    if (this.#closed) return;
    this.#links.start();
    this.#keepAlive.start();
    this.#registrar.start();
  }

  async callOut(request: CallOutRequest): Promise<CallOutResult> {
    const { conferenceId, participantId, numbers } = request;
    assertDiallable(
      request,
      this.#options.participants.find((p) => p.id === request.participantId)?.phoneNumbers,
      this.#logger,
    );
    if (this.#closed) return { outcome: 'failed', number: null, cause: 'adapter-down' };
    const key = callKey(conferenceId, participantId);
    const leg = this.#legs.get(key);
    if (leg) return { outcome: 'answered', number: leg.number };
    const pending = this.#hunts.get(key);
    if (pending) return pending.result;
    if (numbers.length === 0) return { outcome: 'failed', number: null, cause: 'no-number' };
    if (!this.#links.available) return { outcome: 'failed', number: null, cause: 'adapter-down' };
    if (await this.#takeOver.onCallOut(conferenceId, participantId))
      return { outcome: 'answered', number: null };

    const logger = this.#logger.child({ conferenceId, participantId, callId: `out-${participantId}` });
    const cancel = new AbortController();
    let waited = false;
    const result = huntCallOut(this.#ctx, this.#pacer, {
      conferenceId,
      participantId,
      numbers,
      logger,
      signal: cancel.signal,
      waiting: (reason) => {
        if (reason === null && !waited) return;
        waited = true;
        this.#events.emit('call.waiting', { conferenceId, participantId, reason });
      },
    }).finally(() => {
      if (this.#hunts.get(key)?.result === result) this.#hunts.delete(key);
    });
    this.#hunts.set(key, { result, cancel });
    return result;
  }

  /** Hangs up the participant's call; a call-out still waiting for capacity is cancelled. */
  async hangup(conferenceId: string, participantId: string): Promise<void> {
    const key = callKey(conferenceId, participantId);
    this.#hunts.get(key)?.cancel.abort();
    await this.#legs.get(key)?.end('hangup');
  }

  async setMuted(conferenceId: string, participantId: string, muted: boolean): Promise<void> {
    await this.#legs.get(callKey(conferenceId, participantId))?.setMuted(muted);
  }

  setLocked(conferenceId: string, locked: boolean): Promise<void> {
    return this.#controls.setLocked(conferenceId, locked);
  }

  startRecording(conferenceId: string, file: string): Promise<void> {
    return this.#controls.startRecording(conferenceId, file);
  }

  stopRecording(conferenceId: string): Promise<void> {
    return this.#controls.stopRecording(conferenceId);
  }

  /**
   * After a restart: takes over the participants' calls still in the conference's room on
   * FreeSWITCH (waiting up to `timings.recoverWaitMs` for both links), and reports the recording
   * that survived with the room.
   */
  recoverConference(conferenceId: string): Promise<RecoveredConference> {
    return this.#takeOver.recoverConference(conferenceId);
  }

  /** Radio audio legs connected now (a RoIP leg is no participant: it has no call events). */
  radioAudioConnected(): { radioId: string; memberId: number }[] {
    return this.#radios.connected();
  }

  /** Ends every call and the rooms, then disconnects. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * Disconnects and leaves every call up (`telephony.onShutdown: keep-calls`): FreeSWITCH keeps
   * the members in their rooms and drachtio-server keeps the dialogs, so people go on talking
   * and the next gateway process takes the calls over (recoverConference). Emits nothing more.
   */
  detach(): Promise<void> {
    this.#closing ??= this.#letGo();
    return this.#closing;
  }

  async #letGo(): Promise<void> {
    this.#closed = true;
    this.#pacer.close();
    this.#pins.close();
    this.#keepAlive.close();
    // The next gateway process takes the calls over and refreshes the binding: dial-ins keep
    // reaching us meanwhile.
    this.#registrar.close();
    this.#admission.close();
    this.#radios.release();
    for (const leg of [...this.#legs.values(), ...this.#guests]) leg.release();
    this.#legs.clear();
    this.#guests.clear();
    this.#links.close();
    this.#logger.info(
      { onShutdown: 'keep-calls' },
      'telephony detached: calls stay up for the next gateway process',
    );
    this.#events.retain('backend.status', { available: false, reason: 'closed' });
    this.#events.removeAllListeners();
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    this.#pacer.close();
    this.#pins.close();
    this.#keepAlive.close();
    this.#admission.close();
    const legs = [...this.#legs.values(), ...this.#guests];
    await Promise.all([
      this.#radios.close(),
      ...legs.map((leg) => leg.end('shutdown')),
      bestEffort(this.#clock, () => this.#registrar.unregister(this.#logger), UNREGISTER_WAIT_MS),
    ]);
    await bestEffort(this.#clock, () => this.#rooms.close(), this.#telephony.timings.operationTimeoutMs);
    this.#links.close();
    this.#events.retain('backend.status', { available: false, reason: 'closed' });
    this.#events.removeAllListeners();
  }

  async #roomReady(
    ms: MediaServerLike,
    room: string,
    conferenceId: string,
    reattached: boolean,
  ): Promise<void> {
    await Promise.all([
      this.#controls
        .roomReady(ms, room, conferenceId)
        .catch((err: unknown) =>
          this.#logger.warn({ conferenceId, err: String(err) }, 'room lock not applied'),
        ),
      reattached
        ? this.#takeOver.recovery
            .reattached(ms, room, conferenceId)
            .catch((err: unknown) =>
              this.#logger.warn(
                { conferenceId, err: String(err) },
                'calls in the re-attached room not surveyed',
              ),
            )
        : null,
    ]);
  }

  #dialIn(req: IncomingInvite, res: InviteResponse): void {
    // Before anything else, also before a 503 that would tell a scanner something answers here.
    const distrust = untrusted(this.#trusted, req);
    if (distrust) {
      this.#refusals.refused(distrust, req.source_address);
      res.send(403);
      return;
    }
    if (this.#closed || !this.#links.available) {
      res.send(503);
      return;
    }
    const { participants, conferences } = this.#options;
    const countryCode = this.#telephony.sip.countryCode;
    const verdict = this.#admission.admitDialIn(() =>
      handleDialIn(
        this.#ctx,
        {
          conferences,
          pins: this.#pins,
          verifyPin: this.#options.verifyPin ?? verifySecretAsync,
          identify: (caller) => participantForCaller(caller, participants, countryCode),
          isLocked: (conferenceId) => this.#controls.isLocked(conferenceId),
          logger: this.#logger.child({ callId: `in-${this.#clock.now().toString(36)}` }),
        },
        req,
        res,
      ),
    );
    if (!verdict.admit) {
      const retryAfter = String(this.#telephony.capacity.retryAfterS);
      this.#logger.info(
        { reason: verdict.reason, detail: verdict.detail, source: req.source_address },
        'dial-in refused: at capacity',
      );
      res.send(503, { headers: { 'Retry-After': retryAfter } });
    }
  }

  #context(): CallContext {
    const sizing = (conferenceId: string) => ({
      rosterSize:
        this.#options.conferences.find((c) => c.id === conferenceId)?.rosterSize ??
        this.#options.participants.length,
      radioLegs:
        this.#radios.size > 0
          ? Math.max(this.#options.radioLegs, this.#radios.size)
          : this.#options.radioLegs,
    });
    return {
      clock: this.#clock,
      telephony: this.#telephony,
      srf: this.#links.srf,
      trunks: this.#trunks,
      mediaServer: () => this.#links.mediaServer,
      isClosed: () => this.#closed,
      room: async (ms: MediaServerLike, conferenceId: string) => {
        const name = freeswitchConferenceName(conferenceId);
        await this.#rooms.ensure(ms, name, sizing(conferenceId), (reattached) =>
          this.#roomReady(ms, name, conferenceId, reattached),
        );
        return name;
      },
      adopt: ({ radio, onEnded, ...call }) => {
        const key = call.participantId === null ? null : callKey(call.conferenceId, call.participantId);
        const previous = key ? this.#legs.get(key) : undefined;
        if (previous) void previous.end('replaced');
        if (call.participantId !== null) {
          void this.#takeOver.recovery.displace(
            this.#links.mediaServer,
            call.conferenceId,
            call.participantId,
          );
        }
        const leg = new CallLeg({
          ...call,
          emit: (event, payload) => this.#events.emit(event, payload),
          clock: this.#clock,
          mediaTimeoutMs: this.#telephony.mediaTimeoutMs,
          qualityIntervalMs: this.#telephony.timings.qualityIntervalMs,
          operationTimeoutMs: this.#telephony.timings.operationTimeoutMs,
          reportsTalking: !radio,
          radioId: radio?.radioId ?? null,
          finished: (done) => {
            if (key && this.#legs.get(key) === done) this.#legs.delete(key);
            this.#guests.delete(done);
            radio?.finished(done);
            onEnded?.();
            this.#pacer.poke(); // a call fewer: a waiting call-out may fit now
          },
        });
        if (key) this.#legs.set(key, leg);
        else this.#guests.add(leg);
        leg.announce();
        return leg;
      },
    };
  }
}
