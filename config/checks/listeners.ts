/**
 * The ports the gateway listens on, section by section, and the rule that no two of them may be
 * the same: the second listener would fail at start with EADDRINUSE, after the first had
 * started. Port 0 (any free port) never clashes.
 */
import type { FieldPath } from '../problem.js';
import type { Config } from '../schema.js';
import type { Check } from './context.js';

export interface Listener {
  /** What listens, for messages: "the HTTP API", "the MQTT broker (TCP)", … */
  readonly what: string;
  readonly host: string;
  readonly port: number;
  /** Where the port is configured. */
  readonly path: FieldPath;
}

export function listenersOf(config: Config): Listener[] {
  const out: Listener[] = [];
  if (config.http.enabled) {
    out.push({
      what: 'the HTTP API',
      host: config.http.host,
      port: config.http.port,
      path: ['http', 'port'],
    });
  }
  if (config.mqtt.broker === 'embedded') {
    const { host, port, wsPort } = config.mqtt.embedded;
    out.push({ what: 'the MQTT broker (TCP)', host, port, path: ['mqtt', 'embedded', 'port'] });
    out.push({
      what: 'the MQTT broker (WebSocket)',
      host,
      port: wsPort,
      path: ['mqtt', 'embedded', 'wsPort'],
    });
  }
  if (config.opcua.enabled) {
    out.push({
      what: 'the OPC UA server',
      host: config.opcua.host,
      port: config.opcua.port,
      path: ['opcua', 'port'],
    });
  }
  if (config.telephony.backend === 'drachtio') {
    const fs = config.telephony.freeswitch;
    out.push({
      what: "FreeSWITCH's outbound event socket",
      host: fs.listenAddress,
      port: fs.listenPort,
      path: ['telephony', 'freeswitch', 'listenPort'],
    });
  }
  return out;
}

export const distinctPorts: Check = (ctx) => {
  const seen: Listener[] = [];
  for (const listener of listenersOf(ctx.config)) {
    if (listener.port === 0) continue;
    const earlier = seen.find((s) => s.port === listener.port && overlaps(s.host, listener.host));
    if (earlier) {
      ctx.error(
        listener.path,
        `expected a port of its own for ${listener.what}, found ${listener.port} again (${earlier.what}, line ${ctx.lineOf(earlier.path)})`,
      );
    } else {
      seen.push(listener);
    }
  }
};

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

/** Two binds on one port collide when their addresses are the same or either is a wildcard. */
function overlaps(a: string, b: string): boolean {
  const norm = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);
  return WILDCARDS.has(a) || WILDCARDS.has(b) || norm(a) === norm(b);
}
