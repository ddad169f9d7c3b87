/** Liveness and readiness probes: no auth, so orchestrators and load balancers can call them. */
import type { FastifyInstance } from 'fastify';
import type { StoreHealthSnapshot } from '../../../bridge/store-health.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
  /** Why the store check fails (reason, since, writes held back), when it does. */
  store?: StoreHealthSnapshot;
}

export function registerHealthRoutes(
  app: FastifyInstance,
  readiness: () => Readiness,
  version: string,
): void {
  // Alive means the event loop answers; it deliberately checks nothing else.
  app.get('/healthz', async () => ({ status: 'ok', version }));

  app.get('/readyz', async (_request, reply) => {
    const result = readiness();
    return reply.code(result.ready ? 200 : 503).send(result);
  });
}
