/**
 * Feeds the conference log from the core's domain events (issue 11): a run opens when a
 * conference is convened (or resumed with no open run to continue), every conference event of
 * that conference is appended with its `by`, roll calls the host takes, radio emergencies and
 * sambandstest runs started meanwhile go in too, and the run ends with the conference.
 *
 * Writes go through RetryingWrites: in the order of the events, never blocking whoever emitted
 * them, and kept in memory and retried while the store refuses them (a full disk). A gateway
 * killed mid-run leaves the run open in the store; the restarted one continues it when the core
 * resumes the conference (or closes it as `interrupted` when the conference is convened anew).
 */
import { compactTime, isoTime } from '../clock.js';
import { SambandError } from '../errors.js';
import type { ConferenceEvent, DomainEvents, RadioEmergencyAlarm } from '../events.js';
import type { Clock, Logger } from '../ports.js';
import { RetryingWrites } from '../retrying-writes.js';
import type { SambandstestEvents } from '../sambandstest/events.js';
import type { StoreHealthReporter } from '../store-health.js';
import type { Subscribable } from '../typed-emitter.js';
import { ConferenceLogErrorCodes } from './errors.js';
import type { ConferenceRun, NewLogEntry, OnSitePlace, RosterMember } from './model.js';
import type { ConferenceLogStore } from './store.js';

/** What the log needs to know of a configured conference when a run opens. */
export interface LoggedConference {
  name: string;
  roster: RosterMember[];
  onSite: OnSitePlace | null;
}

export interface ConferenceLogRecorderOptions {
  store: ConferenceLogStore;
  events: Subscribable<DomainEvents>;
  /** Sambandstest runs started during a conference are noted in its log. */
  sambandstest?: Subscribable<Pick<SambandstestEvents, 'run.started'>>;
  conferences: ReadonlyMap<string, LoggedConference>;
  clock: Clock;
  logger: Logger;
  health?: StoreHealthReporter;
  /** Ended runs older than this many days are removed; null keeps every run. */
  retentionDays: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const UNWATCHED: StoreHealthReporter = { failing() {}, healthy() {} };
/** Retrying cannot make the store take an entry for a run it has closed or never had. */
const PERMANENT = new Set<string>(Object.values(ConferenceLogErrorCodes));

export class ConferenceLogRecorder {
  readonly #o: ConferenceLogRecorderOptions;
  readonly #writes: RetryingWrites;
  /** conferenceId → its open run. */
  readonly #open = new Map<string, ConferenceRun>();
  readonly #offs: (() => void)[] = [];
  #writeSeq = 0;
  readonly #lastRunBase = new Map<string, { base: string; n: number }>();

