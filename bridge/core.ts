/**
 * The domain core's facade: wires link health, path selection, conferences, agent and radio
 * watches around the ports, and exposes the GatewayCore API to inbound adapters.
 * It holds no protocol knowledge and does no I/O of its own.
 */
import { AgentWatch } from './agent-watch.js';
import { backendReady } from './backend-ready.js';
import { CallUpService } from './call-up/service.js';
import { callUpText } from './call-up/text.js';
import { isoTime } from './clock.js';
import { ConferenceController } from './conference-controller.js';
import { resumeConferences } from './conference-resume.js';
import { ConferenceStateWriter } from './conference-state-writer.js';
import type { ConferenceStateStore } from './conference-store.js';
import { type ConvenePlan, type ConveneRequest, planConvene, type RosterPreview } from './convene-plan.js';
import type { GatewayCore, ParticipantView } from './core-api.js';
import { ConflictError, CoreErrorCodes, NotFoundError, ValidationError } from './errors.js';
import type { DomainEvents } from './events.js';
import { FailoverAnnouncer } from './failover-announcer.js';
import { FLOOR_DEFAULTS, type FloorTimings } from './floor-control.js';
import type { AgentHeartbeat } from './heartbeat.js';
import { HostControls } from './host-controls.js';
import { HostState } from './host-state.js';
import type { LinkObservation } from './link-book.js';
import { isRunning } from './member-dialler.js';
import type {
  ConferenceSnapshot,
  ConferenceSpec,
  LinkPath,
  MemberSnapshot,
  ParticipantSpec,
  PathSnapshot,
  RadioStatus,
  RollCall,
  VoicePath,
} from './model.js';
import { ParticipantPaths } from './participant-paths.js';
import type { PathTimings } from './path-selector.js';
import { PhoneLinkMonitor } from './phone-link-monitor.js';
import type { PhoneQualitySettings } from './phone-quality.js';
import { pinBudgetAlarm } from './pin-budget-alarms.js';
import type { Clock, Logger, RadioTerminal, SmsSender, Telephony } from './ports.js';
import { RadioVoice } from './radio-voice.js';
import { RadioWatch } from './radio-watch.js';
import { RefusalAudit } from './refusal-audit.js';
import { rollCallOf } from './roll-call.js';
import { raiseStoreAlarms } from './store-alarms.js';
import { StoreHealth, type StoreHealthSnapshot } from './store-health.js';
import { type TrunkStatus, TrunkWatch } from './trunk-status.js';
import { TypedEmitter } from './typed-emitter.js';

export interface CoreOptions {
  participants: readonly ParticipantSpec[];
  conferences: readonly ConferenceSpec[];
  radios: readonly { terminal: RadioTerminal; talkgroup: string }[];
  telephony: Telephony;
  clock: Clock;
  logger: Logger;
  timings: PathTimings & {
    redialIntervalMs: number;
    maxConcurrentCallOuts: number;
    heartbeatStaleMs: number;
    /** How long start waits for a telephony back end still connecting before convening (0: not). */
    startupWaitMs?: number;
  };
  quality: PhoneQualitySettings;
  announceBySds: boolean;
  floor?: FloorTimings;
  /** Directory on the media server for conference recordings (default `recordings`). */
  recordingsDir?: string;
  /**
   * Where conference states and host flags are kept across restarts. With it, `start()` resumes
   * the conferences that were running, with their flags; without it, every conference starts `idle`.
   */
  conferenceStore?: ConferenceStateStore;
  /** Told about failing saves; its changes are raised as `store.health` events and alarms. */
  storeHealth?: StoreHealth;
  /** The modem the call-up is texted through (issue 12); without it the SMS part is skipped. */
  sms?: SmsSender;
  /** The call-up (kallelse) on convene; off when absent. */
  callUp?: CallUpSettings;
}

export interface CallUpSettings {
  /** Who convenes, as the text names it ("Länsstyrelsen i Demolän"); the host's name is added. */
  sender: string;
  /** The time zone the text's clock time is in. */
  timeZone: string;
}

/** `by` of the conveneOnStart convenes. */
const STARTUP = 'startup';

/** Defaults for the optional CoreOptions, in one place. */
export const CORE_DEFAULTS = {
  floor: FLOOR_DEFAULTS,
  recordingsDir: 'recordings',
} as const;

export interface Core extends GatewayCore {
  /**
   * Resumes the conferences the store has as running (adopting the calls the telephony adapter
   * recovers, redialling the rest, re-applying the host's flags), then convenes the other
   * conferences marked `conveneOnStart`.
   */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  return new CoreImpl(options);
}

