/** Participants with their links and active path; the host can pin (force) and release a path. */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth.js';
import { type IdParams, idParamsSchema, type PathBody, pathBodySchema } from '../schemas.js';
import type { RouteContext } from './context.js';

export function registerParticipantRoutes(app: FastifyInstance, { core, guard, logger }: RouteContext): void {
  const viewer = guard('viewer');
  const host = guard('host');

  app.get('/api/participants', { preHandler: viewer }, async () => core.participants());

  app.get<{ Params: IdParams }>(
    '/api/participants/:id',
    { preHandler: viewer, schema: { params: idParamsSchema } },
    async (request) => core.participant(request.params.id),
  );

  app.post<{ Params: IdParams; Body: PathBody }>(
    '/api/participants/:id/path',
    { preHandler: host, schema: { params: idParamsSchema, body: pathBodySchema } },
    async (request) => {
      const by = principalOf(request).name;
      logger.info(
        { participantId: request.params.id, path: request.body.path, by },
        'path override requested',
      );
      return core.forcePath(request.params.id, request.body.path, by);
    },
  );

  app.delete<{ Params: IdParams }>(
    '/api/participants/:id/path',
    { preHandler: host, schema: { params: idParamsSchema } },
    async (request) => {
      const by = principalOf(request).name;
      logger.info({ participantId: request.params.id, by }, 'path override release requested');
      return core.releasePath(request.params.id, by);
    },
  );
}
