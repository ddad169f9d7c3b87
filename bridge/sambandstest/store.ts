/**
 * The persistence port of the sambandstest service. A run is saved before its first target is
 * tried and each result as soon as it is known, so a crash mid-run loses nothing; the runs a
 * crash left `running` are marked `interrupted` at the next start. Every backend runs
 * test/contracts/sambandstest-store.contract.ts.
 */
import type { LinkPath } from '../model.js';
import type { RunRecord, SambandstestRun, TargetResult, TrunkSnapshot } from './model.js';

export interface ListRunsOptions {
  /** Newest first; at most this many (default 50). */
  limit?: number;
}

export interface SambandstestStore {
  /** @throws DuplicateRunError when the id exists. */
  saveRun(run: SambandstestRun): Promise<void>;
  /** Inserts or replaces the result of one target. @throws RunNotFoundError */
  saveResult(result: TargetResult): Promise<void>;
  /** Marks the run completed, with the trunks' state at its end. @throws RunNotFoundError */
  completeRun(runId: string, endedAt: string, trunksAtEnd: TrunkSnapshot): Promise<void>;
  /** Marks every run still `running` as `interrupted`; returns their ids. */
  markInterrupted(endedAt: string): Promise<string[]>;
  listRuns(options?: ListRunsOptions): Promise<SambandstestRun[]>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Sets (or, with null, clears) the operator's comment. @throws ResultNotFoundError */
  setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string | null,
  ): Promise<TargetResult>;
  close(): Promise<void>;
}

export const DEFAULT_LIST_LIMIT = 50;
