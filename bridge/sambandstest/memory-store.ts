/** An in-memory SambandstestStore: for tests, and for a gateway run without a data directory. */
import type { LinkPath } from '../model.js';
import { DuplicateRunError, ResultNotFoundError, RunNotFoundError } from './errors.js';
import {
  type RunRecord,
  type SambandstestRun,
  type TargetResult,
  type TrunkSnapshot,
  targetKey,
} from './model.js';
import { DEFAULT_LIST_LIMIT, type ListRunsOptions, type SambandstestStore } from './store.js';

interface Entry {
  run: SambandstestRun;
  results: Map<string, TargetResult>;
}

export class MemorySambandstestStore implements SambandstestStore {
  readonly #runs = new Map<string, Entry>();

  async saveRun(run: SambandstestRun): Promise<void> {
    if (this.#runs.has(run.id)) throw new DuplicateRunError(run.id);
    this.#runs.set(run.id, { run: structuredClone(run), results: new Map() });
  }

  async saveResult(result: TargetResult): Promise<void> {
    const entry = this.#entry(result.runId);
    const key = targetKey(result);
    // Replacing keeps the first insertion's position, as SQLite's upsert keeps its rowid.
    entry.results.set(key, structuredClone(result));
  }

  async completeRun(runId: string, endedAt: string, trunksAtEnd: TrunkSnapshot): Promise<void> {
    const entry = this.#entry(runId);
    entry.run = { ...entry.run, state: 'completed', endedAt, trunksAtEnd: structuredClone(trunksAtEnd) };
  }

  async markInterrupted(endedAt: string): Promise<string[]> {
    const ids: string[] = [];
    for (const entry of this.#runs.values()) {
      if (entry.run.state !== 'running') continue;
      entry.run = { ...entry.run, state: 'interrupted', endedAt };
      ids.push(entry.run.id);
    }
    return ids;
  }

  async listRuns(options: ListRunsOptions = {}): Promise<SambandstestRun[]> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    return [...this.#runs.values()]
      .map((e) => structuredClone(e.run))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const entry = this.#runs.get(runId);
    if (!entry) return null;
    return structuredClone({ run: entry.run, results: [...entry.results.values()] });
  }

  async setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string | null,
  ): Promise<TargetResult> {
    const entry = this.#entry(runId);
    const key = targetKey({ participantId, path });
    const result = entry.results.get(key);
    if (!result) throw new ResultNotFoundError(runId, participantId, path);
    const updated = { ...result, comment };
    entry.results.set(key, updated);
    return structuredClone(updated);
  }

  async close(): Promise<void> {}

  #entry(runId: string): Entry {
    const entry = this.#runs.get(runId);
    if (!entry) throw new RunNotFoundError(runId);
    return entry;
  }
}
