/** A run with its results and its summary, read from a store (service and CLI alike). */
import { RunNotFoundError } from './errors.js';
import type { RunRecord } from './model.js';
import type { SambandstestStore } from './store.js';
import { previousComparable, type RunSummary, summarize } from './summary.js';

export interface RunDetail extends RunRecord {
  summary: RunSummary;
}

/** Runs considered when looking for the previous comparable run. */
export const HISTORY_LIMIT = 500;

export async function summaryWithHistory(store: SambandstestStore, record: RunRecord): Promise<RunSummary> {
  const runs = await store.listRuns({ limit: HISTORY_LIMIT });
  const previous = previousComparable(runs, record.run);
  const previousRecord = previous ? await store.getRun(previous.id) : null;
  return summarize(record, previousRecord);
}

/** @throws RunNotFoundError */
export async function loadRunDetail(store: SambandstestStore, runId: string): Promise<RunDetail> {
  const record = await store.getRun(runId);
  if (!record) throw new RunNotFoundError(runId);
  return { ...record, summary: await summaryWithHistory(store, record) };
}
