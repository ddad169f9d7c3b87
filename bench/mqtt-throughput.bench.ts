/**
 * Health updates delivered to 100 QoS 1 subscribers: the embedded broker (authentication, ACLs and
 * the packet guard on) against plain aedes in the same process and mosquitto (bench/support/mqtt-rigs.ts).
 *
 *   apt-get install -y mosquitto        # optional third rig; the clients are already installed
 *   npx vitest bench --run bench/mqtt-throughput.bench.ts      (BENCH_ITERATIONS=8 by default)
 *   BENCH_RIGS=embedded npx vitest bench --run bench/mqtt-throughput.bench.ts \
 *     --execArgv=--cpu-prof --execArgv=--cpu-prof-dir=/tmp/prof     # a profile of one rig
 *
 * Each iteration runs every rig in turn (the order rotates), so a neighbour's load on this shared
 * machine falls on all of them alike and the ratios are taken between rounds of the same minute:
 * - throughput: UPDATES link updates published at once; the time until every subscriber has all;
 * - latency: LATENCY_UPDATES updates paced LATENCY_GAP_MS apart (a load every rig carries),
 *   each delivery's time from the core's event to the subscriber's message handler.
 * Prints `embedded/plain aedes = R` and p50/p99 per rig; writes bench/results/mqtt-throughput.json.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { bench, describe } from 'vitest';
import { link } from '../test/adapters/mqtt/support/fake-core.js';
import { MOSQUITTO, nextMessage, type Rig, type RigKind, startRig } from './support/mqtt-rigs.js';
import { median, percentile, writeResult } from './support/results.js';

const SUBSCRIBERS = 100;
const UPDATES = 1000;
const LATENCY_UPDATES = 25;
const LATENCY_GAP_MS = 20;
const SHAPE = {
  subscribers: SUBSCRIBERS,
  participants: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10'],
  filter: 'samband/v1/participants/+/links/+',
};
/** BENCH_RIGS=embedded runs one rig alone, e.g. under --cpu-prof. */
const KINDS = (process.env.BENCH_RIGS?.split(',') ?? ['embedded', 'aedes', 'mosquitto']).filter(
  (kind): kind is RigKind =>
    (kind === 'embedded' || kind === 'aedes' || kind === 'mosquitto') &&
    (kind !== 'mosquitto' || existsSync(MOSQUITTO)),
);
const LABEL: Record<RigKind, string> = { embedded: 'embedded', aedes: 'plain aedes', mosquitto: 'mosquitto' };

interface Samples {
  roundMs: number[];
  latencyMs: number[];
}

const rigs = new Map<RigKind, Rig>();
const samples = new Map<RigKind, Samples>();
let round = 0;
let iteration = 0;

function publish(rig: Rig, marker: string, i: number): void {
  const pid = SHAPE.participants[i % SHAPE.participants.length] ?? 'p1';
  const sentAt = performance.timeOrigin + performance.now();
  rig.core.setLink({
    ...link(pid, 'phone', 'up'),
    reason: `${marker}@${sentAt}`,
    metrics: { mos: 4 + (i % 10) / 10 },
  });
}

async function arm(
  rig: Rig,
  target: number,
  latency: boolean,
): Promise<{ marker: string; done: Promise<Float64Array | null> }> {
  const marker = `bench-${++round}`;
  rig.subscribers.postMessage({ type: 'arm', marker, target, latency });
  await nextMessage(rig.subscribers, 'armed');
  return { marker, done: nextMessage<Float64Array | null>(rig.subscribers, 'done') };
}

async function throughputRound(rig: Rig): Promise<number> {
  const { marker, done } = await arm(rig, UPDATES, false);
  const started = performance.now();
  for (let i = 0; i < UPDATES; i++) publish(rig, marker, i);
  await done;
  return performance.now() - started;
}

async function latencyRound(rig: Rig): Promise<Float64Array> {
  const { marker, done } = await arm(rig, LATENCY_UPDATES, true);
  for (let i = 0; i < LATENCY_UPDATES; i++) {
    publish(rig, marker, i);
    await sleep(LATENCY_GAP_MS);
  }
  return (await done) ?? new Float64Array();
}

