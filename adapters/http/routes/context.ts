/** What route modules receive from the server: the core, the role guard and a few collaborators. */
import type { GatewayCore } from '../../../bridge/core-api.js';
import type { Logger } from '../../../bridge/ports.js';
import type { SimControl } from '../../../bridge/sim-control-port.js';
import type { RoleGuard } from '../auth.js';

export interface RouteContext {
  core: GatewayCore;
  sim: SimControl | undefined;
  guard: RoleGuard;
  logger: Logger;
}
