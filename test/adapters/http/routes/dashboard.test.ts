import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { buildServer } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('dashboard routes', () => {
  it('serves the page at / without auth, with a strict CSP', async () => {
    server = buildServer().server;
    const res = await server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('data-testid="participants"');
  });

  it.each(['app.js', 'render.js', 'conference.js', 'labels.js', 'stream.js', 'trunks.js', 'style.css'])(
    'serves %s',
    async (file) => {
      server = buildServer().server;
      const res = await server.app.inject({ method: 'GET', url: `/dashboard/${file}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(file.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(res.body.length).toBeGreaterThan(100);
    },
  );

  it('serves nothing else from the dashboard folder', async () => {
    server = buildServer().server;
    const res = await server.app.inject({ method: 'GET', url: '/dashboard/../server.ts' });
    expect(res.statusCode).toBe(404);
  });
});
