/**
 * Outside the demo nothing may be open or stored in plain text: MQTT requires credentials and
 * API tokens are either hashed or injected from the environment, never written in the file.
 */
import type { Check } from './context.js';

export const credentialsOutsideDemo: Check = (ctx) => {
  const { config } = ctx;
  if (config.simulation !== undefined) return;

  if (config.mqtt.embedded.allowAnonymousRead) {
    ctx.error(
      ['mqtt', 'embedded', 'allowAnonymousRead'],
      'expected false, found true: anonymous read requires credentials outside the demo (allowed only with a "simulation" section)',
    );
  }

  // OPC UA anonymous sessions are read-only, but still expose every organisation's state.
  if (config.opcua.allowAnonymous) {
    ctx.error(
      ['opcua', 'allowAnonymous'],
      'expected false, found true: anonymous OPC UA access is allowed only in the demo (with a "simulation" section)',
    );
  }

  if (config.opcua.autoAcceptClientCertificates) {
    ctx.warn(
      ['opcua', 'autoAcceptClientCertificates'],
      'any OPC UA client certificate is trusted on first contact; prefer moving known clients to opcua-pki/trusted',
    );
  }

  config.http.tokens.forEach((token, i) => {
    const path = ['http', 'tokens', i, 'token'];
    if (token.token === undefined || ctx.isFromEnv(path)) return;
    ctx.error(
      path,
      `expected \${env:NAME} or "tokenHash" outside the demo, found a plain token written in the file`,
    );
  });

  const external = config.mqtt.external;
  if (config.mqtt.broker === 'external' && external?.password !== undefined) {
    if (!ctx.isFromEnv(['mqtt', 'external', 'password'])) {
      ctx.warn(
        ['mqtt', 'external', 'password'],
        `a plain password written in the file; prefer \${env:NAME} so the file holds no secrets`,
      );
    }
  }
};
