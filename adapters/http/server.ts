/**
 * The HTTP adapter's factory: Fastify with the API, the event stream, metrics and the dashboard.
 * It talks to the core only through GatewayCore (and SimControl, when the gateway is simulated).
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { systemClock } from '../../bridge/clock.js';
import type { ConferenceProtocols } from '../../bridge/conference-log/protocols.js';
import type { GatewayCore } from '../../bridge/core-api.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import type { SambandstestApi } from '../../bridge/sambandstest/service.js';
import type { SimControl } from '../../bridge/sim-control-port.js';
import type { HttpConfig } from '../../config/schema.js';
import { LoginThrottleCounts } from '../auth/login-counts.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { createAuthenticator, createRoleGuard } from './auth.js';
import { installErrorHandling } from './error-handler.js';
import { createHttpMetrics } from './metrics.js';
import { registerConferenceLogRoutes } from './routes/conference-log.js';
import { registerConferenceRoutes } from './routes/conferences.js';
import type { RouteContext } from './routes/context.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerEventRoutes } from './routes/events.js';
import { registerGatewayRoutes } from './routes/gateway.js';
import { type Readiness, registerHealthRoutes } from './routes/health.js';
import { registerHostControlRoutes } from './routes/host-controls.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerParticipantRoutes } from './routes/participants.js';
import { registerSambandstestRoutes } from './routes/sambandstest.js';
import { registerSimRoutes } from './routes/sim.js';
import { createSseHub, SSE_DEFAULTS } from './sse.js';

export type { Readiness } from './routes/health.js';

export interface HttpServerOptions {
  config: HttpConfig;
  core: GatewayCore;
  /** Present only when the gateway runs simulated; enables `/api/sim/...`. */
  sim?: SimControl;
  /** Present when the gateway runs sambandstester; enables `/api/sambandstest/...`. */
  sambandstest?: SambandstestApi;
  logger: Logger;
  readiness: () => Readiness;
  version: string;
  /** Present when the gateway keeps a conference log; enables `/api/conferences/:id/runs...`. */
  protocols?: ConferenceProtocols;
  /** Interval of the `: keep-alive` comment on event streams (default 15 s). */
  sseKeepAliveMs?: number;
  /** Times the token throttle's penalties and the rejection cache; defaults to the system clock. */
  clock?: Clock;
  /**
   * Slowed and refused logins of every front door, shown as `samband_login_throttled_total`;
   * this server's own token throttle records into it too. Without it, a tally of its own.
   */
  loginThrottled?: LoginThrottleCounts;
}

export interface HttpServer {
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  readonly app: FastifyInstance;
}

/** API bodies are a few fields; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 16 * 1024;

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { config, core, sim, version } = options;
  const logger = options.logger.child({ component: 'http' });
  const app = Fastify({
    // Request logging is done below with the injected Logger; Fastify's own logger would need pino.
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Shutdown must finish within gateway.shutdownTimeoutMs: cut open connections (a slow or
    // stalled client) instead of waiting for them.
    forceCloseConnections: true,
    ajv: {
      // Reject unknown fields and wrong types instead of Ajv's defaults (strip and coerce).
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false },
    },
  });

  if (config.tokens.length === 0)
    logger.warn({}, 'no http.tokens configured: every /api request will get 401');
  const loginThrottled = options.loginThrottled ?? new LoginThrottleCounts();
  const clock = options.clock ?? systemClock;
  const throttle = new LoginThrottle({
    clock,
    logger: logger.child({ component: 'http-auth' }),
    onThrottled: loginThrottled.recorder('http'),
  });
  const guard = createRoleGuard(createAuthenticator(config.tokens, { clock, throttle }));
  const metrics = createHttpMetrics(core, loginThrottled);
  const hub = createSseHub(core.events, logger, {
    ...SSE_DEFAULTS,
    keepAliveMs: options.sseKeepAliveMs ?? SSE_DEFAULTS.keepAliveMs,
  });
  const context: RouteContext = { core, sim, guard, logger };

  installErrorHandling(app, logger);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template, not the URL, keeps the label set bounded; unmatched URLs share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.countRequest(route, reply.statusCode);
    // Never the headers: they carry the bearer token.
    logger.debug(
      { reqId: request.id, method: request.method, route, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
  });

  registerHealthRoutes(app, options.readiness, version);
  registerMetricsRoutes(app, metrics);
  registerParticipantRoutes(app, context);
  registerConferenceRoutes(app, context);
  registerHostControlRoutes(app, context);
  registerGatewayRoutes(app, context);
  registerEventRoutes(app, context, hub);
  registerSimRoutes(app, context);
  if (options.sambandstest)
    registerSambandstestRoutes(app, {
      sambandstest: options.sambandstest,
      guard,
      logger,
      storeHealth: () => options.core.storeHealth(),
    });
  if (options.protocols) registerConferenceLogRoutes(app, { protocols: options.protocols, guard });
  registerDashboardRoutes(app);

  let closing: Promise<void> | null = null;
  return {
    app,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address() as AddressInfo;
      logger.info({ host: address.address, port: address.port, sim: sim !== undefined }, 'http listening');
      return { host: address.address, port: address.port };
    },
    close() {
      closing ??= app.close().finally(() => metrics.close());
      return closing;
    },
  };
}
