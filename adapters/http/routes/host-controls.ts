/**
 * The host's controls on a running conference (DESIGN.md §1): mute, remove / readmit, on site,
 * lock and record. Each passes the caller's token name as `by`, so the core's audit trail says who did it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../auth.js';
import { withDurability } from '../durability.js';
import {
  type IdParams,
  idParamsSchema,
  type LockBody,
  lockBodySchema,
  type MuteBody,
  muteBodySchema,
  noFieldsBodySchema,
  type OnSiteBody,
  onSiteBodySchema,
  type RecordingBody,
  recordingBodySchema,
} from '../schemas.js';
import type { RouteContext } from './context.js';

export function registerHostControlRoutes(app: FastifyInstance, { core, guard, logger }: RouteContext): void {
  const host = guard('host');
  const requested = (request: FastifyRequest, what: string, fields: object): string => {
    const by = principalOf(request).name;
    logger.info({ ...fields, by }, `${what} requested`);
    return by;
  };
  // Host flags are kept across restarts: the answer says when that could not be done.
  const saved = async <T extends object>(body: T) => withDurability(body, await core.stateSaved());

  app.post<{ Params: IdParams; Body: MuteBody }>(
    '/api/participants/:id/mute',
    { preHandler: host, schema: { params: idParamsSchema, body: muteBodySchema } },
    async (request) => {
      const { id } = request.params;
      const { muted } = request.body;
      const by = requested(request, muted ? 'mute' : 'unmute', { participantId: id });
      return saved(await core.setMuted(id, muted, by));
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/participants/:id/remove',
    { preHandler: host, schema: { params: idParamsSchema, body: noFieldsBodySchema } },
    async (request) => {
      const by = requested(request, 'remove', { participantId: request.params.id });
      return saved(await core.removeParticipant(request.params.id, by));
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/participants/:id/readmit',
    { preHandler: host, schema: { params: idParamsSchema, body: noFieldsBodySchema } },
    async (request) => {
      const by = requested(request, 'readmit', { participantId: request.params.id });
      return saved(await core.readmit(request.params.id, by));
    },
  );

  // A presence flag (the member is in the conference's meeting room), kept with the host flags.
  app.post<{ Params: IdParams; Body: OnSiteBody }>(
    '/api/participants/:id/on-site',
    { preHandler: host, schema: { params: idParamsSchema, body: onSiteBodySchema } },
    async (request) => {
      const { id } = request.params;
      const { onSite } = request.body;
      const by = requested(request, onSite ? 'mark on site' : 'clear on site', { participantId: id });
      return saved(core.setOnSite(id, onSite, by));
    },
  );

  app.post<{ Params: IdParams; Body: LockBody }>(
    '/api/conferences/:id/lock',
    { preHandler: host, schema: { params: idParamsSchema, body: lockBodySchema } },
    async (request) => {
      const { id } = request.params;
      const { locked } = request.body;
      const by = requested(request, locked ? 'lock' : 'unlock', { conferenceId: id });
      return saved(await core.setLocked(id, locked, by));
    },
  );

  // Taking the roll call is the host's act, kept in the conference log with who took it; the
  // GET /roll-call view stays read-only, so watching the board never writes the log.
  app.post<{ Params: IdParams }>(
    '/api/conferences/:id/roll-call',
    { preHandler: host, schema: { params: idParamsSchema, body: noFieldsBodySchema } },
    async (request) => {
      const by = requested(request, 'take roll call', { conferenceId: request.params.id });
      return core.takeRollCall(request.params.id, by);
    },
  );

  app.post<{ Params: IdParams; Body: RecordingBody }>(
    '/api/conferences/:id/recording',
    { preHandler: host, schema: { params: idParamsSchema, body: recordingBodySchema } },
    async (request) => {
      const { id } = request.params;
      const { recording } = request.body;
      const by = requested(request, recording ? 'start recording' : 'stop recording', { conferenceId: id });
      return saved(await (recording ? core.startRecording(id, by) : core.stopRecording(id, by)));
    },
  );
}