class CoreImpl implements Core {
  readonly #emitter: TypedEmitter<DomainEvents>;
  readonly #participants: Map<string, ParticipantSpec>;
  readonly #conferenceSpecs: readonly ConferenceSpec[];
  readonly #paths: ParticipantPaths;
  readonly #phone: PhoneLinkMonitor;
  readonly #trunks: TrunkWatch;
  readonly #conferences: ConferenceController;
  readonly #host: HostControls;
  readonly #hostState: HostState;
  readonly #agents: AgentWatch;
  readonly #radio: RadioWatch;
  readonly #announcer: FailoverAnnouncer;
  readonly #radioStatus = new Map<string, RadioStatus>();
  readonly #logger: Logger;
  readonly #unsubscribe: (() => void)[];
  readonly #announceBySds: boolean;
  readonly #clock: Clock;
  readonly #voice: RadioVoice;
  readonly #telephony: Telephony;
  readonly #startupWaitMs: number;
  readonly #store: ConferenceStateStore | null;
  /** Store writes in order of the changes; awaited on close. */
  readonly #writer: ConferenceStateWriter | null;
  readonly #storeHealth: StoreHealth;
  readonly #refusals: RefusalAudit;
  readonly #callUp: CallUpService;
  readonly #callUpSettings: CallUpSettings | null;

