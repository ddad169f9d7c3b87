/**
 * The sambandstest service: its own facade beside GatewayCore. It starts runs (one at a time),
 * keeps them in the store, answers queries with summaries, and tells adapters what happens.
 */
import { compactTime } from '../clock.js';
import type { ParticipantView } from '../core-api.js';
import type { LinkPath } from '../model.js';
import type { Clock, Logger, RadioTerminal } from '../ports.js';
import { type Subscribable, TypedEmitter } from '../typed-emitter.js';
import { Deadlines } from './deadline.js';
import { loadRunDetail, type RunDetail, summaryWithHistory } from './detail.js';
import { RunInProgressError, SambandstestClosedError } from './errors.js';
import type { SambandstestEvents } from './events.js';
import type { RunTrigger, SambandstestRun, TargetResult } from './model.js';
import type { ParticipantDirectory, SambandstestTelephony } from './probes.js';
import { executeRun } from './runner.js';
import { scopePaths, scopeViews } from './scope.js';
import type { ListRunsOptions, SambandstestStore } from './store.js';
import { summarize } from './summary.js';
import { type TrunkSource, takeTrunkSnapshot } from './trunk-state.js';

export type { RunDetail } from './detail.js';

export interface StartRunRequest {
  trigger: RunTrigger;
  /** Default: every configured participant. */
  participants?: readonly string[];
  /** Default: phone, radio and agent. */
  paths?: readonly LinkPath[];
  requestedBy?: string | null;
  scheduleId?: string | null;
}

/** What inbound adapters (HTTP, CLI) use. */
export interface SambandstestApi {
  readonly events: Subscribable<SambandstestEvents>;
  /** Saves and starts a run; resolves once it is running. @throws RunInProgressError, InvalidScopeError */
  startRun(request: StartRunRequest): Promise<SambandstestRun>;
  /** The run in progress, if any. */
  current(): SambandstestRun | null;
  listRuns(options?: ListRunsOptions): Promise<SambandstestRun[]>;
  /** @throws RunNotFoundError */
  getRun(runId: string): Promise<RunDetail>;
  /** @throws RunNotFoundError, ResultNotFoundError */
  setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string,
    by: string,
  ): Promise<TargetResult>;
}

export interface SambandstestService extends SambandstestApi {
  /** At start-up: marks runs a crash left `running` as `interrupted`. */
  recoverInterrupted(): Promise<string[]>;
  /** Resolves when no run is in progress. */
  whenIdle(): Promise<void>;
  /** Abandons the run in progress (saved as `interrupted`); the store is the caller's to close. */
  close(): Promise<void>;
}

export const SAMBANDSTEST_DEFAULTS = {
  /**
   * Targets tried at once. High enough that 100 participants × 2 paths all run in parallel
   * (DESIGN.md §9); the telephony adapter paces its own call set-ups (Pacer).
   */
  maxConcurrentTargets: 200,
} as const;

export interface SambandstestOptions {
  store: SambandstestStore;
  telephony: SambandstestTelephony;
  /** The gateway's terminals; the first one sends the test SDS. */
  radios: readonly RadioTerminal[];
  directory: ParticipantDirectory;
  /** The carrier trunks' state, recorded at the start and end of every run (the core). */
  trunks: TrunkSource;
  clock: Clock;
  logger: Logger;
  targetTimeoutMs: number;
  maxConcurrentTargets?: number;
  /** Run ids must be valid MQTT topic levels and URL segments. */
  newRunId?: () => string;
}

export function createSambandstestService(options: SambandstestOptions): SambandstestService {
  return new Service(options);
}

class Service implements SambandstestService {
  readonly #o: SambandstestOptions;
  readonly #emitter: TypedEmitter<SambandstestEvents>;
  readonly #deadlines: Deadlines;
  readonly #newRunId: () => string;
  #active: { run: SambandstestRun; results: TargetResult[]; done: Promise<void> } | null = null;
  #closed = false;