  constructor(options: ConferenceLogRecorderOptions) {
    this.#o = options;
    this.#writes = new RetryingWrites({
      clock: options.clock,
      logger: options.logger,
      health: options.health ?? UNWATCHED,
      isPermanent: (error) => error instanceof SambandError && PERMANENT.has(error.code),
    });
  }

  /** Loads the runs a previous process left open and starts listening. Call before the core starts. */
  async start(): Promise<void> {
    for (const run of await this.#o.store.openRuns()) {
      const older = this.#open.get(run.conferenceId);
      // Oldest first: a newer open run of the same conference supersedes an older one.
      if (older) this.#end(older, run.startedAt, 'interrupted');
      this.#open.set(run.conferenceId, run);
    }
    this.#prune();
    const { events, sambandstest } = this.#o;
    this.#offs.push(
      events.on('conference.event', (event) => this.#conferenceEvent(event)),
      events.on('conference.roll-call', ({ rollCall, by }) =>
        this.#append(rollCall.conferenceId, { at: rollCall.at, kind: 'roll-call', by, rollCall }),
      ),
      events.on('alarm', (alarm) => {
        if (alarm.kind === 'radio-emergency') this.#emergency(alarm);
      }),
    );
    if (sambandstest) {
      this.#offs.push(
        sambandstest.on('run.started', ({ run }) => {
          for (const conferenceId of this.#open.keys()) {
            this.#append(conferenceId, {
              at: run.startedAt,
              kind: 'sambandstest',
              detail: run.id,
              reason: run.trigger,
              ...(run.requestedBy ? { by: run.requestedBy } : {}),
            });
          }
        }),
      );
    }
  }

  /** The run a conference is in now, if any. */
  openRun(conferenceId: string): ConferenceRun | null {
    return this.#open.get(conferenceId) ?? null;
  }

  /** Resolves once every write so far has been tried: true when all reached the store. */
  flush(): Promise<boolean> {
    return this.#writes.flush();
  }

  async close(): Promise<void> {
    for (const off of this.#offs.splice(0)) off();
    await this.#writes.flush();
    this.#writes.close();
  }

  #conferenceEvent(event: ConferenceEvent): void {
    const { conferenceId, type } = event;
    if (type === 'convening') {
      const stale = this.#open.get(conferenceId);
      if (stale) this.#end(stale, event.at, 'interrupted');
      this.#begin(event, 'convened');
    } else if (type === 'active' && !this.#open.has(conferenceId)) {
      // Resumed after a restart, and no open run was left to continue.
      this.#begin(event, 'resumed');
    }
    const { conferenceId: _, type: kind, ...entry } = event;
    this.#append(conferenceId, { ...entry, kind });
    if (type === 'ended') {
      const run = this.#open.get(conferenceId);
      if (run) this.#end(run, event.at, event.reason ?? 'ended');
    }
  }

  #emergency(alarm: RadioEmergencyAlarm): void {
    const pid = alarm.participantId;
    const open = [...this.#open.values()];
    // The participant's own conference when it has one; every running conference otherwise.
    const own = pid ? open.filter((run) => run.roster.some((m) => m.participantId === pid)) : [];
    for (const run of own.length > 0 ? own : open) {
      this.#append(run.conferenceId, {
        at: alarm.at,
        kind: 'radio-emergency',
        ...(pid ? { participantId: pid } : {}),
        detail: `${alarm.radioId} ISSI ${alarm.issi}: ${alarm.detail}`,
      });
    }
  }

  #begin(event: ConferenceEvent, how: ConferenceRun['startedHow']): void {
    const { conferenceId } = event;
    const spec = this.#o.conferences.get(conferenceId);
    const run: ConferenceRun = {
      runId: this.#runId(conferenceId, event.at),
      conferenceId,
      conferenceName: spec?.name ?? conferenceId,
      startedAt: event.at,
      startedBy: event.by ?? null,
      startedHow: how,
      endedAt: null,
      endReason: null,
      roster: spec?.roster ?? [],
      onSite: spec?.onSite ?? null,
    };
    this.#open.set(conferenceId, run);
    this.#write(() => this.#o.store.startRun(run), { runId: run.runId, what: 'start' });
    this.#prune();
  }

  #end(run: ConferenceRun, at: string, reason: string): void {
    if (this.#open.get(run.conferenceId) === run) this.#open.delete(run.conferenceId);
    this.#write(() => this.#o.store.endRun(run.runId, at, reason), { runId: run.runId, what: 'end' });
  }

  #append(conferenceId: string, entry: NewLogEntry): void {
    const run = this.#open.get(conferenceId);
    if (!run) return;
    this.#write(() => this.#o.store.append(run.runId, entry), { runId: run.runId, kind: entry.kind });
  }

  #write(write: () => Promise<void>, context: object): void {
    // Unique keys: log entries are appended, never replaced by a newer one (unlike state rows).
    this.#writeSeq += 1;
    void this.#writes.submit(`log-${this.#writeSeq}`, write, context);
  }

  /** `<conferenceId>-20261128T083000Z`; `-2`, `-3`… for more runs started in the same second. */
  #runId(conferenceId: string, at: string): string {
    const base = `${conferenceId}-${compactTime(Date.parse(at))}`;
    const last = this.#lastRunBase.get(conferenceId);
    const n = last?.base === base ? last.n + 1 : 1;
    this.#lastRunBase.set(conferenceId, { base, n });
    return n === 1 ? base : `${base}-${n}`;
  }

  #prune(): void {
    const days = this.#o.retentionDays;
    if (days === null) return;
    const before = isoTime(this.#o.clock.now() - days * DAY_MS);
    this.#write(
      async () => {
        const pruned = await this.#o.store.pruneEndedBefore(before);
        if (pruned > 0) this.#o.logger.info({ pruned, before }, 'conference runs past retention removed');
      },
      { what: 'prune' },
    );
  }
}
