import { describe, expect, it } from 'vitest';
import { answerAfter, rig, TIMEOUT_MS } from './harness.js';
import { spec } from './support.js';

const hundred = Array.from({ length: 100 }, (_, i) => spec(`p${String(i).padStart(3, '0')}`));

describe('sambandstest runner: concurrency (DESIGN.md §9)', () => {
  it('100 participants × phone + radio, nobody answering, finish in one target time-out, not the sum', async () => {
    const r = rig(hundred);
    r.radio.never = true;
    const { summary, elapsedMs } = await r.runToEnd({ paths: ['phone', 'radio'] });
    console.log(`100×2 nobody answering: ${elapsedMs} ms of fake time, target time-out ${TIMEOUT_MS} ms`);
    expect(summary.done).toBe(200);
    expect(summary.counts['no-answer']).toBe(200);
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsedMs).toBeLessThanOrEqual(TIMEOUT_MS + 100);
    // Every unanswered call was cancelled, and no timer is left behind.
    expect(r.telephony.hangups).toHaveLength(100);
    expect(r.clock.pendingTimers()).toBe(0);
  });

  it('100 × 2 answering at spread-out times finish with the slowest answer', async () => {
    const r = rig(hundred);
    answerAfter(r, (pid) => 500 + Number(pid.slice(1)) * 150); // 0.5 s … 15.35 s
    r.radio.latencyMs = 700;
    const { summary, elapsedMs } = await r.runToEnd({ paths: ['phone', 'radio'] }, 50);
    console.log(
      `100×2 answering within 15.35 s: ${elapsedMs} ms of fake time (sum of answer times ${100 * 500 + 150 * 4950 + 100 * 700} ms)`,
    );
    expect(summary.counts.ok).toBe(200);
    expect(elapsedMs).toBeLessThanOrEqual(15_350 + 100);
    // Fake time moves in 50 ms steps, so measured times are rounded up to the step.
    expect(summary.byPath.phone?.worstTimeToAnswerMs).toBeGreaterThanOrEqual(15_350);
    expect(summary.byPath.phone?.worstTimeToAnswerMs).toBeLessThanOrEqual(15_400);
    expect(summary.byPath.radio?.worstTimeToAnswerMs).toBe(700);
  });

  it('honours the concurrency bound when one is set', async () => {
    const r = rig(hundred, { maxConcurrentTargets: 20 });
    r.radio.latencyMs = 1000;
    const { elapsedMs } = await r.runToEnd({ paths: ['radio'] });
    expect(r.radio.maxInFlight).toBe(20);
    expect(elapsedMs).toBeGreaterThanOrEqual(5 * 1000);
    expect(elapsedMs).toBeLessThan(5 * 1000 + 500);
  });
});

describe('sambandstest runner: persistence order', () => {
  it('saves the run before the first call, and each result before announcing it', async () => {
    const r = rig();
    const originalCallOut = r.telephony.callOut.bind(r.telephony);
    r.telephony.callOut = (req) => {
      r.log.push(`callOut ${req.participantId} ${req.conferenceId}`);
      return originalCallOut(req);
    };
    r.service.events.on('run.result', ({ result }) =>
      r.log.push(`event ${result.participantId}/${result.path}`),
    );
    answerAfter(r, () => 1000);
    await r.runToEnd({ paths: ['phone', 'radio'] });
    expect(r.log[0]).toBe('saveRun run-1');
    expect(r.log.filter((l) => l.startsWith('callOut'))).toEqual([
      'callOut polisen sambandstest:run-1',
      'callOut region sambandstest:run-1',
    ]);
    for (const target of ['polisen/phone', 'polisen/radio', 'region/phone', 'region/radio']) {
      expect(r.log.indexOf(`saveResult ${target}`)).toBeGreaterThan(0);
      expect(r.log.indexOf(`saveResult ${target}`)).toBeLessThan(r.log.indexOf(`event ${target}`));
    }
    expect(r.log.at(-1)).toBe('completeRun run-1');
    const stored = await r.store.getRun('run-1');
    expect(stored?.run.state).toBe('completed');
    expect(stored?.results).toHaveLength(4);
  });

  it('answered calls are hung up, and the time to answer is measured on the clock', async () => {
    const r = rig([spec('polisen')]);
    answerAfter(r, () => 3200);
    const { summary } = await r.runToEnd({ paths: ['phone'] }, 1);
    expect(summary.medianTimeToAnswerMs).toBe(3200);
    expect(r.telephony.hangups).toEqual(['polisen']);
    expect(r.telephony.connected.size).toBe(0);
  });
});
