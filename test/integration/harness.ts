/** Builds a DrachtioTelephony on the real servers for the integration suites (see env.ts). */
import { connect } from 'node:net';
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
  'trunks.status',
  'dial-in.pin-budget',
] as const;

export async function until(
  what: string,
  ok: () => boolean,
  ms = 30_000,
  poll: () => Promise<void> = async () => {},
): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    await poll();
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

/**
 * One FreeSWITCH API command over a fresh event-socket connection, as a technician's fs_cli
 * would send it: `auth`, then `api`, then the api/response body (Content-Length framed).
 */
export function freeswitchApi(env: IntegrationEnv, command: string): Promise<string> {
  const { host, port, secret } = env.freeswitch;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffer = '';
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(5000, () => fail(new Error(`FreeSWITCH did not answer ${command}`)));
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('auth/request') && !buffer.includes('Reply-Text')) {
        buffer = '';
        socket.write(`auth ${secret}\n\n`);
      } else if (/Reply-Text: \+OK accepted/.test(buffer)) {
        buffer = '';
        socket.write(`api ${command}\n\n`);
      } else if (/Reply-Text: -ERR/.test(buffer)) {
        fail(new Error(`FreeSWITCH refused the event-socket password: ${buffer.trim()}`));
      } else {
        const head = /Content-Type: api\/response\nContent-Length: (\d+)\n\n/.exec(buffer);
        if (!head) return;
        const body = Buffer.from(buffer.slice(head.index + head[0].length), 'utf8');
        if (body.length < Number(head[1])) return;
        socket.end();
        resolve(body.subarray(0, Number(head[1])).toString('utf8'));
      }
    });
  });
}

export function realTelephony(
  env: IntegrationEnv,
  extra: Partial<Pick<DrachtioTelephonyOptions, 'radioAudio'>> & {
    /** Top-level telephony settings over the suite's (`sip` is merged into the suite's). */
    telephony?: Record<string, unknown> & { sip?: Record<string, unknown> };
  } = {},
): { telephony: DrachtioTelephony; log: EventLog<TelephonyEvents> } {
  const { telephony: overrides = {}, ...options } = extra;
  const { sip: sipOverrides = {}, ...topOverrides } = overrides;
  const telephony = new DrachtioTelephony({
    telephony: telephonySchema.parse({
      backend: 'drachtio',
      mediaTimeoutMs: 4000,
      callTimeoutMs: 15_000,
      drachtio: env.drachtio,
      freeswitch: { ...env.freeswitch, listenAddress: env.listenAddress },
      sip: { trunk: '127.0.0.1:5090', callerId: DIAL_IN, trustedSources: ['127.0.0.0/8'], ...sipOverrides },
      timings: { qualityIntervalMs: 2000, watchdogIntervalMs: 5000, reconnectMinMs: 500 },
      // FreeSWITCH's idle CPU is the whole machine's: on a developer or CI box busy with other work
      // it would pace these calls (admission control is tested in the unit suite and the bench).
      capacity: { minIdleCpuPct: 0 },
      prompts: promptsFrom(process.env.SAMBAND_PROMPTS_DIR),
      ...topOverrides,
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
    ...options,
    driver: realDrachtioDriver(),
    clock: systemClock,
    logger: pino({ level: process.env.SAMBAND_LOG_LEVEL ?? 'warn' }),
  });
  return { telephony, log: new EventLog(telephony.events, ALL_EVENTS) };
}
