/**
 * The gateway's own credential on the embedded broker. It is generated per process and never
 * written anywhere, so no configuration file or leaked backup can grant state-publishing rights.
 */
import { randomBytes } from 'node:crypto';

export const GATEWAY_USERNAME = 'samband-gateway';

export interface GatewayCredential {
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
}

export function createGatewayCredential(): GatewayCredential {
  return {
    username: GATEWAY_USERNAME,
    password: randomBytes(32).toString('base64url'),
    // Random so that another client cannot take the session over by guessing it [MQTT-3.1.4-2].
    clientId: `${GATEWAY_USERNAME}-${randomBytes(6).toString('hex')}`,
  };
}
