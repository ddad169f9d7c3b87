/**
 * The conference log over HTTP (issue 11): a conference's past runs, one run's log, and its
 * protocol as PDF, HTML, CSV or JSON, for viewers and above. Reads through ConferenceProtocols
 * only; the log is written by the recorder, never over HTTP.
 */
import type { FastifyInstance } from 'fastify';
import { CONFERENCE_RUN_ID_PATTERN } from '../../../bridge/conference-log/model.js';
import {
  type ConferenceProtocols,
  PROTOCOL_FORMATS,
  type ProtocolFormat,
} from '../../../bridge/conference-log/protocols.js';
import type { RoleGuard } from '../auth.js';
import { type ListQuery, listQuerySchema } from '../schemas.js';

export interface ConferenceLogRouteContext {
  protocols: ConferenceProtocols;
  guard: RoleGuard;
}

interface ConferenceParams {
  id: string;
}
interface RunParams extends ConferenceParams {
  runId: string;
}
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const conferenceParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id },
} as const;
const runParamsSchema = {
  type: 'object',
  required: ['id', 'runId'],
  additionalProperties: false,
  properties: { id, runId: { type: 'string', pattern: CONFERENCE_RUN_ID_PATTERN.source } },
} as const;
interface ProtocolQuery {
  format?: ProtocolFormat;
}
const protocolQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: [...PROTOCOL_FORMATS] } },
} as const;

export function registerConferenceLogRoutes(
  app: FastifyInstance,
  { protocols, guard }: ConferenceLogRouteContext,
): void {
  const viewer = guard('viewer');

  app.get<{ Params: ConferenceParams; Querystring: ListQuery }>(
    '/api/conferences/:id/runs',
    { preHandler: viewer, schema: { params: conferenceParamsSchema, querystring: listQuerySchema } },
    async (request) => {
      const { limit } = request.query;
      return { runs: await protocols.listRuns(request.params.id, limit ? Number(limit) : undefined) };
    },
  );

  app.get<{ Params: RunParams }>(
    '/api/conferences/:id/runs/:runId',
    { preHandler: viewer, schema: { params: runParamsSchema } },
    async (request) => protocols.runLog(request.params.runId, request.params.id),
  );

  app.get<{ Params: RunParams; Querystring: ProtocolQuery }>(
    '/api/conferences/:id/runs/:runId/protocol',
    { preHandler: viewer, schema: { params: runParamsSchema, querystring: protocolQuerySchema } },
    async (request, reply) => {
      const format = request.query.format ?? 'pdf';
      const protocol = await protocols.render(request.params.runId, format, request.params.id);
      const disposition = format === 'html' ? 'inline' : 'attachment';
      return reply
        .type(protocol.contentType)
        .header('content-disposition', `${disposition}; filename="${protocol.fileName}"`)
        .send(typeof protocol.body === 'string' ? protocol.body : Buffer.from(protocol.body));
    },
  );
}
