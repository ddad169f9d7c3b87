import { once } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAuthenticator } from '../../../adapters/mqtt/auth.js';
import { createBrokerPolicy } from '../../../adapters/mqtt/broker-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../adapters/mqtt/embedded-broker.js';
import { MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import { createGatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { Logger } from '../../../bridge/ports.js';
import { ClientPool, closed, embeddedConfig, MessageLog, tcpUrl, USERS } from './support/mqtt-helpers.js';
import { RecordingLogger } from './support/recording-logger.js';
import { STAND_IN_GATEWAY } from './support/stand-in-broker.js';

const config = embeddedConfig({ allowAnonymousRead: true });
const policy = (gateway = createGatewayCredential()) =>
  createBrokerPolicy({
    authenticate: createAuthenticator({ users: config.users, gateway, allowAnonymousRead: true }),
    topics: createTopics('samband'),
    logger: nullLogger,
  });
const cleanup: Array<() => Promise<unknown> | unknown> = [];
const pool = new ClientPool();

afterEach(async () => {
  await pool.closeAll();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(embedded = config.embedded, logger: Logger = nullLogger): Promise<EmbeddedBroker> {
  const broker = await startEmbeddedBroker({ config: embedded, policy: policy(STAND_IN_GATEWAY), logger });
  cleanup.push(() => broker.close());
  return broker;
}

/** A raw TCP connection, closed after the test; `closed` settles when the broker drops it. */
async function rawSocket(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = tcpConnect(port, '127.0.0.1');
  cleanup.push(() => socket.destroy());
  // Writes after the broker has gone fail with EPIPE/ECONNRESET; that is the expected outcome.
  socket.on('error', () => {});
  await once(socket, 'connect');
  // Not events.once: it would reject on that error instead of waiting for the close.
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

/** The bytes of a CONNECT (MQTT 3.1.1, clean session, no credentials) for client id "raw". */
const CONNECT = Buffer.from([
  0x10, 15, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x03, 0x72, 0x61, 0x77,
]);

it('closes with a client connected and a raw socket that never sent CONNECT', async () => {
  const broker = await start();
  const client = await pool.open(tcpUrl(broker.tcpPort), USERS.dashboard);
  const idle: Socket = tcpConnect(broker.tcpPort, '127.0.0.1');
  cleanup.push(() => idle.destroy());
  await once(idle, 'connect');
  const idleClosed = once(idle, 'close');
  const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));

  await broker.close();
  await Promise.all([idleClosed, clientClosed]);
  // The ports are free again.
  const probe = createServer();
  cleanup.push(() => new Promise((r) => probe.close(r)));
  probe.listen(broker.tcpPort, '127.0.0.1');
  await once(probe, 'listening');
});

it('is idempotent on close()', async () => {
  const broker = await start();
  await Promise.all([broker.close(), broker.close()]);
  await broker.close();
});

it('reports a port already in use as a LISTEN error', async () => {
  const squatter: Server = createServer();
  squatter.listen(0, '127.0.0.1');
  await once(squatter, 'listening');
  cleanup.push(() => new Promise((r) => squatter.close(r)));
  const address = squatter.address();
  const port = typeof address === 'object' && address ? address.port : -1;
  await expect(start({ ...config.embedded, port })).rejects.toMatchObject({ code: MqttErrorCodes.LISTEN });
});

it('refuses topics deeper than maxTopicLevels', async () => {
  const broker = await start({ ...config.embedded, maxTopicLevels: 3 });
  const client = await pool.open(tcpUrl(broker.tcpPort));
  // Past the limit aedes fails the SUBSCRIBE and drops the connection.
  const dropped = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.subscribe('samband/a/b/c/#');
  await dropped;
});

describe('packet-size guard and CONNECT deadline', () => {
  // Long enough that only the guard, not aedes' connect time-out, can close these connections.
  const patient = { ...config.embedded, connectTimeoutMs: 60_000 };

  it('closes a connection whose first packet announces 256 MB, without buffering it', async () => {
    const logger = new RecordingLogger();
    const broker = await start(patient, logger);
    const { socket, closed: dropped } = await rawSocket(broker.tcpPort);
    // A CONNECT header with the largest remaining length, then the first megabyte of its body.
    socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    socket.write(Buffer.alloc(1024 * 1024));
    await dropped;
    const [cut] = logger.find('warn', 'mqtt connection cut');
    expect(cut?.obj).toMatchObject({ code: MqttErrorCodes.PACKET_TOO_LARGE, remoteAddress: '127.0.0.1' });
  });

  it('closes a connection sending a malformed remaining length', async () => {
    const broker = await start(patient);
    const { socket, closed: dropped } = await rawSocket(broker.tcpPort);
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]));
    await dropped;
  });

  it('applies the same limit over WebSocket', async () => {
    const broker = await start(patient);
    const ws = new WebSocket(`ws://127.0.0.1:${broker.wsPort}`, 'mqtt');
    cleanup.push(() => ws.terminate());
    await once(ws, 'open');
    const dropped = new Promise((resolve) => ws.once('close', resolve));
    ws.on('error', () => {});
    ws.send(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    await dropped;
  });

  it('refuses a WebSocket message larger than a few packets before buffering more of it', async () => {
    const broker = await start(patient);
    const ws = new WebSocket(`ws://127.0.0.1:${broker.wsPort}`, 'mqtt');
    cleanup.push(() => ws.terminate());
    ws.on('error', () => {});
    await once(ws, 'open');
    const dropped = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(Buffer.alloc(config.embedded.maxPacketBytes * 8));
    const code = await dropped;
    expect(code).toBe(1009); // RFC 6455 §7.4.1: message too big
  });

  it('cuts an authenticated client publishing over the limit, and delivers one at the limit', async () => {
    const broker = await start(patient);
    const watcher = await pool.open(tcpUrl(broker.tcpPort), USERS.dashboard);
    const log = new MessageLog(watcher);
    await watcher.subscribeAsync('samband/v1/#', { qos: 1 });
    const gateway = await pool.open(tcpUrl(broker.tcpPort), {
      username: STAND_IN_GATEWAY.username,
      password: STAND_IN_GATEWAY.password,
    });
    const topic = 'samband/v1/conferences/c/state';
    // Fixed header 4 bytes, topic 2 + 30, packet id 2: the rest of the limit is payload.
    const fits = 'x'.repeat(config.embedded.maxPacketBytes - 4 - 2 - topic.length - 2);
    await gateway.publishAsync(topic, fits, { qos: 1 });
    expect((await log.next((m) => m.topic === topic)).text).toHaveLength(fits.length);

    gateway.publish(topic, `${fits}!`, { qos: 1 });
    await closed(gateway);
    expect(watcher.connected).toBe(true);
  });

  it('closes a connection that sends no CONNECT within connectTimeoutMs', async () => {
    const broker = await start({ ...config.embedded, connectTimeoutMs: 200 });
    const silent = await rawSocket(broker.tcpPort);
    // One that dribbles its CONNECT: every byte but the last.
    const dribbler = await rawSocket(broker.tcpPort);
    dribbler.socket.write(CONNECT.subarray(0, CONNECT.length - 1));
    const started = Date.now();
    await Promise.all([silent.closed, dribbler.closed]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps a connection that sent its CONNECT in time', async () => {
    const broker = await start({ ...config.embedded, connectTimeoutMs: 200 });
    const prompt = await rawSocket(broker.tcpPort);
    prompt.socket.write(CONNECT);
    const [connack] = (await once(prompt.socket, 'data')) as [Buffer];
    expect([...connack]).toEqual([0x20, 0x02, 0x00, 0x00]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(prompt.socket.destroyed).toBe(false);
  });
});
