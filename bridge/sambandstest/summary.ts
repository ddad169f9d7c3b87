/**
 * A run's summary (DESIGN.md §3): share answered, median and worst time to answer, the targets
 * that did not answer, and the change since the previous completed run with the same scope.
 * Skipped targets (path not configured) count neither for nor against the share.
 */
import { LINK_PATHS, type LinkPath } from '../model.js';
import {
  RESULT_STATUSES,
  type ResultStatus,
  type RunRecord,
  type SambandstestRun,
  type TargetResult,
  targetKey,
} from './model.js';

export interface PathStats {
  /** Targets tried (not skipped) with a result so far. */
  tested: number;
  answered: number;
  /** answered / tested, 0..1; null when nothing was tested. */
  answeredShare: number | null;
  medianTimeToAnswerMs: number | null;
  worstTimeToAnswerMs: number | null;
}

export interface TargetRef {
  participantId: string;
  participantName: string;
  organisation: string;
  path: LinkPath;
  status: ResultStatus;
  fault: string | null;
}

export interface RunChange {
  previousRunId: string;
  /** Answered last time, not now. */
  newlyFailing: TargetRef[];
  /** Did not answer last time, answered now. */
  recovered: TargetRef[];
}

export interface RunSummary extends PathStats {
  runId: string;
  state: SambandstestRun['state'];
  trigger: SambandstestRun['trigger'];
  startedAt: string;
  endedAt: string | null;
  /** Participants × paths in scope. */
  targets: number;
  /** Results taken so far. */
  done: number;
  counts: Record<ResultStatus, number>;
  byPath: Partial<Record<LinkPath, PathStats>>;
  nonResponders: TargetRef[];
  change: RunChange | null;
  /** The carrier trunks when the run started and when it completed (null: not recorded). */
  trunksAtStart: SambandstestRun['trunksAtStart'];
  trunksAtEnd: SambandstestRun['trunksAtEnd'];
}

export function summarize(record: RunRecord, previous: RunRecord | null = null): RunSummary {
  const { run, results } = record;
  const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
  for (const r of results) counts[r.status]++;
  const byPath: Partial<Record<LinkPath, PathStats>> = {};
  for (const path of LINK_PATHS) {
    if (run.scope.paths.includes(path)) byPath[path] = stats(results.filter((r) => r.path === path));
  }
  return {
    runId: run.id,
    state: run.state,
    trigger: run.trigger,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    targets: run.scope.participants.length * run.scope.paths.length,
    done: results.length,
    counts,
    ...stats(results),
    byPath,
    nonResponders: results.filter(isNonResponder).map(ref),
    change: previous ? compare(previous, record) : null,
    trunksAtStart: run.trunksAtStart,
    trunksAtEnd: run.trunksAtEnd,
  };
}

export function stats(results: readonly TargetResult[]): PathStats {
  const tested = results.filter((r) => r.status !== 'skipped');
  const answered = tested.filter((r) => r.status === 'ok');
  const times = answered
    .map((r) => r.timeToAnswerMs)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  return {
    tested: tested.length,
    answered: answered.length,
    answeredShare: tested.length === 0 ? null : answered.length / tested.length,
    medianTimeToAnswerMs: median(times),
    worstTimeToAnswerMs: times.at(-1) ?? null,
  };
}

/** Median of ascending values, rounded to whole milliseconds; null for none. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  const value = n % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return value === undefined ? null : Math.round(value);
}

export function isNonResponder(r: TargetResult): boolean {
  return r.status === 'no-answer' || r.status === 'failed';
}

export function sameScope(a: SambandstestRun['scope'], b: SambandstestRun['scope']): boolean {
  const eq = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && [...x].sort().every((v, i) => v === [...y].sort()[i]);
  return eq(a.participants, b.participants) && eq(a.paths, b.paths);
}

/** The newest completed run that started before `run` and covered the same scope. */
export function previousComparable(
  runs: readonly SambandstestRun[],
  run: SambandstestRun,
): SambandstestRun | null {
  const candidates = runs.filter(
    (r) =>
      r.id !== run.id &&
      r.state === 'completed' &&
      r.startedAt < run.startedAt &&
      sameScope(r.scope, run.scope),
  );
  candidates.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return candidates[0] ?? null;
}

function compare(previous: RunRecord, current: RunRecord): RunChange {
  const before = new Map(previous.results.map((r) => [targetKey(r), r]));
  const newlyFailing: TargetRef[] = [];
  const recovered: TargetRef[] = [];
  for (const now of current.results) {
    const then = before.get(targetKey(now));
    if (!then) continue;
    if (then.status === 'ok' && isNonResponder(now)) newlyFailing.push(ref(now));
    if (isNonResponder(then) && now.status === 'ok') recovered.push(ref(now));
  }
  return { previousRunId: previous.run.id, newlyFailing, recovered };
}

function ref(r: TargetResult): TargetRef {
  return {
    participantId: r.participantId,
    participantName: r.participantName,
    organisation: r.organisation,
    path: r.path,
    status: r.status,
    fault: r.fault,
  };
}
