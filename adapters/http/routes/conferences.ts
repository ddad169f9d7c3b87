/** Conferences: viewers read them and their roll call, the host convenes and ends them. */
import type { FastifyInstance } from 'fastify';
import type { ConveneRequest } from '../../../bridge/convene-plan.js';
import { principalOf } from '../auth.js';
import { conveneBodySchema, type IdParams, idParamsSchema } from '../schemas.js';
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

  // What a convene would call, before anyone is rung: the dialog's preview with counts.
  app.post<{ Params: IdParams; Body: ConveneRequest | null }>(
    '/api/conferences/:id/convene/preview',
    { preHandler: host, schema: { params: idParamsSchema, body: conveneBodySchema } },
    async (request) => core.previewConvene(request.params.id, request.body ?? {}),
  );

  app.post<{ Params: IdParams; Body: ConveneRequest | null }>(
    '/api/conferences/:id/convene',
    { preHandler: host, schema: { params: idParamsSchema, body: conveneBodySchema } },
    async (request) => {
      const by = principalOf(request).name;
      const body = request.body ?? {};
      logger.info({ conferenceId: request.params.id, by, subject: body.subject }, 'convene requested');
      return core.convene(request.params.id, by, request.body ?? undefined);
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
