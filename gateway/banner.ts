/** What a person starting the gateway needs to see first: where everything is. */
import type { Config } from '../config/schema.js';
import type { RunningGateway } from './main.js';
import { VERSION } from './version.js';

export function startBanner(config: Config, gateway: RunningGateway, configFile: string): string {
  const lines = [`Samband ${VERSION} — "${config.gateway.name}" is running (config ${configFile})`];
  if (gateway.http) {
    const base = `http://${gateway.http.host}:${gateway.http.port}`;
    lines.push(`  Dashboard & API  ${base}/   (health ${base}/healthz, metrics ${base}/metrics)`);
  }
  if (gateway.mqtt.tcpPort !== null) {
    const host = config.mqtt.embedded.host;
    lines.push(
      `  MQTT             mqtt://${host}:${gateway.mqtt.tcpPort}   ws://${host}:${gateway.mqtt.wsPort}`,
    );
    lines.push(`  State topics     ${config.mqtt.prefix}/v1/#`);
  } else if (config.mqtt.external) {
    lines.push(`  MQTT (external)  ${config.mqtt.external.url}`);
  }
  if (gateway.opcua) {
    const anonymous = config.opcua.allowAnonymous ? ', anonymous read' : '';
    lines.push(`  OPC UA           ${gateway.opcua.endpointUrl}   (Objects/Samband${anonymous})`);
  }
  if (config.simulation) {
    lines.push(`  Mode             SIMULATION: ${simulated(config)}`);
    // Demo tokens are printed so a newcomer can use the API at once; production tokens are hashed.
    for (const token of config.http.tokens) {
      if (token.token) lines.push(`  Token (${token.role.padEnd(10)}) ${token.token}`);
    }
  }
  for (const conference of gateway.core.conferences()) {
    lines.push(`  Conference       ${conference.id} "${conference.name}": ${conference.state}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the simulation stands in for: a config may simulate radios yet place real calls. */
function simulated(config: Config): string {
  const radios = config.radios.some((r) => r.port.startsWith('sim:'));
  if (config.telephony.backend === 'sim') {
    return radios
      ? 'simulated phones and radios, no real calls are made'
      : 'simulated phones, no real calls are made';
  }
  return radios
    ? `simulated radios; REAL phone calls through drachtio-server ${config.telephony.drachtio.host}`
    : `REAL phone calls through drachtio-server ${config.telephony.drachtio.host}`;
}
