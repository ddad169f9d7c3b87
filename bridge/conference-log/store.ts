/**
 * The conference log's port. Append-only: a run is started once, takes entries in order, and is
 * ended once; nothing written is changed afterwards. Retention removes whole ended runs only.
 */
import type { ConferenceRun, LogEntry, NewLogEntry } from './model.js';

export interface ListConferenceRunsOptions {
  /** Newest first; at most this many (default: all). */
  limit?: number;
}

export interface ConferenceLogStore {
  /** @throws RunExistsError when `run.runId` is taken */
  startRun(run: ConferenceRun): Promise<void>;
  /** Appends after every entry so far (the store numbers it). @throws UnknownRunError, RunEndedError */
  append(runId: string, entry: NewLogEntry): Promise<void>;
  /** @throws UnknownRunError, RunEndedError */
  endRun(runId: string, endedAt: string, reason: string): Promise<void>;
  /** Runs not ended (a gateway that stopped or died while they ran), oldest first. */
  openRuns(): Promise<ConferenceRun[]>;
  /** A conference's runs, newest first. */
  listRuns(conferenceId: string, options?: ListConferenceRunsOptions): Promise<ConferenceRun[]>;
  getRun(runId: string): Promise<ConferenceRun | null>;
  /** A run's entries in the order appended. @throws UnknownRunError */
  entries(runId: string): Promise<LogEntry[]>;
  /** Removes runs that ended before `at` (ISO 8601), with their entries; resolves to how many. */
  pruneEndedBefore(at: string): Promise<number>;
}
