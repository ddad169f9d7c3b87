/**
 * `samband sim`: the simulated RAKEL network with each gateway radio of a configuration served
 * on a socat pseudo-terminal at the radio's configured `port` path, so a separately running
 * gateway opens it exactly as it would open /dev/ttyUSB0 — and, when `callUp.sms.port` is a path,
 * the simulated GSM modem and its phones on a pty there too.
 */
import type { ByteStream } from '../../adapters/radio/byte-stream.js';
import { openSerialStream } from '../../adapters/radio/serial-stream.js';
import { systemClock } from '../../bridge/clock.js';
import type { Logger } from '../../bridge/ports.js';
import type { Config, RadioConfig } from '../../config/schema.js';
import { SimSmsNetwork } from '../gsm/sms-network.js';
import { SIM_PORT_PREFIX } from '../index.js';
import { type PtyServer, servePty } from './pty-server.js';
import { createSocatPair, type SocatPair } from './socat-pair.js';
import { TetraWorld } from './world.js';

export interface PtyRadio {
  radio: RadioConfig;
  pair: SocatPair;
  server: PtyServer | null;
}

/** The simulated modem on its pty, with the simulated phones behind it. */
export interface PtyModem {
  readonly network: SimSmsNetwork;
  readonly pair: SocatPair;
  stream: ByteStream | null;
}

export interface PtyWorld {
  readonly world: TetraWorld;
  readonly radios: readonly PtyRadio[];
  readonly modem: PtyModem | null;
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
  const modem = await serveModem(config, logger).catch(async (error: unknown) => {
    for (const entry of radios) await entry.pair.dispose();
    world.close();
    throw error;
  });
  const find = (radioId: string): PtyRadio => {
    const entry = radios.find((r) => r.radio.id === radioId);
    if (!entry) throw new PtyWorldError(`no served radio "${radioId}"`);
    return entry;
  };
  return {
    world,
    radios,
    modem,
    async unplug(radioId) {
      if (radioId === 'modem' && modem) {
        await modem.stream?.close().catch(() => {});
        modem.stream = null;
        await modem.pair.kill();
        return;
      }
      const entry = find(radioId);
      await entry.server?.close().catch(() => {});
      entry.server = null;
      await entry.pair.kill();
    },
    async plug(radioId) {
      if (radioId === 'modem' && modem) {
        if (modem.pair.running) return;
        await modem.pair.restart();
        await attachModem(modem, config, logger);
        return;
      }
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
      if (modem) {
        modem.network.close();
        await modem.stream?.close().catch(() => {});
        await modem.pair.dispose();
      }
      world.close();
    },
  };
}

/** The modem's pty at `callUp.sms.port`, when that is a path; its phones answer a call-up. */
async function serveModem(config: Config, logger: Logger): Promise<PtyModem | null> {
  const port = config.callUp.sms?.port;
  if (!port || port.startsWith(SIM_PORT_PREFIX)) return null;
  const sms = (config.simulation ?? { seed: 1, sms: undefined }).sms;
  const network = new SimSmsNetwork({
    clock: systemClock,
    seed: config.simulation?.seed ?? 1,
    numbers: config.participants.flatMap((p) => p.sms),
    autoReply: sms?.autoReply ?? true,
    replyDelayMinMs: sms?.replyDelayMinMs ?? 3000,
    replyDelayMaxMs: sms?.replyDelayMaxMs ?? 15000,
  });
  const modem: PtyModem = { network, pair: await createSocatPair(port, `${port}.sim`), stream: null };
  await attachModem(modem, config, logger);
  return modem;
}

async function attachModem(modem: PtyModem, config: Config, logger: Logger): Promise<void> {
  modem.stream = await openSerialStream(modem.pair.peer, { baudRate: config.callUp.sms?.baudRate ?? 115200 });
  modem.network.modem.attach(modem.stream);
  logger.info({ device: modem.pair.device }, 'simulated GSM modem on pty');
}
