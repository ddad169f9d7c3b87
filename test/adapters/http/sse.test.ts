import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpServer } from '../../../adapters/http/server.js';
import { createSseHub, DOMAIN_EVENT_NAMES, frame } from '../../../adapters/http/sse.js';
import type { DomainEvents } from '../../../bridge/events.js';
import { TypedEmitter } from '../../../bridge/typed-emitter.js';
import { captureLogger } from './capture-logger.js';
import type { FakeCore } from './fake-core.js';
import { bearer, buildServer } from './harness.js';
import { connectSse, type SseClient } from './sse-client.js';

let server: HttpServer | null = null;
let bare: FastifyInstance | null = null;
let clients: SseClient[] = [];
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await server?.close();
  await bare?.close();
  server = null;
  bare = null;
});

async function listen(options: Parameters<typeof buildServer>[0] = {}) {
  const harness = buildServer(options);
  server = harness.server;
  const { port } = await harness.server.listen();
  return { ...harness, port };
}

async function connect(port: number, headers: Record<string, string> = bearer('viewer')): Promise<SseClient> {
  const client = await connectSse(port, headers);
  clients.push(client);
  return client;
}

const totalListeners = (core: FakeCore): number =>
  DOMAIN_EVENT_NAMES.reduce((sum, name) => sum + core.emitter.listenerCount(name), 0);

describe('GET /api/events', () => {
  it('streams a domain event as `event:` and `data:` lines', async () => {
    const { core, port } = await listen();
    const client = await connect(port);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await client.waitFor(': connected');
    const path = core.setPath('p1', { active: 'radio', reason: 'failover' });
    await client.waitFor('event: path.changed');
    await client.waitFor('\n\n');
    expect(client.text()).toContain(frame('path.changed', { path, previous: 'phone' }));
  });

  it('relays every kind of domain event', async () => {
    const { core, port } = await listen();
    const client = await connect(port);
    await client.waitFor(': connected');
    core.setLink('p1', 'phone', 'degraded', 'jitter');
    core.emitter.emit('link.metrics', { link: core.participant('p1').links.radio });
    core.setPath('p1', { active: 'radio', reason: 'failover' });
    core.setConferenceState('weekly', 'active');
    core.emitter.emit('conference.event', {
      conferenceId: 'weekly',
      type: 'active',
      at: '2026-11-28T09:00:00Z',
    });
    core.takeRollCall('weekly', 'tib');
    core.emitter.emit('radio.status', { status: core.radios()[0]! });
    core.emitter.emit('radio.floor', {
      floor: {
        radioId: 'rakel-1',
        holder: 'subscriber',
        talkerIssi: '2420102',
        talkerParticipantId: 'p1',
        at: '2026-11-28T09:00:01Z',
        reason: 'talking',
      },
    });
    core.emitter.emit('alarm', {
      kind: 'radio-emergency',
      at: '2026-11-28T09:00:02Z',
      radioId: 'rakel-1',
      issi: '2420102',
      participantId: 'p1',
      detail: 'emergency status 0',
    });
    core.emitter.emit('store.health', {
      health: {
        ok: false,
        since: '2026-11-28T09:00:03Z',
        reason: 'database or disk is full',
        pendingWrites: 2,
      },
    });
    core.emitter.emit('trunk.changed', {
      trunk: {
        id: 'telia',
        state: 'down',
        since: '2026-11-28T09:00:04Z',
        reason: 'timeout',
        registration: 'none',
        rttMs: null,
      },
      usable: false,
    });
    for (const name of DOMAIN_EVENT_NAMES) await client.waitFor(`event: ${name}\n`);
  });

  it('removes its listeners when the client disconnects', async () => {
    const { core, port } = await listen();
    const before = totalListeners(core);
    const client = await connect(port);
    await client.waitFor(': connected');
    expect(totalListeners(core)).toBe(before + DOMAIN_EVENT_NAMES.length);
    client.destroy();
    await vi.waitFor(() => expect(totalListeners(core)).toBe(before));
    // An event after the disconnect must not throw or write to the dead socket.
    core.setPath('p1', { active: 'radio', reason: 'after' });
  });

  it('sends keep-alive comments', async () => {
    const { port } = await listen({ sseKeepAliveMs: 20 });
    const client = await connect(port);
    await client.waitFor(': keep-alive\n\n');
  });

  it('ends open streams when the server closes', async () => {
    const { core, port } = await listen();
    const before = totalListeners(core);
    const client = await connect(port);
    await client.waitFor(': connected');
    await server?.close();
    await client.ended;
    expect(totalListeners(core)).toBe(before - 5); // metrics unsubscribed too (link, path, conference, store, trunk)
  });

  it('offers no HEAD route that would open a stream', async () => {
    const { core, server } = buildServer();
    const before = totalListeners(core);
    const res = await server.app.inject({ method: 'HEAD', url: '/api/events', headers: bearer('viewer') });
    expect(res.statusCode).toBe(404);
    expect(totalListeners(core)).toBe(before);
    await server.close();
  });

  it('requires a token', async () => {
    const { port } = await listen();
    const client = await connect(port, {});
    expect(client.response.statusCode).toBe(401);
  });
});

describe('createSseHub', () => {
  it('drops a client that stops reading instead of buffering without bound', async () => {
    const events = new TypedEmitter<DomainEvents>();
    const logger = captureLogger();
    const hub = createSseHub(events, logger, { keepAliveMs: 60_000, maxBufferedBytes: 64 * 1024 });
    bare = Fastify();
    bare.get('/api/events', async (request, reply) => {
      hub.open(request, reply);
      return reply;
    });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const client = await connect((bare.server.address() as AddressInfo).port, {});
    await client.waitFor(': connected');
    client.response.pause();
    const big = { conferenceId: 'weekly', type: 'active' as const, at: 'x', detail: 'x'.repeat(64 * 1024) };
    // The kernel's socket buffers absorb some megabytes first; the hub must give up after that.
    for (let i = 0; i < 2000 && hub.size() > 0; i++) events.emit('conference.event', big);
    expect(hub.size()).toBe(0);
    expect(events.listenerCount('conference.event')).toBe(0);
    expect(logger.entries.some((e) => e.level === 'warn')).toBe(true);
  });
});
