/** Builds a DrachtioTelephony on the fakes, in fake time. */
import { nullLogger } from '../../../bridge/null-logger.js';
import type { CallOutResult, Logger, TelephonyEvents } from '../../../bridge/ports.js';
import { type TelephonyConfig, telephonySchema } from '../../../config/schema.js';
import { hashSecret, verifySecret } from '../../../config/secrets.js';
import { DrachtioTelephony } from '../../../gateway/telephony/drachtio-telephony.js';
import type { ConferenceAccess } from '../../../gateway/telephony/settings.js';
import { EventLog, settle } from '../../contracts/harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { DRACHTIO_SECRET, FakeBackend, FREESWITCH_SECRET } from './fakes/fake-backend.js';

export const ALPHA = { id: 'alpha', phoneNumbers: ['+46701000001', '+46701000002'] };
export const BRAVO = { id: 'bravo', phoneNumbers: ['sip:bravo@voip.example.se'] };
/** A third organisation on E.164 numbers (pass `participants` to include it). */
export const CHARLIE = { id: 'charlie', phoneNumbers: ['+46702000001'] };
export const CONF = 'weekly';
export const HOST_PIN = '4711';
export const PARTICIPANT_PIN = '2580';
export const DIAL_IN_NUMBER = '+46101234567';
/** Where the fake world's dial-ins come from (FakeInvite's default source address). */
export const TRUNK_NETWORK = '192.0.2.0/24';

// Cheap scrypt parameters: the tests verify PINs many times.
const cheap = { N: 1024 };
const conference: ConferenceAccess = {
  id: CONF,
  name: 'Veckokonferens',
  rosterSize: 2,
  hostPinHash: hashSecret(HOST_PIN, cheap),
  participantPinHash: hashSecret(PARTICIPANT_PIN, cheap),
  dialInNumbers: [DIAL_IN_NUMBER],
};

export function telephonyConfig(overrides: Record<string, unknown> = {}): TelephonyConfig {
  return telephonySchema.parse({
    backend: 'drachtio',
    drachtio: { secret: DRACHTIO_SECRET },
    freeswitch: { secret: FREESWITCH_SECRET },
    sip: { trunk: 'trunk.example.se', callerId: DIAL_IN_NUMBER, trustedSources: [TRUNK_NETWORK] },
    ...overrides,
  });
}

/** Servers and phones on their own clock, for fixtures that outlive a gateway process. */
export function world(): { backend: FakeBackend; clock: FakeClock } {
  const clock = new FakeClock();
  const backend = new FakeBackend(clock);
  for (const n of [...ALPHA.phoneNumbers, ...BRAVO.phoneNumbers]) backend.phone(n);
  return { backend, clock };
}

export interface Fixture {
  clock: FakeClock;
  backend: FakeBackend;
  telephony: DrachtioTelephony;
  log: EventLog<TelephonyEvents>;
  advance(ms: number): Promise<void>;
  /** Advances until the back end reports available (or fails after 5 s). */
  untilAvailable(): Promise<void>;
}

export async function fixture(
  options: {
    config?: TelephonyConfig;
    logger?: Logger;
    start?: boolean;
    radioLegs?: number;
    radioAudio?: { radioId: string; uri: string }[];
    /**
     * The servers and phones of an earlier fixture (a gateway restarted on them). The adapter
     * then gets its own clock; `advance` moves the world's clock (the backend's) with it.
     */
    world?: { backend: FakeBackend; clock: FakeClock };
    /** Default ALPHA and BRAVO; each one's numbers get a phone. */
    participants?: { id: string; phoneNumbers: string[] }[];
    /** Trunks (host:port) the world has before the adapter starts. */
    trunks?: string[];
  } = {},
): Promise<Fixture> {
  const clock = new FakeClock(options.world?.clock.now());
  const { backend, clock: worldClock } = options.world ?? { backend: new FakeBackend(clock), clock };
  const participants = options.participants ?? [ALPHA, BRAVO];
  if (!options.world) for (const p of participants) for (const n of p.phoneNumbers) backend.phone(n);
  for (const t of options.trunks ?? []) backend.trunk(t);
  const telephony = new DrachtioTelephony({
    telephony: options.config ?? telephonyConfig(),
    participants,
    conferences: [conference],
    radioLegs: options.radioLegs ?? 1,
    ...(options.radioAudio ? { radioAudio: options.radioAudio } : {}),
    driver: backend.driver(),
    clock,
    logger: options.logger ?? nullLogger,
    // The real scrypt check, synchronously: fake time cannot wait for libuv's thread pool.
    verifyPin: async (pin, hash) => verifySecret(pin, hash),
  });
  const log = new EventLog<TelephonyEvents>(telephony.events, [
    'call.connected',
    'call.ended',
    'call.media-timeout',
    'call.dtmf',
    'call.quality',
    'call.talking',
    'call.waiting',
    'backend.status',
    'trunks.status',
    'dial-in.pin-budget',
  ]);
  const advance = async (ms: number) => {
    if (worldClock === clock) return clock.advanceAsync(ms, 50);
    // Two clocks in lockstep: the adapter's timers and the servers' and phones'.
    for (let done = 0; done < ms; done += 50) {
      const step = Math.min(50, ms - done);
      await clock.advanceAsync(step, step);
      await worldClock.advanceAsync(step, step);
    }
  };
  const untilAvailable = async () => {
    for (let waited = 0; waited < 5000; waited += 50) {
      if (log.of('backend.status').at(-1)?.available) return;
      await advance(50);
    }
    throw new Error('backend never became available');
  };
  if (options.start !== false) {
    telephony.start();
    await untilAvailable();
  }
  return { clock, backend, telephony, log, advance, untilAvailable };
}

/** A call-out to alpha's first number, settled in fake time (up to 120 s). */
export function callOutAlpha(f: Fixture): Promise<CallOutResult> {
  return settle(
    f.telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: [ALPHA.phoneNumbers[0] ?? ''],
    }),
    f.advance,
    120_000,
  );
}
