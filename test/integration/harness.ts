/** Builds a DrachtioTelephony on the real servers for the integration suites (see env.ts). */
import pino from 'pino';
import { systemClock } from '../../bridge/clock.js';
import type { TelephonyEvents } from '../../bridge/ports.js';
import { telephonySchema } from '../../config/schema.js';
import { hashSecret } from '../../config/secrets.js';
import { DrachtioTelephony } from '../../gateway/telephony/drachtio-telephony.js';
import { realDrachtioDriver } from '../../gateway/telephony/runtime.js';
import type { DrachtioTelephonyOptions } from '../../gateway/telephony/settings.js';
import { EventLog } from '../contracts/harness.js';
import type { IntegrationEnv } from './env.js';

export const CONF = 'weekly';
export const ROOM = 'samband-weekly';
export const DIAL_IN = '+46101234567';
export const ALPHA = { id: 'alpha', phoneNumbers: ['+46701000001', 'sip:+46701000002@127.0.0.1:5091'] };
export const ALL_EVENTS = [
  'call.connected',
  'call.ended',
  'call.media-timeout',
  'call.quality',
  'call.dtmf',
  'call.talking',
  'backend.status',
] as const;

export async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * SAMBAND_PROMPTS_DIR: a directory on the FreeSWITCH host holding deploy/prompts/sv/*.wav, so the
 * suite also proves FreeSWITCH plays the shipped Swedish prompts; without it the tone defaults.
 */
function promptsFrom(dir: string | undefined): Record<string, string> | undefined {
  if (!dir) return undefined;
  return {
    pressOne: `${dir}/press-one.wav`,
    enterPin: `${dir}/enter-pin.wav`,
    wrongPin: `${dir}/wrong-pin.wav`,
    joining: `${dir}/joining.wav`,
  };
}

export function realTelephony(
  env: IntegrationEnv,
  extra: Partial<Pick<DrachtioTelephonyOptions, 'radioAudio'>> = {},
): { telephony: DrachtioTelephony; log: EventLog<TelephonyEvents> } {
  const telephony = new DrachtioTelephony({
    telephony: telephonySchema.parse({
      backend: 'drachtio',
      mediaTimeoutMs: 4000,
      callTimeoutMs: 15_000,
      drachtio: env.drachtio,
      freeswitch: { ...env.freeswitch, listenAddress: env.listenAddress },
      sip: { trunk: '127.0.0.1:5090', callerId: DIAL_IN },
      timings: { qualityIntervalMs: 2000, watchdogIntervalMs: 5000, reconnectMinMs: 500 },
      prompts: promptsFrom(process.env.SAMBAND_PROMPTS_DIR),
    }),
    participants: [ALPHA],
    conferences: [
      {
        id: CONF,
        name: 'Integration',
        rosterSize: 2,
        participantPinHash: hashSecret('2580', { N: 1024 }),
        dialInNumbers: [DIAL_IN],
      },
    ],
    radioLegs: 1,
    ...extra,
    driver: realDrachtioDriver(),
    clock: systemClock,
    logger: pino({ level: process.env.SAMBAND_LOG_LEVEL ?? 'warn' }),
  });
  return { telephony, log: new EventLog(telephony.events, ALL_EVENTS) };
}
