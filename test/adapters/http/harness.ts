/** Builds an HTTP server around a FakeCore with one token per role, for the route tests. */

import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../../adapters/http/server.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { HttpConfig } from '../../../config/schema.js';
import { FakeCore } from './fake-core.js';
import type { FakeSim } from './fake-sim.js';

export const TOKENS = {
  host: 'host-token-0123456789abcdef',
  technician: 'tech-token-0123456789abcdef',
  viewer: 'view-token-0123456789abcdef',
} as const;

export function httpConfig(extra: HttpConfig['tokens'] = []): HttpConfig {
  return {
    enabled: true,
    host: '127.0.0.1',
    port: 0,
    tokens: [
      { name: 'tib-anna', role: 'host', token: TOKENS.host },
      { name: 'tekniker-bo', role: 'technician', token: TOKENS.technician },
      { name: 'lagesbild', role: 'viewer', token: TOKENS.viewer },
      ...extra,
    ],
  };
}

export function bearer(role: keyof typeof TOKENS): { authorization: string } {
  return { authorization: `Bearer ${TOKENS[role]}` };
}

export interface Harness {
  core: FakeCore;
  server: HttpServer;
}

export function buildServer(
  options: { core?: FakeCore; sim?: FakeSim } & Partial<Omit<HttpServerOptions, 'core' | 'sim'>> = {},
): Harness {
  const core = options.core ?? new FakeCore();
  const server = createHttpServer({
    config: options.config ?? httpConfig(),
    core,
    logger: options.logger ?? nullLogger,
    readiness: options.readiness ?? (() => ({ ready: true, checks: { core: true } })),
    version: options.version ?? '0.0.0-test',
    ...(options.sim ? { sim: options.sim } : {}),
    ...(options.sambandstest ? { sambandstest: options.sambandstest } : {}),
    ...(options.protocols ? { protocols: options.protocols } : {}),
    ...(options.sseKeepAliveMs !== undefined ? { sseKeepAliveMs: options.sseKeepAliveMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.loginThrottled ? { loginThrottled: options.loginThrottled } : {}),
  });
  return { core, server };
}
