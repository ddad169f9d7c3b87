/**
 * Small read-only views: the gateway's radio terminals, its store health, its carrier trunks'
 * health, and who the presented token is.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth.js';
import type { RouteContext } from './context.js';

export function registerGatewayRoutes(app: FastifyInstance, { core, guard }: RouteContext): void {
  const viewer = guard('viewer');

  app.get('/api/radios', { preHandler: viewer }, async () => core.radios());

  // Whether the gateway's writes reach its store: the dashboard's banner when they do not.
  app.get('/api/store', { preHandler: viewer }, async () => core.storeHealth());

  // The board's trunk view and its alarm when no trunk is usable (then phone participants are on radio).
  app.get('/api/trunks', { preHandler: viewer }, async () => ({
    usable: core.trunksUsable(),
    trunks: core.trunks(),
  }));

  // Lets the dashboard check a token once and hide the buttons its role may not use.
  app.get('/api/whoami', { preHandler: viewer }, async (request) => principalOf(request));
}
