/**
 * Deployment overrides from the environment, applied after validation. Containers need the
 * listeners on 0.0.0.0 while every config file binds 127.0.0.1 by default (safe outside Docker).
 */
import { isIP } from 'node:net';
import type { Config } from '../config/schema.js';

export interface AppliedOverride {
  variable: string;
  value: string;
}

export function applyEnvOverrides(config: Config, env: NodeJS.ProcessEnv): AppliedOverride[] {
  const applied: AppliedOverride[] = [];
  const host = env.SAMBAND_LISTEN_HOST;
  if (host !== undefined && host !== '') {
    if (isIP(host) === 0 && host !== 'localhost') {
      throw new Error(`SAMBAND_LISTEN_HOST must be an IP address or localhost, got "${host}"`);
    }
    config.http.host = host;
    config.mqtt.embedded.host = host;
    applied.push({ variable: 'SAMBAND_LISTEN_HOST', value: host });
  }
  return applied;
}
