/**
 * The embedded aedes broker with a TCP and a WebSocket listener. It owns every socket it
 * accepted: aedes tracks only clients that completed CONNECT, so a socket that never sends
 * one would otherwise hold `server.close()` open until aedes' connect time-out.
 * Every connection passes a packet-size guard before aedes sees a byte (packet-guard.ts), and
 * aedes' own `connectTimeout` closes one that has not sent a complete CONNECT in time.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { Logger } from '../../bridge/ports.js';
import type { MqttConfig } from '../../config/schema.js';
import type { BrokerPolicy } from './broker-policy.js';
import { MqttError, MqttErrorCodes } from './errors.js';
import { type GuardOptions, guardConnection } from './packet-guard.js';

/**
 * ws buffers a whole message before the guard sees it, so messages are capped too. A browser
 * client may coalesce queued packets into one message (mqtt.js' writev), hence some headroom.
 */
const WS_PACKETS_PER_MESSAGE = 4;

export interface EmbeddedBroker {
  readonly tcpPort: number;
  readonly wsPort: number;
  /** Stops both listeners, disconnects every client and closes the broker. Idempotent. */
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  config: MqttConfig['embedded'];
  policy: BrokerPolicy;
  logger: Logger;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { config, policy, logger } = options;
  const broker = await Aedes.createBroker({
    ...policy.handlers,
    maxTopicLevels: config.maxTopicLevels,
    // A frozen subscriber is cut off after this long instead of stalling delivery to the rest.
    drainTimeout: config.drainTimeoutMs,
    // aedes starts this timer when it takes the connection and stops it when a whole CONNECT
    // has been parsed: a silent client, or one dribbling a CONNECT, is closed when it fires.
    connectTimeout: config.connectTimeoutMs,
  });
  policy.attach(broker);
  broker.on('clientError', (client, error) =>
    logger.debug({ clientId: client.id, err: error }, 'mqtt client error'),
  );
  broker.on('connectionError', (_client, error) => logger.debug({ err: error }, 'mqtt connection error'));

  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const guard = (remoteAddress: string | undefined): GuardOptions => ({
    maxPacketBytes: config.maxPacketBytes,
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
    onViolation: (error) =>
      logger.warn(
        { remoteAddress: remoteAddress ?? null, code: error.code, err: error },
        'mqtt connection cut',
      ),
  });
  const tcp = createServer((socket) => {
    track(socket);
    broker.handle(guardConnection(socket, guard(socket.remoteAddress)));
  });
  const http = createHttpServer((_req, res) => res.writeHead(426).end());
  http.on('connection', track);
  const wss = new WebSocketServer({
    server: http,
    maxPayload: config.maxPacketBytes * WS_PACKETS_PER_MESSAGE,
  });
  wss.on('connection', (ws, req) => {
    const stream = createWebSocketStream(ws);
    // Errors surface through aedes' own stream handling; this keeps them from being unhandled.
    stream.on('error', (error) => logger.debug({ err: error }, 'mqtt websocket stream error'));
    broker.handle(guardConnection(stream, guard(req.socket.remoteAddress)), req);
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= shutdown(broker, [tcp, http], wss, sockets);
    return closing;
  };

  try {
    const tcpPort = await listen(tcp, config.host, config.port, 'TCP');
    const wsPort = await listen(http, config.host, config.wsPort, 'WebSocket');
    logger.info({ host: config.host, tcpPort, wsPort }, 'mqtt broker listening');
    return { tcpPort, wsPort, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function listen(
  server: Server | HttpServer,
  host: string,
  port: number,
  what: string,
): Promise<number> {
  try {
    server.listen(port, host);
    await once(server, 'listening');
  } catch (error) {
    throw new MqttError(MqttErrorCodes.LISTEN, `cannot listen for MQTT over ${what} on ${host}:${port}`, {
      cause: error,
    });
  }
  return (server.address() as AddressInfo).port;
}

async function shutdown(
  broker: Aedes,
  servers: Array<Server | HttpServer>,
  wss: WebSocketServer,
  sockets: Set<Socket>,
): Promise<void> {
  const stopped = servers.map((server) => closeServer(server));
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await Promise.all(stopped);
}

function closeServer(server: Server | HttpServer): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
