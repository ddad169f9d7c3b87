/**
 * The broker rigs of bench/mqtt-throughput: the same pipeline (FakeCore link events -> startMqtt's
 * HealthPublisher, QoS 1 retained -> a broker -> 100 mqtt.js QoS 1 subscribers in a worker thread)
 * with the broker swapped:
 * - `embedded`: the deployed shape, aedes inside the gateway with authentication, ACLs and the
 *   packet guard on;
 * - `aedes`: the same aedes release in the same process, plain (no auth, no ACL, no guard), with
 *   the gateway connected to it as to an external broker: the reference for what the gateway adds;
 * - `mosquitto`: its own process and core (skipped when not installed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { type MqttService, startMqtt } from '../../adapters/mqtt/index.js';
import { nullLogger } from '../../bridge/null-logger.js';
import { mqttSchema } from '../../config/schema.js';
import { FakeCore } from '../../test/adapters/mqtt/support/fake-core.js';
import { embeddedConfig, USERS } from '../../test/adapters/mqtt/support/mqtt-helpers.js';
import { freePort } from '../../test/support/free-port.js';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export type RigKind = 'embedded' | 'aedes' | 'mosquitto';

export interface RigShape {
  subscribers: number;
  participants: string[];
  filter: string;
}

export interface Rig {
  readonly kind: RigKind;
  readonly core: FakeCore;
  readonly subscribers: Worker;
  stop(): Promise<void>;
}

export async function startRig(kind: RigKind, shape: RigShape): Promise<Rig> {
  const core = new FakeCore(shape.participants);
  const start = (config: Parameters<typeof startMqtt>[0]['config']) =>
    startMqtt({ config, core, gatewayName: 'bench', version: '0', logger: nullLogger });
  let service: MqttService;
  let url: string;
  let auth: object = {};
  let release: () => void = () => {};
  if (kind === 'embedded') {
    service = await start(embeddedConfig());
    url = `mqtt://127.0.0.1:${service.tcpPort}`;
    auth = USERS.dashboard;
  } else {
    const broker = kind === 'aedes' ? await startPlainAedes() : await startMosquitto();
    url = broker.url;
    release = broker.stop;
    service = await start(mqttSchema.parse({ broker: 'external', external: { url } }));
  }
  const subscribers = await startSubscribers(url, auth, shape);
  return {
    kind,
    core,
    subscribers,
    async stop() {
      // Synchronously first: vitest may not wait for the rest of an async teardown.
      release();
      await subscribers.terminate();
      await service.close();
    },
  };
}

/** Resolves on the worker's next message of this type; rejects on its error report. */
export function nextMessage<T = unknown>(worker: Worker, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; message?: string; data?: T }) => {
      if (m.type === 'error') reject(new Error(m.message));
      if (m.type !== type) return;
      worker.off('message', onMessage);
      resolve(m.data as T);
    };
    worker.on('message', onMessage);
  });
}

async function startSubscribers(url: string, auth: object, shape: RigShape): Promise<Worker> {
  const mqttPath = createRequire(import.meta.url).resolve('mqtt');
  const worker = new Worker(new URL('../mqtt-subscribers.cjs', import.meta.url), {
    workerData: { url, auth, subscribers: shape.subscribers, filter: shape.filter, qos: 1, mqttPath },
  });
  await nextMessage(worker, 'ready');
  return worker;
}

interface ExternalBroker {
  url: string;
  stop(): void;
}

async function startPlainAedes(): Promise<ExternalBroker> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop() {
      server.close();
      broker.close();
    },
  };
}

async function startMosquitto(): Promise<ExternalBroker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'samband-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n`,
  );
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  // vitest may end the bench process without awaiting teardown; never leave a broker behind.
  process.once('exit', () => child.kill('SIGTERM'));
  const url = `mqtt://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const probe = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 });
      await probe.endAsync();
      return { url, stop: () => child.kill('SIGTERM') };
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