async function iterate(): Promise<void> {
  for (const kind of KINDS) if (!rigs.has(kind)) rigs.set(kind, await startRig(kind, SHAPE));
  const offset = iteration++ % KINDS.length;
  const order = [...KINDS.slice(offset), ...KINDS.slice(0, offset)];
  for (const kind of order) {
    const rig = rigs.get(kind);
    if (!rig) continue;
    const roundMs = await throughputRound(rig);
    const latencies = await latencyRound(rig);
    const s = samples.get(kind);
    if (!s) continue; // warm-up
    s.roundMs.push(roundMs);
    s.latencyMs.push(...latencies);
  }
}

function figures(kind: RigKind) {
  const s = samples.get(kind) ?? { roundMs: [], latencyMs: [] };
  const sorted = [...s.latencyMs].sort((a, b) => a - b);
  return {
    deliveriesPerS: Math.round((UPDATES * SUBSCRIBERS) / (median(s.roundMs) / 1000)),
    roundsMs: s.roundMs.map((ms) => Math.round(ms)),
    latencyP50Ms: Number(percentile(sorted, 0.5).toFixed(2)),
    latencyP99Ms: Number(percentile(sorted, 0.99).toFixed(2)),
    latencySamples: sorted.length,
  };
}

function report(): void {
  const all = Object.fromEntries(KINDS.map((kind) => [kind, figures(kind)]));
  const lines: string[] = [];
  for (const kind of KINDS) {
    const f = all[kind];
    if (!f) continue;
    lines.push(
      `${LABEL[kind]}: ${f.deliveriesPerS} deliveries/s (median of ${f.roundsMs.length} rounds), ` +
        `latency p50 ${f.latencyP50Ms} ms p99 ${f.latencyP99Ms} ms (${f.latencySamples} deliveries at ${1000 / LATENCY_GAP_MS} updates/s)`,
    );
  }
  // Rounds of one iteration ran within seconds of each other: the median of their ratios is
  // steadier on a shared machine than a ratio of medians taken minutes apart.
  const ratio = (a: RigKind, b: RigKind) => {
    const x = samples.get(a)?.roundMs ?? [];
    const y = samples.get(b)?.roundMs ?? [];
    const paired = x.flatMap((ms, i) => (y[i] === undefined ? [] : [y[i] / ms]));
    return paired.length > 0 ? Number(median(paired).toFixed(2)) : null;
  };
  const ratios = {
    embeddedToPlainAedes: ratio('embedded', 'aedes'),
    embeddedToMosquitto: ratio('embedded', 'mosquitto'),
  };
  lines.push(`embedded/plain aedes = ${ratios.embeddedToPlainAedes}`);
  if (ratios.embeddedToMosquitto !== null) lines.push(`embedded/mosquitto = ${ratios.embeddedToMosquitto}`);
  const file = writeResult('mqtt-throughput', {
    subscribers: SUBSCRIBERS,
    updatesPerRound: UPDATES,
    rigs: all,
    ratios,
  });
  lines.push(`(${file})`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** vitest 4 runs no afterAll in bench mode, so the task reports and cleans up in its teardown. */
const options = {
  iterations: Number(process.env.BENCH_ITERATIONS ?? 8),
  warmupIterations: 1,
  time: 0,
  warmupTime: 0,
  setup(_task: unknown, mode?: 'run' | 'warmup') {
    if (mode === 'run') for (const kind of KINDS) samples.set(kind, { roundMs: [], latencyMs: [] });
  },
  async teardown(_task: unknown, mode?: 'run' | 'warmup') {
    if (mode !== 'run') return;
    report();
    await Promise.all([...rigs.values()].map((rig) => rig.stop()));
  },
};

describe(`health updates to ${SUBSCRIBERS} subscribers (${UPDATES} per round)`, () => {
  bench(`${KINDS.map((k) => LABEL[k]).join(' vs ')}, interleaved`, iterate, options);
});
