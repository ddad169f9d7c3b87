/** The conference log in memory: for tests and the contract suite; survives a core, not a process. */
import { RunEndedError, RunExistsError, UnknownRunError } from './errors.js';
import type { ConferenceRun, LogEntry, NewLogEntry } from './model.js';
import type { ConferenceLogStore, ListConferenceRunsOptions } from './store.js';

export class InMemoryConferenceLogStore implements ConferenceLogStore {
  readonly #runs = new Map<string, { run: ConferenceRun; entries: LogEntry[] }>();

  async startRun(run: ConferenceRun): Promise<void> {
    if (this.#runs.has(run.runId)) throw new RunExistsError(run.runId);
    this.#runs.set(run.runId, { run: structuredClone(run), entries: [] });
  }

  async append(runId: string, entry: NewLogEntry): Promise<void> {
    const kept = this.#open(runId);
    kept.entries.push({ ...structuredClone(entry), seq: kept.entries.length + 1 });
  }

  async endRun(runId: string, endedAt: string, reason: string): Promise<void> {
    const kept = this.#open(runId);
    kept.run.endedAt = endedAt;
    kept.run.endReason = reason;
  }

  async openRuns(): Promise<ConferenceRun[]> {
    return this.#sorted((r) => r.endedAt === null).reverse();
  }

  async listRuns(conferenceId: string, options: ListConferenceRunsOptions = {}): Promise<ConferenceRun[]> {
    return this.#sorted((r) => r.conferenceId === conferenceId).slice(0, options.limit);
  }

  async getRun(runId: string): Promise<ConferenceRun | null> {
    const kept = this.#runs.get(runId);
    return kept ? structuredClone(kept.run) : null;
  }

  async entries(runId: string): Promise<LogEntry[]> {
    const kept = this.#runs.get(runId);
    if (!kept) throw new UnknownRunError(runId);
    return structuredClone(kept.entries);
  }

  async pruneEndedBefore(at: string): Promise<number> {
    let pruned = 0;
    for (const [id, { run }] of this.#runs) {
      if (run.endedAt !== null && run.endedAt < at) {
        this.#runs.delete(id);
        pruned += 1;
      }
    }
    return pruned;
  }

  #open(runId: string): { run: ConferenceRun; entries: LogEntry[] } {
    const kept = this.#runs.get(runId);
    if (!kept) throw new UnknownRunError(runId);
    if (kept.run.endedAt !== null) throw new RunEndedError(runId);
    return kept;
  }

  /** Newest first (by start, then id). */
  #sorted(keep: (run: ConferenceRun) => boolean): ConferenceRun[] {
    return [...this.#runs.values()]
      .map((k) => k.run)
      .filter(keep)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId))
      .map((run) => structuredClone(run));
  }
}
