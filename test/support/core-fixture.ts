/** One place that builds a core for tests and benches: the timings and limits they share. */
import { type Core, type CoreOptions, createCore } from '../../bridge/core.js';
import { nullLogger } from '../../bridge/null-logger.js';

export const TEST_TIMINGS: CoreOptions['timings'] = {
  degradedForMs: 2_000,
  failbackStableMs: 5_000,
  redialIntervalMs: 3_000,
  maxConcurrentCallOuts: 2,
  heartbeatStaleMs: 10_000,
};

export const TEST_QUALITY: CoreOptions['quality'] = {
  minMos: 3.6,
  maxJitterMs: 60,
  maxLossPct: 5,
  windowMs: 15_000,
};

export type TestCoreOptions = Pick<CoreOptions, 'participants' | 'telephony' | 'clock'> &
  Partial<Omit<CoreOptions, 'timings'>> & { timings?: Partial<CoreOptions['timings']> };

/** A core with one conference `vk` over everyone unless `conferences` says otherwise. */
export function testCore(options: TestCoreOptions): Core {
  return createCore({
    conferences: [
      {
        id: 'vk',
        name: 'Veckokonferens',
        roster: options.participants.map((p) => p.id),
        conveneOnStart: false,
      },
    ],
    radios: [],
    logger: nullLogger,
    quality: TEST_QUALITY,
    announceBySds: true,
    ...options,
    timings: { ...TEST_TIMINGS, ...options.timings },
  });
}
