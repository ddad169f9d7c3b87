import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../adapters/http/server.js';
import {
  ConflictError,
  NotFoundError,
  SambandError,
  StorageUnavailableError,
  ValidationError,
} from '../../../bridge/errors.js';
import { captureLogger } from './capture-logger.js';
import { bearer, buildServer } from './harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function start(...args: Parameters<typeof buildServer>) {
  const harness = buildServer(...args);
  server = harness.server;
  return harness;
}

const forceRadio = { method: 'POST' as const, url: '/api/participants/p1/path', headers: bearer('host') };

describe('error mapping', () => {
  it.each([
    [new NotFoundError('X_NOT_FOUND', 'no such thing'), 404],
    [new ConflictError('X_CONFLICT', 'already so'), 409],
    [new ValidationError('X_INVALID', 'not like that'), 400],
  ])('maps %s to %i with its code and message', async (error, status) => {
    const { server, core } = start();
    core.failNext = error;
    const res = await server.app.inject({ ...forceRadio, payload: { path: 'radio' } });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: { code: error.code, message: error.message } });
  });

  it('hides unknown errors behind a generic 500 and logs them', async () => {
    const logger = captureLogger();
    const { server, core } = start({ logger });
    core.failNext = new Error('database password is hunter2');
    const res = await server.app.inject({ ...forceRadio, payload: { path: 'radio' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('SAMBAND_ERR_INTERNAL');
    expect(res.body).not.toContain('hunter2');
    // Logged under `err`, which pino's standard serializer expands with message and stack.
    const logged = logger.entries.find((e) => e.level === 'error');
    expect((logged?.obj as { err?: Error } | undefined)?.err?.message).toContain('hunter2');
  });

  it('treats a SambandError of no known kind as internal', async () => {
    const { server, core } = start();
    core.failNext = new SambandError('X_ODD', 'odd');
    const res = await server.app.inject({ ...forceRadio, payload: { path: 'radio' } });
    expect(res.statusCode).toBe(500);
  });

  it('answers a store that cannot save now with 503 and its code (try again), not 500', async () => {
    const { server, core } = start();
    core.failNext = new StorageUnavailableError('SAMBAND_ERR_STORE_NOT_SAVED', 'not saved: disk full');
    const res = await server.app.inject({ ...forceRadio, payload: { path: 'radio' } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: { code: 'SAMBAND_ERR_STORE_NOT_SAVED', message: 'not saved: disk full' },
    });
  });

  it('maps the core’s NotFoundError for an unknown participant to 404', async () => {
    const { server } = start();
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/participants/ghost',
      headers: bearer('viewer'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_PARTICIPANT');
  });
});

describe('body validation', () => {
  it.each([
    ['an unknown path', { path: 'pigeon' }],
    ['an unknown field', { path: 'radio', extra: true }],
    ['a missing field', {}],
    ['a wrong type', { path: 1 }],
  ])('rejects %s with 400 before reaching the core', async (_label, payload) => {
    const { server, core } = start();
    const res = await server.app.inject({ ...forceRadio, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SAMBAND_ERR_BAD_REQUEST');
    expect(core.calls).toEqual([]);
  });

  it('rejects malformed JSON and a missing body with 400', async () => {
    const { server } = start();
    const broken = await server.app.inject({
      ...forceRadio,
      headers: { ...forceRadio.headers, 'content-type': 'application/json' },
      payload: '{"path":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('SAMBAND_ERR_BAD_REQUEST');
    const missing = await server.app.inject(forceRadio);
    expect(missing.statusCode).toBe(400);
  });

  it('rejects an oversized body', async () => {
    const { server } = start();
    const res = await server.app.inject({ ...forceRadio, payload: { path: 'x'.repeat(20_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('SAMBAND_ERR_BAD_REQUEST');
  });
});
