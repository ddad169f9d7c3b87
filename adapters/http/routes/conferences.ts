/** Conferences: viewers read them and their roll call, the host convenes and ends them. */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth.js';
import { type IdParams, idParamsSchema } from '../schemas.js';
import type { RouteContext } from './context.js';

export function registerConferenceRoutes(app: FastifyInstance, { core, guard, logger }: RouteContext): void {
  const viewer = guard('viewer');
  const host = guard('host');

  app.get('/api/conferences', { preHandler: viewer }, async () => core.conferences());

  app.get<{ Params: IdParams }>(
    '/api/conferences/:id',
    { preHandler: viewer, schema: { params: idParamsSchema } },
    async (request) => core.conference(request.params.id),
  );

  app.get<{ Params: IdParams }>(
    '/api/conferences/:id/roll-call',
    { preHandler: viewer, schema: { params: idParamsSchema } },
    async (request) => core.rollCall(request.params.id),
  );

  app.post<{ Params: IdParams }>(
    '/api/conferences/:id/convene',
    { preHandler: host, schema: { params: idParamsSchema } },
    async (request) => {
      const by = principalOf(request).name;
      logger.info({ conferenceId: request.params.id, by }, 'convene requested');
      return core.convene(request.params.id, by);
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/conferences/:id/end',
    { preHandler: host, schema: { params: idParamsSchema } },
    async (request) => {
      const by = principalOf(request).name;
      logger.info({ conferenceId: request.params.id, by }, 'end requested');
      return core.end(request.params.id, by);
    },
  );
}
