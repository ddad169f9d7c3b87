/**
 * Sambandstest over HTTP: technicians start runs and comment results, viewers read runs and
 * reports. Talks to the sambandstest service only (SambandstestApi), never to the core.
 */
import type { FastifyInstance } from 'fastify';
import { LINK_PATHS, type LinkPath } from '../../../bridge/model.js';
import type { Logger } from '../../../bridge/ports.js';
import { RUN_ID_PATTERN } from '../../../bridge/sambandstest/model.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../../bridge/sambandstest/report.js';
import type { SambandstestApi } from '../../../bridge/sambandstest/service.js';
import type { StoreHealthSnapshot } from '../../../bridge/store-health.js';
import { principalOf, type RoleGuard } from '../auth.js';
import { withDurability } from '../durability.js';
import { type ListQuery, listQuerySchema } from '../schemas.js';

export interface SambandstestRouteContext {
  sambandstest: SambandstestApi;
  guard: RoleGuard;
  logger: Logger;
  /** Whether the run just saved reached the store (its answer says when it did not). */
  storeHealth: () => StoreHealthSnapshot;
}

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } as const;
const runId = { type: 'string', pattern: RUN_ID_PATTERN.source } as const;

interface StartBody {
  participants?: string[];
  paths?: LinkPath[];
}
const startBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    participants: { type: 'array', minItems: 1, maxItems: 500, items: id },
    paths: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: [...LINK_PATHS] } },
  },
} as const;

interface RunParams {
  runId: string;
}
const runParamsSchema = {
  type: 'object',
  required: ['runId'],
  additionalProperties: false,
  properties: { runId },
} as const;

interface ReportQuery {
  format?: ReportFormat;
}
const reportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: [...REPORT_FORMATS] } },
} as const;

interface ResultParams extends RunParams {
  participantId: string;
  path: LinkPath;
}
const resultParamsSchema = {
  type: 'object',
  required: ['runId', 'participantId', 'path'],
  additionalProperties: false,
  properties: { runId, participantId: id, path: { type: 'string', enum: [...LINK_PATHS] } },
} as const;

interface CommentBody {
  comment: string;
}
const commentBodySchema = {
  type: 'object',
  required: ['comment'],
  additionalProperties: false,
  properties: { comment: { type: 'string', maxLength: 1000 } },
} as const;

export function registerSambandstestRoutes(
  app: FastifyInstance,
  { sambandstest, guard, logger, storeHealth }: SambandstestRouteContext,
): void {
  const viewer = guard('viewer');
  const technician = guard('technician');

  app.post<{ Body: StartBody | undefined }>(
    '/api/sambandstest/runs',
    { preHandler: technician, schema: { body: startBodySchema } },
    async (request, reply) => {
      const by = principalOf(request).name;
      const body = request.body ?? {};
      logger.info({ by, participants: body.participants, paths: body.paths }, 'sambandstest requested');
      const run = await sambandstest.startRun({
        trigger: 'api',
        requestedBy: by,
        ...(body.participants ? { participants: body.participants } : {}),
        ...(body.paths ? { paths: body.paths } : {}),
      });
      return reply
        .code(202)
        .header('location', `/api/sambandstest/runs/${run.id}`)
        .send(withDurability({ runId: run.id, run }, storeHealth().ok));
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/sambandstest/runs',
    { preHandler: viewer, schema: { querystring: listQuerySchema } },
    async (request) => {
      const limit = request.query.limit === undefined ? undefined : Number(request.query.limit);
      return { current: sambandstest.current(), runs: await sambandstest.listRuns(limit ? { limit } : {}) };
    },
  );

  app.get<{ Params: RunParams }>(
    '/api/sambandstest/runs/:runId',
    { preHandler: viewer, schema: { params: runParamsSchema } },
    async (request) => sambandstest.getRun(request.params.runId),
  );

  app.get<{ Params: RunParams; Querystring: ReportQuery }>(
    '/api/sambandstest/runs/:runId/report',
    { preHandler: viewer, schema: { params: runParamsSchema, querystring: reportQuerySchema } },
    async (request, reply) => {
      const detail = await sambandstest.getRun(request.params.runId);
      const report = renderReport(detail, request.query.format ?? 'json');
      const disposition = request.query.format === 'html' ? 'inline' : 'attachment';
      return reply
        .type(report.contentType)
        .header('content-disposition', `${disposition}; filename="${report.fileName}"`)
        .send(report.body);
    },
  );

  app.put<{ Params: ResultParams; Body: CommentBody }>(
    '/api/sambandstest/runs/:runId/results/:participantId/:path/comment',
    { preHandler: technician, schema: { params: resultParamsSchema, body: commentBodySchema } },
    async (request) => {
      const { runId: run, participantId, path } = request.params;
      const by = principalOf(request).name;
      return sambandstest.setComment(run, participantId, path, request.body.comment, by);
    },
  );
}
