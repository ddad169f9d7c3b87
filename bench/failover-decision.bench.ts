/**
 * DESIGN.md §9: "failover decision to radio path active (gateway-internal): p99 under 50 ms".
 * Measures, inside one process with 100 participants in a running conference, the time from the
 * telephony adapter reporting a dropped call to the core emitting the participant's path change
 * to radio (the MQTT publish and SDS announcement happen after that, asynchronously).
 *
 *   npx vitest bench --run bench/failover-decision.bench.ts
 *
 * Each iteration drops one participant's call (timed) and then restores it and lets the fake
 * clock run through the failback period (not timed), so every sample is a real failover.
 */
import { afterAll, bench, describe } from 'vitest';
import type { ParticipantSpec } from '../bridge/model.js';
import { testCore } from '../test/support/core-fixture.js';
import { FakeClock, flushPromises } from '../test/support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../test/support/scripted-ports.js';

const PARTICIPANTS = 100;
const participants: ParticipantSpec[] = Array.from({ length: PARTICIPANTS }, (_, i) => ({
  id: `p${i}`,
  name: `Aktör ${i}`,
  organisation: `Org ${i}`,
  phoneNumbers: [`+4670174${String(1000 + i).padStart(4, '0')}`],
  radio: { issi: String(2_400_000 + i) },
  priority: 5,
}));

const clock = new FakeClock();
const telephony = new ScriptedTelephony();
const core = testCore({
  participants,
  radios: [{ terminal: new ScriptedRadio(), talkgroup: '9101' }],
  telephony,
  clock,
  timings: { redialIntervalMs: 0, maxConcurrentCallOuts: PARTICIPANTS, heartbeatStaleMs: 90_000 },
});

const samplesMs: number[] = [];
let onRadioAt = 0n;
core.events.on('path.changed', ({ path }) => {
  if (path.active === 'radio') onRadioAt = process.hrtime.bigint();
});

let next = 0;
let ready = false;
async function convene(): Promise<void> {
  await core.convene('vk', 'bench');
  await flushPromises();
  for (const p of participants) telephony.answer(p.id);
  await flushPromises();
  ready = true;
}

function failoverOnce(): void {
  const id = `p${next++ % PARTICIPANTS}`;
  const droppedAt = process.hrtime.bigint();
  telephony.drop(id, 'media-timeout');
  samplesMs.push(Number(onRadioAt - droppedAt) / 1e6);
  // Restore (untimed): the call comes back and the failback period passes in fake time.
  telephony.events.emit('call.connected', { conferenceId: 'vk', participantId: id, number: null });
  telephony.connected.set(id, 'vk');
  clock.advance(5_000);
}

describe(`failover decision, ${PARTICIPANTS} participants`, () => {
  bench(
    'dropped call → path.changed(radio)',
    async () => {
      if (!ready) await convene();
      failoverOnce();
    },
    { iterations: 2_000, warmupIterations: 100 },
  );
});

afterAll(() => {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  console.log(
    `failover decision over ${sorted.length} failovers: p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${at(1).toFixed(3)} ms (bar: p99 < 50 ms)`,
  );
});
