/** Prometheus scrape endpoint; no auth, as scrapers rarely carry bearer tokens (bind http.host accordingly). */
import type { FastifyInstance } from 'fastify';
import type { HttpMetrics } from '../metrics.js';

export function registerMetricsRoutes(app: FastifyInstance, metrics: HttpMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.render();
    return reply.type(metrics.contentType).send(text);
  });
}