  constructor(options: CoreOptions) {
    const { clock, logger } = options;
    this.#logger = logger;
    this.#clock = clock;
    this.#announceBySds = options.announceBySds;
    this.#conferenceSpecs = options.conferences;
    this.#telephony = options.telephony;
    this.#startupWaitMs = options.timings.startupWaitMs ?? 0;
    this.#store = options.conferenceStore ?? null;
    this.#storeHealth = options.storeHealth ?? new StoreHealth(clock, logger);
    this.#writer = this.#store
      ? new ConferenceStateWriter(this.#store, {
          clock,
          logger,
          health: this.#storeHealth.reporter('conference-state'),
        })
      : null;
    this.#emitter = new TypedEmitter<DomainEvents>((event, err) =>
      logger.error({ err, event }, 'domain event listener failed'),
    );
    const emit = this.#emitter.emit.bind(this.#emitter);
    this.#participants = new Map(options.participants.map((p) => [p.id, p]));
    const ids = [...this.#participants.keys()];
    this.#paths = new ParticipantPaths(ids, clock, options.timings, emit, (path, previous) =>
      this.#pathChanged(path, previous),
    );
    this.#trunks = new TrunkWatch((trunk, usable) => emit('trunk.changed', { trunk, usable }));
    const observe = (path: LinkPath) => (pid: string, obs: LinkObservation) =>
      this.#paths.observe(pid, path, obs);
    this.#phone = new PhoneLinkMonitor(
      options.telephony,
      ids,
      options.quality,
      observe('phone'),
      logger,
      options.clock,
      this.#trunks,
    );
    const hostState = new HostState((cid) => this.#persist(cid));
    this.#hostState = hostState;
    this.#callUpSettings = options.callUp ?? null;
    this.#callUp = new CallUpService({
      participants: this.#participants,
      terminals: options.radios.map((r) => r.terminal),
      sms: options.sms ?? null,
      clock,
      logger,
      onChange: (cid) => this.#conferences.changed(cid),
      onEvent: (event) => emit('conference.event', event),
    });
    this.#conferences = new ConferenceController({
      conferences: options.conferences,
      participants: options.participants,
      telephony: options.telephony,
      phone: this.#phone,
      clock,
      logger,
      timings: options.timings,
      emit,
      hooks: {
        joined: (cid, pids) => {
          for (const pid of pids) this.#paths.selector(pid).join(cid);
        },
        left: (pids, reason) => {
          for (const pid of pids) this.#paths.selector(pid).leave(reason);
        },
        activePathOf: (pid) => this.#paths.selector(pid).snapshot().active,
        callUpOf: (cid) => this.#callUp.snapshot(cid),
        stateChanged: (cid) => this.#persist(cid),
      },
      host: hostState,
    });
    this.#host = new HostControls({
      telephony: options.telephony,
      conferences: this.#conferences,
      state: hostState,
      phone: this.#phone,
      paths: {
        leave: (pid, reason) => this.#paths.selector(pid).leave(reason),
        join: (cid, pid) => this.#paths.selector(pid).join(cid),
      },
      clock,
      logger,
      emit,
      recordingsDir: options.recordingsDir ?? CORE_DEFAULTS.recordingsDir,
    });
    this.#refusals = new RefusalAudit(emit, clock, (pid) => this.#conferences.runningConferenceOf(pid));
    this.#agents = new AgentWatch(
      options.participants,
      clock,
      options.timings.heartbeatStaleMs,
      observe('agent'),
    );
    this.#radio = new RadioWatch({
      participants: options.participants,
      terminals: options.radios.map((r) => r.terminal),
      observe: observe('radio'),
      onStatus: (status) => {
        this.#radioStatus.set(status.radioId, status);
        emit('radio.status', { status });
      },
      onEmergency: (alarm) => emit('alarm', alarm),
      logger,
    });
    this.#announcer = new FailoverAnnouncer({
      participants: this.#participants,
      terminals: options.radios,
      conferenceName: (cid) => this.#conferenceSpecs.find((c) => c.id === cid)?.name ?? cid,
      onOutcome: (pid, outcome) => this.#radio.sdsOutcome(pid, outcome),
      onEvent: (event) => emit('conference.event', event),
      clock,
      logger,
    });
    this.#voice = new RadioVoice({
      terminals: options.radios.map((r) => r.terminal),
      clock,
      logger,
      timings: options.floor ?? CORE_DEFAULTS.floor,
      participantFor: (issi) => this.#radio.participantFor(issi),
      onFloor: (floor) => emit('radio.floor', { floor }),
      activePathOf: (pid) => this.#paths.activePathOf(pid),
      anyoneOnRadio: () => this.#paths.anyoneOnRadio(),
    });
    const tel = options.telephony.events;
    this.#unsubscribe = [
      tel.on('call.connected', (e) => {
        this.#conferences.memberJoined(e.conferenceId, e.participantId, e.number);
        this.#host.callConnected(e.conferenceId, e.participantId);
      }),
      tel.on('call.ended', (e) => {
        this.#voice.setTalking(e.participantId, false);
        this.#conferences.callEnded(e.conferenceId, e.participantId, e.cause);
      }),
      tel.on('call.talking', (e) => this.#voice.setTalking(e.participantId, e.talking)),
      tel.on('call.waiting', (e) => this.#conferences.callWaiting(e.conferenceId, e.participantId, e.reason)),
      raiseStoreAlarms(this.#storeHealth, emit),
      tel.on('dial-in.pin-budget', (status) => emit('alarm', pinBudgetAlarm(status, clock.now()))),
      // Replies to the call-up: by SDS to any gateway terminal, by SMS to the modem.
      ...options.radios.map(({ terminal }) =>
        terminal.events.on('sds.received', (m) => this.#callUp.reply('sds', m.from, m.text)),
      ),
      options.sms?.events.on('sms.received', (m) => this.#callUp.reply('sms', m.from, m.text)) ?? (() => {}),
    ];
  }

  get events() {
    return this.#emitter;
  }

  async start(): Promise<void> {
    const resumed = this.#store
      ? await resumeConferences({
          store: this.#store,
          configured: new Set(this.#conferenceSpecs.map((c) => c.id)),
          telephony: this.#telephony,
          conferences: this.#conferences,
          host: this.#host,
          clock: this.#clock,
          logger: this.#logger,
        })
      : new Set<string>();
    const toConvene = this.#conferenceSpecs.filter((spec) => spec.conveneOnStart && !resumed.has(spec.id));
    if (toConvene.length === 0) return;
    const waitMs = this.#startupWaitMs;
    if (!(await backendReady(this.#telephony, this.#clock, waitMs))) {
      this.#logger.warn(
        { waitMs },
        'telephony back end not up: convening anyway (call-outs fail until it is)',
      );
    }
    for (const spec of toConvene) await this.#conveneAtStart(spec.id);
  }

  /**
   * A host may convene while the back end is still coming up: a conference already running is
   * left as the host made it, members a host took into another conference are left out, and
   * a start-up convene that still fails is logged — it must never stop the gateway, which is
   * what the host needs to convene by hand.
   */
  async #conveneAtStart(conferenceId: string): Promise<void> {
    const state = this.#conferences.get(conferenceId).state;
    if (isRunning(state)) {
      this.#logger.info({ conferenceId, state }, 'start-up convene skipped: a host convened it first');
      return;
    }
    try {
      const preview = this.#plan(conferenceId, {}).preview;
      if (preview.counts.busy > 0) {
        this.#logger.warn(
          { conferenceId, busy: preview.selected.filter((e) => e.busyIn).map((e) => e.participantId) },
          'start-up convene leaves out members a host took into another conference',
        );
      }
      await this.convene(conferenceId, STARTUP, { skipBusy: true });
    } catch (err) {
      this.#logger.error({ err, conferenceId }, 'start-up convene failed: the conference waits for a host');
    }
  }

  participants(): ParticipantView[] {
    return [...this.#participants.keys()].map((id) => this.participant(id));
  }

  participant(id: string): ParticipantView {
    const participant = this.#participantSpec(id);
    return { participant, links: this.#paths.links.all(id), path: this.#paths.selector(id).snapshot() };
  }

  conferences(): ConferenceSnapshot[] {
    return this.#conferences.list();
  }

  conference(id: string): ConferenceSnapshot {
    return this.#conferences.get(id);
  }

  radios(): RadioStatus[] {
    return [...this.#radioStatus.values()];
  }

  convene(conferenceId: string, by: string, request: ConveneRequest = {}): Promise<ConferenceSnapshot> {
    return this.#refusals.run({ action: 'convene', by, conferenceId }, () =>
      this.#convene(conferenceId, by, request),
    );
  }

  async #convene(conferenceId: string, by: string, request: ConveneRequest): Promise<ConferenceSnapshot> {
    const { roster, preview } = this.#plan(conferenceId, request);
    if (roster.length === 0) {
      throw new ValidationError(CoreErrorCodes.INVALID_SELECTION, 'the selection selects nobody to call');
    }
    this.#logger.info({ conferenceId, by, subject: preview.subject, counts: preview.counts }, 'convene');
    this.#callUp.clear(conferenceId);
    const convened = await this.#conferences.convene(conferenceId, by, { roster, subject: preview.subject });
    const settings = this.#callUpSettings;
    // A start-up convene is the planned conference, and a gateway restarting in a loop must
    // never text everyone again and again: only a host's convene sends a call-up.
    if (!settings || request.callUp === false || by === STARTUP) return convened;
    // After the convene succeeded: nobody is summoned to a conference that did not start.
    const spec = this.#conferenceSpecs.find((c) => c.id === conferenceId);
    const text = callUpText({
      conferenceName: convened.name,
      subject: convened.subject,
      convenedBy: `${settings.sender} (${by})`,
      atMs: this.#clock.now(),
      timeZone: settings.timeZone,
      dialIn: spec?.dialIn ?? null,
    });
    this.#callUp.send(conferenceId, text, by, roster);
    return this.#conferences.get(conferenceId);
  }

  previewConvene(conferenceId: string, request: ConveneRequest = {}): RosterPreview {
    return this.#plan(conferenceId, request).preview;
  }

  #plan(conferenceId: string, request: ConveneRequest): ConvenePlan {
    const spec = this.#conferenceSpecs.find((c) => c.id === conferenceId);
    if (!spec) {
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_CONFERENCE, `no conference with id "${conferenceId}"`);
    }
    return planConvene({
      conferenceId,
      configuredRoster: spec.roster,
      request,
      participants: this.#participants,
      busyIn: (pid) => {
        const other = this.#conferences.runningConferenceOf(pid);
        return other === conferenceId ? null : other;
      },
    });
  }

  async end(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.#logger.info({ conferenceId, by }, 'end conference');
    return this.#refusals.run({ action: 'end', by, conferenceId }, async () => {
      await this.#host.releaseForEnd(conferenceId, by);
      return this.#conferences.end(conferenceId, by);
    });
  }

  async setMuted(participantId: string, muted: boolean, by: string): Promise<MemberSnapshot> {
    this.#participantSpec(participantId);
    return this.#refusals.run({ action: muted ? 'mute' : 'unmute', by, participantId }, () =>
      this.#host.setMuted(participantId, muted, by),
    );
  }

  async removeParticipant(participantId: string, by: string): Promise<MemberSnapshot> {
    this.#participantSpec(participantId);
    return this.#refusals.run({ action: 'remove', by, participantId }, () =>
      this.#host.remove(participantId, by),
    );
  }

  async readmit(participantId: string, by: string): Promise<MemberSnapshot> {
    this.#participantSpec(participantId);
    return this.#refusals.run({ action: 'readmit', by, participantId }, () =>
      this.#host.readmit(participantId, by),
    );
  }

  setOnSite(participantId: string, onSite: boolean, by: string): MemberSnapshot {
    this.#participantSpec(participantId);
    return this.#refusals.runSync(
      { action: onSite ? 'mark on site' : 'clear on site', by, participantId },
      () => this.#host.setOnSite(participantId, onSite, by),
    );
  }

  setLocked(conferenceId: string, locked: boolean, by: string): Promise<ConferenceSnapshot> {
    return this.#refusals.run({ action: locked ? 'lock' : 'unlock', by, conferenceId }, () =>
      this.#host.setLocked(conferenceId, locked, by),
    );
  }

  startRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    return this.#refusals.run({ action: 'start recording', by, conferenceId }, () =>
      this.#host.startRecording(conferenceId, by),
    );
  }

  stopRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    return this.#refusals.run({ action: 'stop recording', by, conferenceId }, () =>
      this.#host.stopRecording(conferenceId, by),
    );
  }

  rollCall(conferenceId: string): RollCall {
    return rollCallOf(this.#conferences.get(conferenceId), this.#participants, isoTime(this.#clock.now()));
  }

  takeRollCall(conferenceId: string, by: string): RollCall {
    return this.#refusals.runSync({ action: 'take roll call', by, conferenceId }, () => {
      const rollCall = this.rollCall(conferenceId);
      if (!isRunning(rollCall.state)) {
        throw new ConflictError(
          CoreErrorCodes.CONFERENCE_STATE,
          `conference ${conferenceId} is ${rollCall.state}`,
        );
      }
      this.#logger.info({ conferenceId, by, counts: rollCall.counts }, 'roll call taken');
      this.#emitter.emit('conference.roll-call', { rollCall, by });
      return rollCall;
    });
  }

  forcePath(participantId: string, path: VoicePath, by: string): PathSnapshot {
    this.#participantSpec(participantId);
    const pinned = this.#refusals.runSync({ action: `force ${path}`, by, participantId }, () =>
      this.#paths.pin(participantId, path, by),
    );
    this.#logger.info({ participantId, path, by }, 'path pinned by host');
    return pinned;
  }

  releasePath(participantId: string, by: string): PathSnapshot {
    this.#participantSpec(participantId);
    this.#logger.info({ participantId, by }, 'path override released');
    return this.#paths.release(participantId, by);
  }

  storeHealth(): StoreHealthSnapshot {
    return this.#storeHealth.snapshot();
  }

  trunks(): TrunkStatus[] {
    return this.#trunks.snapshot();
  }

  trunksUsable(): boolean {
    return this.#trunks.usable;
  }

  async stateSaved(): Promise<boolean> {
    return (await this.#writer?.flush()) ?? true;
  }

  recordHeartbeat(participantId: string, heartbeat: AgentHeartbeat): void {
    this.#participantSpec(participantId);
    this.#agents.heartbeat(participantId, heartbeat);
  }

  async close(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    await this.#writer?.flush();
    this.#writer?.close();
    await this.#voice.close();
    this.#conferences.close();
    this.#phone.close();
    this.#agents.close();
    this.#radio.close();
    this.#paths.dispose();
    this.#emitter.removeAllListeners();
  }

  /** Queues a save of a conference's state and host flags as they are now. */
  #persist(conferenceId: string): void {
    if (!this.#writer) return;
    const { state, since, roster, subject } = this.#conferences.get(conferenceId);
    this.#writer.save({
      conferenceId,
      state,
      since,
      host: this.#hostState.persisted(conferenceId),
      run: { roster, subject },
    });
  }

  #pathChanged(path: PathSnapshot, previous: PathSnapshot['active']): void {
    const { participantId, active, reason, by } = path;
    this.#voice.pathChanged(participantId, active, previous);
    this.#logger.info({ participantId, from: previous, to: active, reason, by }, 'path changed');
    this.#emitter.emit('path.changed', { path, previous });
    const conferenceId = path.conferenceId ?? this.#conferences.runningConferenceOf(path.participantId);
    if (conferenceId) {
      this.#emitter.emit('conference.event', {
        conferenceId,
        type: 'path-changed',
        at: isoTime(this.#clock.now()),
        participantId: path.participantId,
        path: path.active,
        reason: path.reason,
        by: by ?? undefined,
      });
      this.#conferences.changed(conferenceId);
    }
    if (this.#announceBySds && path.active === 'radio' && previous !== 'radio' && path.conferenceId) {
      this.#announcer.announce(path);
    }
  }

  #participantSpec(id: string): ParticipantSpec {
    const participant = this.#participants.get(id);
    if (!participant) {
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `no participant with id "${id}"`);
    }
    return participant;
  }
}
