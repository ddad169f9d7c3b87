/** RefusalLog: one fail2ban-matchable line per refused INVITE, bounded per address and per minute. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  bannableAddress,
  LINES_PER_SOURCE,
  MAX_LINES,
  REFUSAL_MESSAGE,
  RefusalLog,
} from '../../../gateway/telephony/refusal-log.js';
import { RecordingLogger } from '../../adapters/mqtt/support/recording-logger.js';
import { FakeClock } from '../../support/fake-clock.js';
import { DIAL_IN_NUMBER, type Fixture, fixture, PARTICIPANT_PIN } from './fixture.js';

function setUp() {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const log = new RefusalLog(clock, logger);
  const lines = () => logger.find('warn', REFUSAL_MESSAGE).map((e) => e.obj);
  const summaries = () =>
    logger.entries.filter((e) => e.obj.event === 'sip-refused-unlogged').map((e) => e.obj);
  return { clock, log, lines, summaries };
}

describe('RefusalLog', () => {
  it('logs each refusal with its reason and source, up to the per-address limit a minute', () => {
    const { clock, log, lines, summaries } = setUp();
    for (let i = 0; i < LINES_PER_SOURCE + 3; i++) log.refused('scanner', '203.0.113.7');
    log.refused('untrusted-source', '198.51.100.23');
    expect(lines()).toHaveLength(LINES_PER_SOURCE + 1);
    expect(lines()[0]).toEqual({ event: 'sip-refused', reason: 'scanner', source: '203.0.113.7' });
    expect(lines().at(-1)).toEqual({
      event: 'sip-refused',
      reason: 'untrusted-source',
      source: '198.51.100.23',
    });
    expect(summaries()).toEqual([]);

    // The next minute: the 3 not logged one by one are told in one summary, and the address may
    // be logged again.
    clock.advance(60_000);
    log.refused('scanner', '203.0.113.7');
    expect(summaries()).toEqual([
      {
        event: 'sip-refused-unlogged',
        refusals: [{ reason: 'scanner', count: 3, someAddresses: ['203.0.113.7'] }],
      },
    ]);
    expect(lines()).toHaveLength(LINES_PER_SOURCE + 2);
    expect(log.totals.get('scanner')).toBe(LINES_PER_SOURCE + 4);
    expect(log.totals.get('untrusted-source')).toBe(1);
  });

  it('logs at most MAX_LINES a minute whatever the number of addresses, and counts the rest', () => {
    const { clock, log, lines, summaries } = setUp();
    for (let i = 0; i < MAX_LINES + 50; i++) log.refused('untrusted-source', `10.${i >> 8}.${i & 255}.1`);
    expect(lines()).toHaveLength(MAX_LINES);
    clock.advance(59_999);
    log.refused('untrusted-source', '192.0.2.1');
    expect(lines()).toHaveLength(MAX_LINES);
    clock.advance(1);
    log.refused('untrusted-source', '192.0.2.1');
    expect(lines()).toHaveLength(MAX_LINES + 1);
    const [summary] = summaries();
    expect(summary?.refusals).toEqual([
      {
        reason: 'untrusted-source',
        count: 51,
        someAddresses: ['10.0.200.1', '10.0.201.1', '10.0.202.1', '10.0.203.1', '10.0.204.1'],
      },
    ]);
  });

  it('names an IPv4-mapped IPv6 source by its IPv4 address, which a firewall can ban', () => {
    expect(bannableAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(bannableAddress('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(bannableAddress('2001:db8::ffff:1')).toBe('2001:db8::ffff:1');
    expect(bannableAddress('203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('refused dial-ins in the telephony adapter', () => {
  let f: Fixture | null = null;
  afterEach(async () => {
    await f?.telephony.close();
    f = null;
  });

  it('logs each INVITE refused with 403 as the fail2ban line, naming the source and why', async () => {
    const logger = new RecordingLogger();
    f = await fixture({ logger });
    f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN], {
      sourceAddress: '::ffff:203.0.113.9',
    });
    f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN], { userAgent: 'friendly-scanner' });
    // A trusted caller is not a refusal.
    f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    const refused = logger.find('warn', REFUSAL_MESSAGE).map((e) => e.obj);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({
      event: 'sip-refused',
      reason: 'untrusted-source',
      source: '203.0.113.9',
    });
    expect(refused[1]).toMatchObject({ event: 'sip-refused', reason: 'scanner' });
  });
});
