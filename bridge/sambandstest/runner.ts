/**
 * Tries every target of one run concurrently (bounded), each within the run's per-target
 * time-out, and saves each result as soon as it is known. The run as a whole therefore takes
 * about one time-out (DESIGN.md §9), not the sum of them.
 */
import type { ParticipantView } from '../core-api.js';
import type { LinkPath } from '../model.js';
import { Semaphore } from '../semaphore.js';
import type { SambandstestRun, TargetResult } from './model.js';
import { type Measured, type ProbeDeps, probeAgent, probePhone, probeRadio } from './probes.js';
import type { SambandstestStore } from './store.js';

export interface RunnerDeps extends ProbeDeps {
  store: SambandstestStore;
  maxConcurrentTargets: number;
  /** Called after each result is saved. */
  onResult(result: TargetResult): void;
  /** True once the service is closing: targets not yet started are not tried. */
  aborted(): boolean;
}

export async function executeRun(
  deps: RunnerDeps,
  run: SambandstestRun,
  views: readonly ParticipantView[],
): Promise<TargetResult[]> {
  const semaphore = new Semaphore(deps.maxConcurrentTargets);
  const results: TargetResult[] = [];
  const targets = views.flatMap((view) => run.scope.paths.map((path) => ({ view, path })));
  await Promise.all(
    targets.map(({ view, path }) =>
      semaphore.run(async () => {
        if (deps.aborted()) return;
        const measured = await probe(deps, run, view, path);
        if (measured === null || deps.aborted()) return;
        const result = toResult(run, view, path, measured, deps.clock.now());
        try {
          await deps.store.saveResult(result);
        } catch (err) {
          deps.logger.error(
            { err, runId: run.id, participantId: view.participant.id, path },
            'saving result failed',
          );
        }
        results.push(result);
        deps.onResult(result);
      }),
    ),
  );
  return results;
}

function probe(
  deps: ProbeDeps,
  run: SambandstestRun,
  view: ParticipantView,
  path: LinkPath,
): Promise<Measured | null> | Measured {
  switch (path) {
    case 'phone':
      return probePhone(deps, run, view);
    case 'radio':
      return probeRadio(deps, run, view);
    case 'agent':
      return probeAgent(view);
  }
}

function toResult(
  run: SambandstestRun,
  view: ParticipantView,
  path: LinkPath,
  measured: Measured,
  now: number,
): TargetResult {
  return {
    runId: run.id,
    participantId: view.participant.id,
    participantName: view.participant.name,
    organisation: view.participant.organisation,
    path,
    status: measured.status,
    timeToAnswerMs: measured.timeToAnswerMs,
    rssiDbm: measured.rssiDbm,
    mos: measured.mos,
    fault: measured.fault,
    detail: measured.detail,
    comment: null,
    at: new Date(now).toISOString(),
  };
}
