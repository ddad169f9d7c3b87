/** `GET /api/events`: the live event stream (see ../sse.ts); viewers and up. */
import type { FastifyInstance } from 'fastify';
import type { SseHub } from '../sse.js';
import type { RouteContext } from './context.js';

export function registerEventRoutes(app: FastifyInstance, { guard }: RouteContext, hub: SseHub): void {
  // No automatic HEAD route: it would open a stream whose body nobody ever reads.
  app.get('/api/events', { preHandler: guard('viewer'), exposeHeadRoute: false }, async (request, reply) => {
    hub.open(request, reply);
    return reply;
  });
  // preClose runs before the server waits for connections to drain; open streams would never drain.
  app.addHook('preClose', async () => hub.closeAll());
}
