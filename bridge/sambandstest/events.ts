/** What the sambandstest service tells adapters (MQTT, HTTP event streams). */
import type { SambandstestRun, TargetResult } from './model.js';
import type { RunSummary } from './summary.js';

export interface SambandstestEvents {
  /** The run is saved and its first targets are being tried. */
  'run.started': { run: SambandstestRun; summary: RunSummary };
  /** One target's result, saved; `summary` is the run's progress so far. */
  'run.result': { run: SambandstestRun; result: TargetResult; summary: RunSummary };
  /** Every target has a result; `summary` includes the change since the previous comparable run. */
  'run.completed': { run: SambandstestRun; summary: RunSummary };
  /** The service was closed mid-run; the run is saved as `interrupted`. */
  'run.interrupted': { run: SambandstestRun; summary: RunSummary };
  /** A technician commented a result. */
  'result.commented': { result: TargetResult; by: string };
}
