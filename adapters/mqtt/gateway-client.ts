/**
 * The gateway's own mqtt.js connection, to the embedded broker or to an external one. mqtt.js
 * reconnects on its own; whoever uses the client reacts to its `connect` event, which fires on
 * every (re)connection.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Clock, Logger } from '../../bridge/ports.js';
import { MqttError, MqttErrorCodes } from './errors.js';

export interface GatewayClientOptions {
  /** `mqtt://host:port`, `mqtts://`, `ws://` or `wss://`. */
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  /** Published by the broker when the connection drops without a DISCONNECT [MQTT-3.1.2-8]. */
  will: { topic: string; payload: Buffer };
  logger: Logger;
  reconnectPeriodMs?: number;
}

export function createGatewayClient(options: GatewayClientOptions): MqttClient {
  const { logger } = options;
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    protocolVersion: 4,
    // No session to resume: on every connect the publisher republishes the full retained state.
    clean: true,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: 10_000,
    // The ingest subscribes in its own `connect` handler, so mqtt.js need not replay them.
    resubscribe: false,
    will: { ...options.will, qos: 1, retain: true },
  };
  if (options.username !== undefined) clientOptions.username = options.username;
  if (options.password !== undefined) clientOptions.password = options.password;

  const client = connect(options.url, clientOptions);
  let wasConnected = false;
  client.on('connect', () => {
    wasConnected = true;
    logger.info({ url: redact(options.url), clientId: options.clientId }, 'mqtt gateway client connected');
  });
  client.on('offline', () => {
    if (wasConnected) logger.warn({ url: redact(options.url) }, 'mqtt gateway client offline; reconnecting');
    wasConnected = false;
  });
  // mqtt.js throws an unhandled 'error' event otherwise; the client keeps reconnecting.
  client.on('error', (error) =>
    logger.warn({ url: redact(options.url), err: error }, 'mqtt gateway client error'),
  );
  return client;
}

/** Resolves on the client's first successful connection. @throws MqttError CONNECT_TIMEOUT */
export function waitForConnect(client: MqttClient, timeoutMs: number, clock: Clock): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      clock.clearTimeout(timer);
      resolve();
    };
    const timer = clock.setTimeout(() => {
      client.off('connect', onConnect);
      reject(
        new MqttError(MqttErrorCodes.CONNECT_TIMEOUT, `gateway client not connected after ${timeoutMs} ms`),
      );
    }, timeoutMs);
    client.once('connect', onConnect);
  });
}

/** Credentials may be embedded in a broker URL; they must not reach the log. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
