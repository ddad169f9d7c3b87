/**
 * Start-up and memory of a large simulated gateway: the real `samband start` (dist/, so
 * `npm run build` first) with 500 generated organisations, all in one conference
 * (bench/support/sim-roster.ts).
 *
 *   npm run build && npx vitest bench --run bench/startup-500.bench.ts   (BENCH_ITERATIONS=3)
 *
 * Per iteration, twice: the demo as it is (OPC UA on), then the same with OPC UA off, the
 * reference that shows OPC UA's share. Each start: time from spawn to the first answered
 * GET /healthz and to the first ready GET /readyz, then the RSS (and the CPU time used so far)
 * once all organisations are in (phone or radio) and a quality interval has passed. Everything
 * runs in that one process (the simulators too), so its RSS is the whole gateway's.
 * Prints `start-up 500 organisations = S s` and `rss 500 organisations = N MB` (medians, with
 * the spread across iterations); writes bench/results/startup-500.json.
 */
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import { median, writeResult } from './support/results.js';
import { cpuSeconds, rssMb, type SimRosterOptions, startSimGateway } from './support/sim-roster.js';

const ORGANISATIONS = Number(process.env.SAMBAND_BENCH_SIM_ORGS ?? 500);
/** The demo's quality interval plus slack: RSS is read once the first samples have been taken. */
const SETTLE_MS = 6000;
const ALL_IN_DEADLINE_MS = 90_000;

interface Start {
  startupS: number;
  readyS: number;
  allInS: number;
  rssMb: number;
  cpuS: number;
}

const runs: { opcua: Start[]; withoutOpcua: Start[] } = { opcua: [], withoutOpcua: [] };
const loads: number[] = [];

async function start(options: SimRosterOptions): Promise<Start> {
  const gateway = await startSimGateway(ORGANISATIONS, options);
  try {
    const spawnedAt = performance.now() - gateway.httpAnsweredMs;
    const readyS = (await gateway.ready()) / 1000;
    for (;;) {
      const { counts } = await gateway.rollCall();
      if (counts.in >= ORGANISATIONS) break;
      if (performance.now() - spawnedAt > ALL_IN_DEADLINE_MS)
        throw new Error(`only ${counts.in} of ${ORGANISATIONS} in after ${ALL_IN_DEADLINE_MS} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const allInS = (performance.now() - spawnedAt) / 1000;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const pid = gateway.proc.pid ?? 0;
    return {
      startupS: gateway.httpAnsweredMs / 1000,
      readyS,
      allInS,
      rssMb: rssMb(pid),
      cpuS: cpuSeconds(pid),
    };
  } finally {
    await gateway.stop();
  }
}

async function iterate(): Promise<void> {
  loads.push(loadavg()[0] ?? Number.NaN);
  runs.opcua.push(await start({}));
  runs.withoutOpcua.push(await start({ opcua: false }));
}

const spread = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const pick = (starts: Start[], key: keyof Start) => starts.map((s) => s[key]);
const summary = (starts: Start[]) => ({
  startupS: Number(median(pick(starts, 'startupS')).toFixed(2)),
  readyS: Number(median(pick(starts, 'readyS')).toFixed(2)),
  rssMb: Math.round(median(pick(starts, 'rssMb'))),
  cpuS: Number(median(pick(starts, 'cpuS')).toFixed(1)),
  runs: starts.map((s) => ({
    startupS: Number(s.startupS.toFixed(2)),
    readyS: Number(s.readyS.toFixed(2)),
    allInS: Number(s.allInS.toFixed(1)),
    rssMb: Math.round(s.rssMb),
    cpuS: Number(s.cpuS.toFixed(1)),
  })),
});

function report(): void {
  const on = summary(runs.opcua);
  const off = summary(runs.withoutOpcua);
  const figures = {
    organisations: ORGANISATIONS,
    startupS: on.startupS,
    rssMb: on.rssMb,
    loadAverage1m: loads.map((l) => Number(l.toFixed(2))),
    opcua: on,
    withoutOpcua: off,
  };
  const file = writeResult(`startup-${ORGANISATIONS}`, figures);
  const s = runs.opcua;
  process.stderr.write(
    [
      `start-up ${ORGANISATIONS} organisations = ${on.startupS} s (spawn to HTTP answering; median of ${s.length}, ${spread(pick(s, 'startupS'), 2)} s; ready with OPC UA up after ${on.readyS} s, ${spread(pick(s, 'readyS'), 2)} s)`,
      `rss ${ORGANISATIONS} organisations = ${on.rssMb} MB (all in, after a quality interval; ${spread(pick(s, 'rssMb'), 0)} MB; all in after ${spread(pick(s, 'allInS'), 1)} s; gateway CPU until then ${spread(pick(s, 'cpuS'), 1)} s)`,
      `rss ${ORGANISATIONS} organisations without OPC UA = ${off.rssMb} MB (reference, same iterations; ${spread(pick(runs.withoutOpcua, 'rssMb'), 0)} MB; start-up ${off.startupS} s; CPU ${spread(pick(runs.withoutOpcua, 'cpuS'), 1)} s)`,
      `(load average at each iteration ${figures.loadAverage1m.join(', ')}; ${file})`,
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
