/**
 * Health updates per second delivered to 100 subscribers: embedded aedes vs mosquitto.
 *
 *   apt-get install -y mosquitto        # the broker; the clients are already installed
 *   npx vitest bench --run bench/mqtt-throughput.bench.ts      (BENCH_ITERATIONS=8 by default)
 *
 * Both sides run the same pipeline: FakeCore link events -> startMqtt's HealthPublisher
 * (QoS 1, retained) -> broker -> 100 mqtt.js subscribers (QoS 1) in a worker thread. For aedes
 * that is the deployed shape (broker inside the gateway process, with auth and ACL on); for
 * mosquitto the gateway runs in external mode and mosquitto has its own process and core.
 * One bench iteration publishes UPDATES link updates and waits until every subscriber has them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { connectAsync } from 'mqtt';
import { bench, describe } from 'vitest';
import { type MqttService, startMqtt } from '../adapters/mqtt/index.js';
import { nullLogger } from '../bridge/null-logger.js';
import { mqttSchema } from '../config/schema.js';
import { FakeCore, link } from '../test/adapters/mqtt/support/fake-core.js';
import { embeddedConfig, USERS } from '../test/adapters/mqtt/support/mqtt-helpers.js';

const SUBSCRIBERS = 100;
const UPDATES = 1000;
const PARTICIPANTS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10'];
const FILTER = 'samband/v1/participants/+/links/+';
const MOSQUITTO = '/usr/sbin/mosquitto';

interface Rig {
  core: FakeCore;
  service: MqttService;
  subscribers: Worker;
  round: number;
  elapsedMs: number[];
  stop(): Promise<void>;
}

function message(worker: Worker, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; message?: string }) => {
      if (m.type === 'error') reject(new Error(m.message));
      if (m.type !== type) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
  });
}

async function startSubscribers(url: string, auth: object): Promise<Worker> {
  const mqttPath = createRequire(import.meta.url).resolve('mqtt');
  const worker = new Worker(new URL('./mqtt-subscribers.cjs', import.meta.url), {
    workerData: { url, auth, subscribers: SUBSCRIBERS, filter: FILTER, qos: 1, mqttPath },
  });
  await message(worker, 'ready');
  return worker;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

async function startMosquitto(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'samband-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n`,
  );
  const child = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  // vitest may end the bench process without awaiting teardown; never leave a broker behind.
  process.once('exit', () => child.kill('SIGTERM'));
  const url = `mqtt://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const probe = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 });
      await probe.endAsync();
      return { url, process: child };
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function rig(kind: 'aedes' | 'mosquitto'): Promise<Rig> {
  const core = new FakeCore(PARTICIPANTS);
  let service: MqttService;
  let subscribers: Worker;
  let broker: ChildProcess | null = null;
  if (kind === 'aedes') {
    service = await startMqtt({
      config: embeddedConfig(),
      core,
      gatewayName: 'bench',
      version: '0',
      logger: nullLogger,
    });
    subscribers = await startSubscribers(`mqtt://127.0.0.1:${service.tcpPort}`, USERS.dashboard);
  } else {
    const mosquitto = await startMosquitto();
    broker = mosquitto.process;
    const config = mqttSchema.parse({ broker: 'external', external: { url: mosquitto.url } });
    service = await startMqtt({ config, core, gatewayName: 'bench', version: '0', logger: nullLogger });
    subscribers = await startSubscribers(mosquitto.url, {});
  }
  return {
    core,
    service,
    subscribers,
    round: 0,
    elapsedMs: [],
    async stop() {
      // Synchronously first: vitest may not wait for the rest of an async teardown.
      broker?.kill('SIGTERM');
      await subscribers.terminate();
      await service.close();
    },
  };
}

async function oneRound(r: Rig): Promise<void> {
  const marker = `bench-${++r.round}`;
  r.subscribers.postMessage({ type: 'arm', marker, target: UPDATES });
  await message(r.subscribers, 'armed');
  const done = message(r.subscribers, 'done');
  const started = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const pid = PARTICIPANTS[i % PARTICIPANTS.length]!;
    r.core.setLink({ ...link(pid, 'phone', 'up'), reason: marker, metrics: { mos: 4 + (i % 10) / 10 } });
  }
  await done;
  r.elapsedMs.push(performance.now() - started);
}

const rigs: Partial<Record<'aedes' | 'mosquitto', Rig>> = {};

function perSecond(r: Rig | undefined): number {
  if (!r || r.elapsedMs.length === 0) return 0;
  const sorted = [...r.elapsedMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return (UPDATES * SUBSCRIBERS) / (median / 1000);
}

/**
 * vitest 4 runs no afterAll in bench mode, so each task reports and cleans up in tinybench's
 * teardown; mosquitto runs second and prints the ratio.
 */
function options(kind: 'aedes' | 'mosquitto') {
  return {
    iterations: Number(process.env.BENCH_ITERATIONS ?? 8),
    warmupIterations: 1,
    time: 0,
    warmupTime: 0,
    async teardown(_task: unknown, mode?: 'run' | 'warmup') {
      if (mode !== 'run') return;
      const rate = perSecond(rigs[kind]);
      const lines = [
        `${kind}: ${Math.round(rate)} deliveries/s = ${Math.round(rate / SUBSCRIBERS)} updates/s to each of ${SUBSCRIBERS} subscribers (median iteration)`,
      ];
      if (kind === 'mosquitto' && rigs.aedes)
        lines.push(`aedes/mosquitto = ${(perSecond(rigs.aedes) / rate).toFixed(2)}`);
      process.stderr.write(`${lines.join('\n')}\n`);
      await rigs[kind]?.stop();
    },
  };
}

async function rigFor(kind: 'aedes' | 'mosquitto'): Promise<Rig> {
  const existing = rigs[kind];
  if (existing) return existing;
  const created = await rig(kind);
  rigs[kind] = created;
  return created;
}

describe(`health updates to ${SUBSCRIBERS} subscribers (${UPDATES} per iteration)`, () => {
  bench('embedded aedes', async () => oneRound(await rigFor('aedes')), options('aedes'));
  bench.skipIf(!existsSync(MOSQUITTO))(
    'mosquitto',
    async () => oneRound(await rigFor('mosquitto')),
    options('mosquitto'),
  );
});
