/** Wires a sambandstest service to scripted ports in fake time. */

import type { ParticipantSpec } from '../../../bridge/model.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { SambandstestEvents } from '../../../bridge/sambandstest/events.js';
import {
  createSambandstestService,
  type SambandstestOptions,
  type SambandstestService,
  type StartRunRequest,
} from '../../../bridge/sambandstest/service.js';
import type { RunSummary } from '../../../bridge/sambandstest/summary.js';
import { EventLog } from '../../contracts/harness.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { ScriptedTelephony } from '../../support/scripted-ports.js';
import { FakeDirectory, FakeTrunks, RecordingStore, spec, TELIA_UP, TimedRadio } from './support.js';

export const START = Date.parse('2026-03-02T08:30:00.000Z');
export const TIMEOUT_MS = 20_000;

export interface Rig {
  clock: FakeClock;
  telephony: ScriptedTelephony;
  radio: TimedRadio;
  directory: FakeDirectory;
  /** One trunk, up, unless a test changes it. */
  trunks: FakeTrunks;
  store: RecordingStore;
  log: string[];
  events: EventLog<SambandstestEvents>;
  service: SambandstestService;
  /** Starts a run and lets fake time pass until it completes; returns its summary and duration. */
  runToEnd(
    request?: Partial<StartRunRequest>,
    stepMs?: number,
  ): Promise<{ summary: RunSummary; elapsedMs: number }>;
}

export function rig(
  specs: readonly ParticipantSpec[] = [spec('polisen'), spec('region')],
  options: Partial<SambandstestOptions> = {},
): Rig {
  const clock = new FakeClock(START);
  const telephony = new ScriptedTelephony();
  const radio = new TimedRadio(clock);
  const directory = new FakeDirectory(specs);
  const log: string[] = [];
  const store = new RecordingStore(log);
  const trunks = new FakeTrunks();
  trunks.statuses = [TELIA_UP];
  let n = 0;
  const service = createSambandstestService({
    store,
    telephony,
    radios: [radio],
    directory,
    trunks,
    clock,
    logger: nullLogger,
    targetTimeoutMs: TIMEOUT_MS,
    newRunId: () => `run-${++n}`,
    ...options,
  });
  const events = new EventLog<SambandstestEvents>(service.events, [
    'run.started',
    'run.result',
    'run.completed',
    'run.interrupted',
    'result.commented',
  ]);
  return {
    clock,
    telephony,
    radio,
    directory,
    trunks,
    store,
    log,
    events,
    service,
    async runToEnd(request = {}, stepMs = 100) {
      const started = clock.now();
      let done: RunSummary | null = null;
      const off = service.events.on('run.completed', ({ summary }) => {
        done = summary;
      });
      await service.startRun({ trigger: 'manual', ...request });
      for (let waited = 0; done === null && waited < 50 * TIMEOUT_MS; waited += stepMs) {
        await clock.advanceAsync(stepMs, stepMs);
      }
      await flushPromises();
      off();
      if (done === null) throw new Error('run did not complete');
      return { summary: done, elapsedMs: clock.now() - started };
    },
  };
}

/** Answers each call-out after `delay(participantId)` ms of fake time (null: never). */
export function answerAfter(r: Rig, delay: (participantId: string) => number | null): void {
  const original = r.telephony.callOut.bind(r.telephony);
  r.telephony.callOut = (request) => {
    const result = original(request);
    const ms = delay(request.participantId);
    if (ms !== null) {
      r.clock.setTimeout(() => {
        if (r.telephony.pending.has(request.participantId)) r.telephony.answer(request.participantId);
      }, ms);
    }
    return result;
  };
}
