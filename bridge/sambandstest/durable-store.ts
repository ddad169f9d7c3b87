/**
 * A SambandstestStore that survives a store refusing writes for a while (a full disk): a run and
 * its results that could not be written are kept in memory, in order, and retried until the store
 * takes them (RetryingWrites), so a running test goes on and every result ends up saved. Reads
 * show what is held back on top of what the store has, so a run is never shown `running` once it
 * completed, nor missing while its insert waits. Errors that retrying cannot fix (a duplicate run
 * id, a run that does not exist) still reach the caller.
 */

import {
  ConflictError,
  CoreErrorCodes,
  NotFoundError,
  SambandError,
  StorageUnavailableError,
} from '../errors.js';
import type { LinkPath } from '../model.js';
import type { Clock, Logger } from '../ports.js';
import { RetryingWrites } from '../retrying-writes.js';
import type { StoreHealthReporter } from '../store-health.js';
import type { RunRecord, SambandstestRun, TargetResult, TrunkSnapshot } from './model.js';
import type { ListRunsOptions, SambandstestStore } from './store.js';

export interface DurableStoreOptions {
  clock: Clock;
  logger: Logger;
  health: StoreHealthReporter;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** The port's own errors (run not found, duplicate run) are answers, not store failures. */
const isPermanent = (error: unknown) => error instanceof NotFoundError || error instanceof ConflictError;

export class DurableSambandstestStore implements SambandstestStore {
  readonly #inner: SambandstestStore;
  readonly #writes: RetryingWrites;
  readonly #logger: Logger;
  /** Runs as this process last wrote them, while some write of theirs is held back. */
  readonly #runs = new Map<string, SambandstestRun>();
  readonly #results = new Map<string, TargetResult>();

  constructor(inner: SambandstestStore, options: DurableStoreOptions) {
    this.#inner = inner;
    this.#logger = options.logger;
    this.#writes = new RetryingWrites({ ...options, isPermanent });
  }

  /** Writes kept in memory because the store refused them. */
  get pendingWrites(): number {
    return this.#writes.pending;
  }

  async saveRun(run: SambandstestRun): Promise<void> {
    const copy = { ...run, scope: { ...run.scope } };
    if (!(await this.#write(`run:${run.id}`, () => this.#inner.saveRun(copy), { runId: run.id })))
      this.#runs.set(run.id, copy);
  }

  async saveResult(result: TargetResult): Promise<void> {
    const copy = { ...result };
    const key = `result:${result.runId}/${result.participantId}/${result.path}`;
    if (!(await this.#write(key, () => this.#inner.saveResult(copy), { runId: result.runId })))
      this.#results.set(key, copy);
  }

  async completeRun(runId: string, endedAt: string, trunksAtEnd: TrunkSnapshot): Promise<void> {
    const held = this.#runs.get(runId);
    const complete = () => this.#inner.completeRun(runId, endedAt, trunksAtEnd);
    if (!(await this.#write(`complete:${runId}`, complete, { runId }))) {
      // Without the run held here, the store has it (as running): hold what it is now.
      const run = held ?? (await this.#inner.getRun(runId).catch(() => null))?.run;
      if (run) this.#runs.set(runId, { ...run, state: 'completed', endedAt, trunksAtEnd });
    }
  }

  async markInterrupted(endedAt: string): Promise<string[]> {
    let ids: string[] = [];
    const mark = async () => {
      ids = await this.#inner.markInterrupted(endedAt);
      if (ids.length > 0 && this.#writes.pending > 0)
        this.#logger.warn({ runIds: ids }, 'sambandstest runs left running marked interrupted (late)');
    };
    await this.#write('interrupt', mark, {});
    return ids;
  }

  async listRuns(options: ListRunsOptions = {}): Promise<SambandstestRun[]> {
    const stored = await this.#inner.listRuns(options);
    this.#forgetWritten();
    if (this.#runs.size === 0) return stored;
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const run of this.#runs.values()) byId.set(run.id, { ...run });
    const runs = [...byId.values()].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
    );
    return options.limit === undefined ? runs : runs.slice(0, options.limit);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const stored = await this.#inner.getRun(runId);
    this.#forgetWritten();
    const held = this.#runs.get(runId);
    if (!stored && !held) return null;
    const results = new Map(
      (stored?.results ?? []).map((r) => [`result:${r.runId}/${r.participantId}/${r.path}`, r]),
    );
    for (const [key, result] of this.#results) if (result.runId === runId) results.set(key, { ...result });
    return { run: held ? { ...held } : (stored as RunRecord).run, results: [...results.values()] };
  }

  setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string | null,
  ): Promise<TargetResult> {
    // An operator's comment is answered at once: refused, the API says so (503) and they try again.
    return this.#inner.setComment(runId, participantId, path, comment).catch((err: unknown) => {
      if (err instanceof SambandError) throw err;
      throw new StorageUnavailableError(
        CoreErrorCodes.STORE_NOT_SAVED,
        `the comment was not saved (${err instanceof Error ? err.message : String(err)}): try again`,
        { cause: err },
      );
    });
  }

  async close(): Promise<void> {
    await this.#writes.flush();
    this.#writes.close();
    await this.#inner.close();
  }

  /** A direct attempt while nothing is held, so the port's own errors reach the caller. */
  async #write(key: string, write: () => Promise<void>, context: object): Promise<boolean> {
    if (this.#writes.pending === 0) {
      try {
        await write();
        return true;
      } catch (error) {
        if (isPermanent(error)) throw error;
      }
    }
    return this.#writes.submit(key, write, context);
  }

  /** Once nothing is held back, the store has it all. */
  #forgetWritten(): void {
    if (this.#writes.pending > 0) return;
    this.#runs.clear();
    this.#results.clear();
  }
}
