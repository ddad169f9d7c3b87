/**
 * Fault injection into the simulator, for technicians and hosts rehearsing failover.
 * The routes always exist so that a gateway without the simulator answers with a clear 404
 * (SAMBAND_ERR_SIM_DISABLED) instead of a generic "no route".
 */
import type { FastifyInstance } from 'fastify';
import type { SimControl } from '../../../bridge/sim-control-port.js';
import { principalOf } from '../auth.js';
import { SimDisabledError } from '../errors.js';
import {
  type DtmfBody,
  dtmfBodySchema,
  type IdParams,
  idParamsSchema,
  type SimMobileBody,
  type SimPhoneBody,
  type SimRadioBody,
  type SimReplyBody,
  simMobileBodySchema,
  simPhoneBodySchema,
  simRadioBodySchema,
  simReplyBodySchema,
  type TalkBody,
  talkBodySchema,
} from '../schemas.js';
import type { RouteContext } from './context.js';

export function registerSimRoutes(app: FastifyInstance, { sim, guard, logger }: RouteContext): void {
  const technician = guard('technician');
  const requireSim = (): SimControl => {
    if (!sim) throw new SimDisabledError();
    return sim;
  };
  const stateOf = (control: SimControl, participantId: string) => ({
    participantId,
    ...control.state(participantId),
  });

  // Availability probe for the dashboard (viewers may see that the gateway is simulated).
  app.get('/api/sim', { preHandler: guard('viewer') }, async () => {
    requireSim();
    return { enabled: true };
  });

  app.get<{ Params: IdParams }>(
    '/api/sim/participants/:id',
    { preHandler: technician, schema: { params: idParamsSchema } },
    async (request) => stateOf(requireSim(), request.params.id),
  );

  app.post<{ Params: IdParams; Body: SimPhoneBody }>(
    '/api/sim/participants/:id/phone',
    { preHandler: technician, schema: { params: idParamsSchema, body: simPhoneBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      logger.info(
        { participantId: id, phone: request.body.state, by: principalOf(request).name },
        'sim phone fault',
      );
      control.setPhone(id, request.body.state);
      return stateOf(control, id);
    },
  );

  app.post<{ Params: IdParams; Body: SimRadioBody }>(
    '/api/sim/participants/:id/radio',
    { preHandler: technician, schema: { params: idParamsSchema, body: simRadioBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      logger.info(
        { participantId: id, radio: request.body.state, by: principalOf(request).name },
        'sim radio fault',
      );
      control.setRadio(id, request.body.state);
      return stateOf(control, id);
    },
  );

  app.post<{ Params: IdParams; Body: DtmfBody }>(
    '/api/sim/participants/:id/dtmf',
    { preHandler: technician, schema: { params: idParamsSchema, body: dtmfBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      logger.info({ participantId: id, by: principalOf(request).name }, 'sim dtmf');
      control.pressDigit(id, request.body.digit);
      return stateOf(control, id);
    },
  );

  app.post<{ Params: IdParams; Body: TalkBody }>(
    '/api/sim/participants/:id/talk',
    { preHandler: technician, schema: { params: idParamsSchema, body: talkBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      logger.info(
        { participantId: id, talking: request.body.talking, by: principalOf(request).name },
        'sim talking',
      );
      control.setTalking(id, request.body.talking);
      return stateOf(control, id);
    },
  );

  app.post<{ Params: IdParams; Body: SimReplyBody }>(
    '/api/sim/participants/:id/reply',
    { preHandler: technician, schema: { params: idParamsSchema, body: simReplyBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      const { via, text } = request.body;
      logger.info({ participantId: id, via, text, by: principalOf(request).name }, 'sim call-up reply');
      control.reply(id, via, text);
      return stateOf(control, id);
    },
  );

  app.post<{ Params: IdParams; Body: SimMobileBody }>(
    '/api/sim/participants/:id/mobile',
    { preHandler: technician, schema: { params: idParamsSchema, body: simMobileBodySchema } },
    async (request) => {
      const control = requireSim();
      const { id } = request.params;
      const { inCoverage } = request.body;
      logger.info({ participantId: id, inCoverage, by: principalOf(request).name }, 'sim mobile coverage');
      control.setMobileCoverage(id, inCoverage);
      return stateOf(control, id);
    },
  );
}
