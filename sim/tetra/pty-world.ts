/**
 * `samband sim`: the simulated RAKEL network with each gateway radio of a configuration served
 * on a socat pseudo-terminal at the radio's configured `port` path, so a separately running
 * gateway opens it exactly as it would open /dev/ttyUSB0.
 */
import { systemClock } from '../../bridge/clock.js';
import type { Logger } from '../../bridge/ports.js';
import type { Config, RadioConfig } from '../../config/schema.js';
import { SIM_PORT_PREFIX } from '../index.js';
import { type PtyServer, servePty } from './pty-server.js';
import { createSocatPair, type SocatPair } from './socat-pair.js';
import { TetraWorld } from './world.js';

export interface PtyRadio {
  radio: RadioConfig;
  pair: SocatPair;
  server: PtyServer | null;
}

export interface PtyWorld {
  readonly world: TetraWorld;
  readonly radios: readonly PtyRadio[];
  /** Pulls a radio's cable (the pty vanishes under the gateway). */
  unplug(radioId: string): Promise<void>;
  /** Plugs it back on the same path. */
  plug(radioId: string): Promise<void>;
  close(): Promise<void>;
}

export class PtyWorldError extends Error {}

export async function servePtyWorld(config: Config, logger: Logger, latencyMs = 100): Promise<PtyWorld> {
  const served = config.radios.filter((r) => !r.port.startsWith(SIM_PORT_PREFIX));
  if (served.length === 0) {
    throw new PtyWorldError(
      'no radio to serve: give radios[].port a path (e.g. /tmp/samband-rakel-1) instead of a sim: port',
    );
  }
  const talkgroup = served[0]?.talkgroup;
  const world = new TetraWorld({
    clock: systemClock,
    latencyMs,
    subscribers: config.participants.flatMap((p) =>
      p.radio ? [{ issi: p.radio.issi, talkgroup: p.radio.talkgroup ?? talkgroup ?? p.radio.issi }] : [],
    ),
    gatewayRadios: served.map((r) => ({ id: r.id, issi: r.issi, talkgroup: r.talkgroup })),
  });
  const radios: PtyRadio[] = [];
  const serve = async (entry: PtyRadio) => {
    entry.server = await servePty(
      entry.pair.peer,
      world.gatewayTerminal(entry.radio.id),
      entry.radio.baudRate,
    );
    logger.info({ radioId: entry.radio.id, device: entry.pair.device }, 'simulated terminal on pty');
  };
  try {
    for (const radio of served) {
      const entry: PtyRadio = {
        radio,
        pair: await createSocatPair(radio.port, `${radio.port}.sim`),
        server: null,
      };
      radios.push(entry);
      await serve(entry);
    }
  } catch (error) {
    for (const entry of radios) await entry.pair.dispose();
    world.close();
    throw error;
  }
  const find = (radioId: string): PtyRadio => {
    const entry = radios.find((r) => r.radio.id === radioId);
    if (!entry) throw new PtyWorldError(`no served radio "${radioId}"`);
    return entry;
  };
  return {
    world,
    radios,
    async unplug(radioId) {
      const entry = find(radioId);
      await entry.server?.close().catch(() => {});
      entry.server = null;
      await entry.pair.kill();
    },
    async plug(radioId) {
      const entry = find(radioId);
      if (entry.pair.running) return;
      await entry.pair.restart();
      await serve(entry);
    },
    async close() {
      for (const entry of radios) {
        await entry.server?.close().catch(() => {});
        await entry.pair.dispose();
      }
      world.close();
    },
  };
}