  constructor(options: SambandstestOptions) {
    this.#o = options;
    this.#deadlines = new Deadlines(options.clock);
    this.#emitter = new TypedEmitter<SambandstestEvents>((event, err) =>
      options.logger.error({ err, event }, 'sambandstest event listener failed'),
    );
    let seq = 0;
    this.#newRunId =
      options.newRunId ??
      (() => `st-${compactTime(options.clock.now())}-${(++seq).toString().padStart(3, '0')}`);
  }

  get events(): Subscribable<SambandstestEvents> {
    return this.#emitter;
  }

  current(): SambandstestRun | null {
    return this.#active ? { ...this.#active.run } : null;
  }

  async startRun(request: StartRunRequest): Promise<SambandstestRun> {
    if (this.#closed) throw new SambandstestClosedError();
    if (this.#active) throw new RunInProgressError(this.#active.run.id);
    const views = scopeViews(this.#o.directory.participants(), request.participants);
    const paths = scopePaths(request.paths);
    const { clock, logger, store } = this.#o;
    const startedAt = new Date(clock.now()).toISOString();
    const run: SambandstestRun = {
      id: this.#newRunId(),
      trigger: request.trigger,
      scheduleId: request.scheduleId ?? null,
      requestedBy: request.requestedBy ?? null,
      scope: { participants: views.map((v) => v.participant.id), paths },
      targetTimeoutMs: this.#o.targetTimeoutMs,
      state: 'running',
      startedAt,
      endedAt: null,
      trunksAtStart: takeTrunkSnapshot(this.#o.trunks, startedAt),
      trunksAtEnd: null,
    };
    // Claimed before the first await, so two concurrent requests cannot both start a run.
    const active = { run, results: [] as TargetResult[], done: Promise.resolve() };
    this.#active = active;
    try {
      await store.saveRun(run);
    } catch (error) {
      this.#active = null;
      throw error;
    }
    logger.info({ runId: run.id, trigger: run.trigger, scope: run.scope }, 'sambandstest started');
    this.#emitter.emit('run.started', { run, summary: summarize({ run, results: [] }) });
    active.done = this.#execute(active, views).finally(() => {
      if (this.#active === active) this.#active = null;
    });
    return { ...run };
  }

  async listRuns(options?: ListRunsOptions): Promise<SambandstestRun[]> {
    return this.#o.store.listRuns(options);
  }

  getRun(runId: string): Promise<RunDetail> {
    return loadRunDetail(this.#o.store, runId);
  }

  async setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string,
    by: string,
  ): Promise<TargetResult> {
    const text = comment.trim();
    const result = await this.#o.store.setComment(runId, participantId, path, text === '' ? null : text);
    this.#o.logger.info({ runId, participantId, path, by }, 'sambandstest result commented');
    this.#emitter.emit('result.commented', { result, by });
    return result;
  }

  async recoverInterrupted(): Promise<string[]> {
    const ids = await this.#o.store.markInterrupted(new Date(this.#o.clock.now()).toISOString());
    if (ids.length > 0)
      this.#o.logger.warn({ runIds: ids }, 'sambandstest runs left running were marked interrupted');
    return ids;
  }

  whenIdle(): Promise<void> {
    return this.#active?.done ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const active = this.#active;
    this.#deadlines.abortAll();
    if (active) await this.#interrupt(active);
    this.#emitter.removeAllListeners();
  }

  async #interrupt(active: {
    run: SambandstestRun;
    results: TargetResult[];
    done: Promise<void>;
  }): Promise<void> {
    await active.done;
    if (active.run.state !== 'running') return;
    const endedAt = new Date(this.#o.clock.now()).toISOString();
    await this.#o.store.markInterrupted(endedAt).catch((err: unknown) => {
      this.#o.logger.error({ err, runId: active.run.id }, 'marking the run interrupted failed');
    });
    active.run = { ...active.run, state: 'interrupted', endedAt };
    this.#emitter.emit('run.interrupted', {
      run: active.run,
      summary: summarize({ run: active.run, results: active.results }),
    });
  }

  async #execute(
    active: { run: SambandstestRun; results: TargetResult[] },
    views: ParticipantView[],
  ): Promise<void> {
    const { clock, logger, store } = this.#o;
    const radio = this.#o.radios[0] ?? null;
    const run = active.run;
    try {
      await executeRun(
        {
          ...this.#o,
          radio,
          deadlines: this.#deadlines,
          maxConcurrentTargets: this.#o.maxConcurrentTargets ?? SAMBANDSTEST_DEFAULTS.maxConcurrentTargets,
          aborted: () => this.#closed,
          onResult: (result) => {
            active.results.push(result);
            const summary = summarize({ run, results: active.results });
            this.#emitter.emit('run.result', { run, result, summary });
          },
        },
        run,
        views,
      );
      if (this.#closed) return;
      const endedAt = new Date(clock.now()).toISOString();
      const trunksAtEnd = takeTrunkSnapshot(this.#o.trunks, endedAt);
      await store.completeRun(run.id, endedAt, trunksAtEnd);
      active.run = { ...run, state: 'completed', endedAt, trunksAtEnd };
      const record = { run: active.run, results: active.results };
      // The comparison with earlier runs is a nicety: a store that cannot be read costs only it.
      const summary = await summaryWithHistory(store, record).catch(() => summarize(record));
      logger.info(
        {
          runId: run.id,
          answered: summary.answered,
          tested: summary.tested,
          ms: clock.now() - Date.parse(run.startedAt),
          trunksUsable: { atStart: run.trunksAtStart?.usable, atEnd: trunksAtEnd.usable },
        },
        'sambandstest completed',
      );
      this.#emitter.emit('run.completed', { run: active.run, summary });
    } catch (err) {
      logger.error({ err, runId: run.id }, 'sambandstest run failed');
    }
  }
}
