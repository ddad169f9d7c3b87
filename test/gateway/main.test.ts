/**
 * The composition root's start-up order: HTTP answers liveness while OPC UA (the slowest part
 * of a large gateway's start) is still starting, and reports ready only once everything runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { nullLogger } from '../../bridge/null-logger.js';
import { loadConfig } from '../../config/load.js';
import { type RunningGateway, startGateway } from '../../gateway/main.js';
import { freePort } from '../support/free-port.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function status(url: string): Promise<number | null> {
  try {
    return (await fetch(url)).status;
  } catch {
    return null;
  }
}

it('answers liveness before OPC UA has started, and is ready only after', async () => {
  const { config } = loadConfig('config/demo.yaml', {});
  const dir = mkdtempSync(join(tmpdir(), 'samband-main-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  config.gateway.dataDir = join(dir, 'data');
  config.http.port = port;
  config.mqtt.embedded.port = 0;
  config.mqtt.embedded.wsPort = 0;
  config.opcua.port = 0;
  expect(config.opcua.enabled).toBe(true);

  let running: RunningGateway | null = null;
  const starting = startGateway({ config, logger: nullLogger }).then((gateway) => {
    running = gateway;
    return gateway;
  });
  cleanup.push(async () => (await starting).stop());
  const base = `http://127.0.0.1:${port}`;
  while ((await status(`${base}/healthz`)) !== 200 && running === null)
    await new Promise((r) => setTimeout(r, 5));
  // OPC UA builds its standard address space and a first certificate: seconds, not milliseconds.
  expect(running).toBeNull();
  expect(await status(`${base}/readyz`)).toBe(503);

  const gateway = await starting;
  expect(gateway.opcua?.endpointUrl).toMatch(/^opc\.tcp:/);
  expect(await status(`${base}/readyz`)).toBe(200);
});
