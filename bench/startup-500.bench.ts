/**
 * Start-up and memory of a large simulated gateway: the real `samband start` (dist/, so
 * `npm run build` first) with 500 generated organisations, all in one conference
 * (bench/support/sim-roster.ts).
 *
 *   npm run build && npx vitest bench --run bench/startup-500.bench.ts   (BENCH_ITERATIONS=3)
 *
 * Per iteration: time from spawn to the first answered GET /healthz, then the RSS once all
 * organisations are in (phone or radio) and a quality interval has passed. Prints
 * `start-up 500 organisations = S s` and `rss 500 organisations = N MB` (medians, with the
 * spread across iterations); writes bench/results/startup-500.json.
 */
import { bench, describe } from 'vitest';
import { median, writeResult } from './support/results.js';
import { rssMb, startSimGateway } from './support/sim-roster.js';

const ORGANISATIONS = Number(process.env.SAMBAND_BENCH_SIM_ORGS ?? 500);
/** The demo's quality interval plus slack: RSS is read once the first samples have been taken. */
const SETTLE_MS = 6000;
const ALL_IN_DEADLINE_MS = 90_000;

const startupS: number[] = [];
const rss: number[] = [];
const allInS: number[] = [];

async function iterate(): Promise<void> {
  const gateway = await startSimGateway(ORGANISATIONS);
  try {
    const spawnedAt = performance.now() - gateway.httpAnsweredMs;
    for (;;) {
      const { counts } = await gateway.rollCall();
      if (counts.in >= ORGANISATIONS) break;
      if (performance.now() - spawnedAt > ALL_IN_DEADLINE_MS)
        throw new Error(`only ${counts.in} of ${ORGANISATIONS} in after ${ALL_IN_DEADLINE_MS} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const allIn = (performance.now() - spawnedAt) / 1000;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    startupS.push(gateway.httpAnsweredMs / 1000);
    allInS.push(allIn);
    rss.push(rssMb(gateway.proc.pid ?? 0));
  } finally {
    await gateway.stop();
  }
}

const spread = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

function report(): void {
  const figures = {
    organisations: ORGANISATIONS,
    startupS: Number(median(startupS).toFixed(2)),
    rssMb: Math.round(median(rss)),
    runs: startupS.map((s, i) => ({
      startupS: Number(s.toFixed(2)),
      allInS: Number((allInS[i] ?? 0).toFixed(1)),
      rssMb: Math.round(rss[i] ?? 0),
    })),
  };
  const file = writeResult(`startup-${ORGANISATIONS}`, figures);
  process.stderr.write(
    [
      `start-up ${ORGANISATIONS} organisations = ${figures.startupS} s (spawn to HTTP answering; median of ${startupS.length}, ${spread(startupS, 2)} s)`,
      `rss ${ORGANISATIONS} organisations = ${figures.rssMb} MB (all in, after a quality interval; ${spread(rss, 0)} MB; all in after ${spread(allInS, 1)} s)`,
      `(${file})`,
      '',
    ].join('\n'),
  );
}

describe(`${ORGANISATIONS} simulated organisations in one conference`, () => {
  bench('samband start', iterate, {
    iterations: Number(process.env.BENCH_ITERATIONS ?? 3),
    warmupIterations: 0,
    time: 0,
    warmupTime: 0,
    teardown(_task: unknown, mode?: 'run' | 'warmup') {
      if (mode === 'run') report();
    },
  });
});
