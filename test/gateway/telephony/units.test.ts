import { describe, expect, it } from 'vitest';
import { telephonySchema } from '../../../config/schema.js';
import { dialRoutes } from '../../../gateway/telephony/dial-routes.js';
import { attemptFailure, outcomeForSipStatus } from '../../../gateway/telephony/errors.js';
import { normaliseNumber, participantForCaller } from '../../../gateway/telephony/numbers.js';
import { Pacer } from '../../../gateway/telephony/pacer.js';
import { PinGuard } from '../../../gateway/telephony/pin-guard.js';
import {
  MediaStatsReplyError,
  mediaStatsCommand,
  readMediaStats,
} from '../../../gateway/telephony/quality.js';
import { trunksForNumber, trunksFromConfig, trunkUri } from '../../../gateway/telephony/trunks.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { FakeSipError } from './fakes/fake-srf.js';

describe('SIP status mapping', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no-answer'],
    [408, 'no-answer'],
    [487, 'no-answer'],
    [603, 'rejected'],
    [403, 'rejected'],
    [404, 'failed'],
    [503, 'failed'],
  ])('%i → %s', (status, outcome) => {
    expect(outcomeForSipStatus(status)).toBe(outcome);
    expect(attemptFailure(new FakeSipError(status))).toEqual({ outcome, cause: `sip-${status}` });
  });
});

describe('numbers', () => {
  it('dials E.164 through the trunk and SIP URIs as they are', () => {
    const sip = telephonySchema.parse({ sip: { trunk: 'trunk.example.se:5060' } }).sip;
    const always = { usable: () => true };
    const [legacy] = trunksFromConfig(sip);
    expect(dialRoutes('+46701000001', sip, trunksFromConfig(sip), always).map((r) => r.uri)).toEqual([
      'sip:+46701000001@trunk.example.se:5060',
    ]);
    expect(legacy?.id).toBe('trunk');
    expect(dialRoutes('sip:tib@pbx.example.se', sip, [], always)).toEqual([
      { uri: 'sip:tib@pbx.example.se', options: {} },
    ]);
    expect(() => dialRoutes('+46701000001', sip, [], always)).toThrow(/needs telephony.sip.trunks/);
    expect(() => dialRoutes('+46701000001', sip, trunksFromConfig(sip), { usable: () => false })).toThrow(
      expect.objectContaining({ code: 'SAMBAND_ERR_TELEPHONY_TRUNKS_DOWN' }),
    );
  });
  it('orders trunks by order, then the file; routes a number by its longest prefix', () => {
    const sip = telephonySchema.parse({
      sip: {
        trunks: [
          { id: 'late', host: 'l.example', order: 2 },
          { id: 'first', host: 'f.example', transport: 'tls', port: 5061 },
          { id: 'gbg', host: 'g.example', prefixes: ['+4631'] },
          { id: 'gbg-centre', host: 'c.example', prefixes: ['+46317'] },
        ],
      },
    }).sip;
    const trunks = trunksFromConfig(sip);
    expect(trunks.map((t) => t.id)).toEqual(['first', 'gbg', 'gbg-centre', 'late']);
    expect(trunksForNumber('+46701000001', trunks).map((t) => t.id)).toEqual(['first', 'late']);
    expect(trunksForNumber('+46311234567', trunks).map((t) => t.id)).toEqual(['gbg']);
    expect(trunksForNumber('+46317123456', trunks).map((t) => t.id)).toEqual(['gbg-centre']);
    expect(trunkUri('+46701000001', trunks[0] ?? { hostport: '', transport: 'udp' })).toBe(
      'sip:+46701000001@f.example:5061;transport=tls',
    );
  });
  it('normalises caller IDs and matches exactly one participant', () => {
    expect(normaliseNumber('0701-00 00 01', '+46')).toBe('+46701000001');
    expect(normaliseNumber('0046701000001', '+46')).toBe('+46701000001');
    const ps = [
      { id: 'a', phoneNumbers: ['+46701000001'] },
      { id: 'b', phoneNumbers: ['+46702000001', '+46701000009'] },
    ];
    expect(participantForCaller('0701000001', ps, '+46')).toBe('a');
    expect(participantForCaller('sip:+46701000009@192.0.2.1', ps, '+46')).toBe('b');
    expect(participantForCaller('anonymous', ps, '+46')).toBeNull();
    expect(participantForCaller('', ps, '+46')).toBeNull();
  });
});

describe('RTP figures', () => {
  // Replies captured from FreeSWITCH 1.10.12 (`json {"command":"mediaStats",…}` over ESL).
  const UUID = '92929b57-9cae-4b8c-998d-92f6e44da208';
  const stats = (audio: string) =>
    `{"command":"mediaStats","data":{"uuid":"${UUID}"},"status":"success","response":{"audio":{${audio}}}}\n`;
  const SILENT_MEMBER = stats(
    '"in_raw_bytes":0,"in_media_bytes":0,"in_packet_count":0,"in_media_packet_count":0,' +
      '"in_skip_packet_count":1342,"in_jitter_packet_count":0,"in_dtmf_packet_count":0,' +
      '"in_cng_packet_count":0,"in_flush_packet_count":0,"in_largest_jb_size":0,' +
      '"in_jitter_min_variance":0,"in_jitter_max_variance":0,"in_jitter_loss_rate":0,' +
      '"in_jitter_burst_rate":0,"in_mean_interval":0,"in_flaw_total":0,"in_quality_percentage":100,' +
      '"in_mos":4.5,"out_raw_bytes":0,"out_media_bytes":0,"out_packet_count":0,' +
      '"out_media_packet_count":0,"out_skip_packet_count":0,"out_dtmf_packet_count":0,' +
      '"out_cng_packet_count":0,"rtcp_packet_count":0,"rtcp_octet_count":0',
  );

  it('asks for one channel by its uuid, as JSON', () => {
    expect(mediaStatsCommand(UUID)).toEqual({
      command: 'json',
      args: `{"command":"mediaStats","data":{"uuid":"${UUID}"}}`,
    });
  });

  it('keeps decimals, derives loss from flaws or skips, and jitter from the peak variance', () => {
    // FreeSWITCH's MOS is over the whole call: not taken (the core judges a window of counters).
    // jitter_max_variance is ms² (switch_rtp.c check_jitter): 30.25 ms² is 5.5 ms of jitter.
    const reply = stats(
      '"in_packet_count":990,"in_skip_packet_count":3,"in_jitter_max_variance":30.25,"in_flaw_total":10,"in_mos":3.91',
    );
    expect(readMediaStats(reply)).toEqual({
      gone: false,
      counters: { packets: 990, lost: 10, jitterPeakMs: 5.5 },
    });
    // Skips are the ticks FreeSWITCH filled with comfort noise because no packet had come.
    expect(readMediaStats(SILENT_MEMBER)).toEqual({
      gone: false,
      counters: { packets: 0, lost: 1342, jitterPeakMs: 0 },
    });
    // No audio statistics (no RTP session yet), or no packet count: nothing to report.
    expect(
      readMediaStats(`{"command":"mediaStats","data":{"uuid":"${UUID}"},"status":"success","response":{}}\n`),
    ).toEqual({
      gone: false,
      counters: null,
    });
    expect(readMediaStats(stats('"in_mos":4.1'))).toEqual({ gone: false, counters: null });
  });

  it('tells a channel that is gone from replies that are not mediaStats answers', () => {
    expect(
      readMediaStats(
        '{"command":"mediaStats","data":{"uuid":"00000000-0000-0000-0000-000000000000"},"status":"error",' +
          '"message":"The command returned an error","response":{"response":"Session does not exist"}}\n',
      ),
    ).toEqual({ gone: true });
    for (const reply of [
      '{"command":"mediaStats","data":{},"status":"error","message":"The command returned an error","response":{"response":"INVALID INPUT"}}\n',
      '-ERR Parse error.\n',
      '-ERR json Command not found!\n',
      '{"command":"mediaStats","data":{"uuid":"x"}}\n',
      '[1,2]\n',
    ]) {
      expect(() => readMediaStats(reply), reply).toThrow(MediaStatsReplyError);
    }
  });
});

describe('PinGuard', () => {
  it('locks a source after N failures within the window, for lockoutMs', () => {
    const clock = new FakeClock();
    const guard = new PinGuard(clock, { failuresToLock: 3, windowMs: 60_000, lockoutMs: 300_000 });
    expect(guard.failed('x')).toBe(false);
    clock.advance(61_000);
    expect(guard.failed('x')).toBe(false);
    expect(guard.failed('x')).toBe(false);
    expect(guard.failed('x')).toBe(true);
    expect(guard.lockedForMs('x')).toBe(300_000);
    expect(guard.lockedForMs('y')).toBe(0);
    clock.advance(300_000);
    expect(guard.lockedForMs('x')).toBe(0);
  });
});

describe('PinGuard global budget', () => {
  it('tells once when the budget is spent and once when the latest lock ends', () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const told: { spent: boolean; until: number }[] = [];
    const guard = new PinGuard(clock, {
      failuresToLock: 100,
      windowMs: 60_000,
      lockoutMs: 300_000,
      globalFailureBudget: 3,
      globalLockoutMs: 120_000,
      onGlobalLock: ({ spent, until }) => told.push({ spent, until: until - t0 }),
    });
    guard.failed('a');
    guard.failed('b');
    expect(told).toEqual([]);
    expect(guard.failed('c')).toBe(true);
    expect(told).toEqual([{ spent: true, until: 120_000 }]);
    expect(guard.globallyLockedForMs()).toBe(120_000);
    // A participant's mistakes while locked spend it again: the lock is longer, not told again.
    clock.advance(100_000);
    for (const source of ['p', 'p', 'p']) guard.failed(source);
    expect(told).toHaveLength(1);
    clock.advance(20_000);
    expect(told).toHaveLength(1);
    clock.advance(100_000);
    expect(told).toEqual([
      { spent: true, until: 120_000 },
      { spent: false, until: 220_000 },
    ]);
    expect(guard.globallyLockedForMs()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('close stops the timer that tells the end', () => {
    const clock = new FakeClock();
    const told: boolean[] = [];
    const guard = new PinGuard(clock, {
      failuresToLock: 100,
      windowMs: 60_000,
      lockoutMs: 300_000,
      globalFailureBudget: 1,
      onGlobalLock: ({ spent }) => told.push(spent),
    });
    guard.failed('a');
    guard.close();
    clock.advance(300_000);
    expect(told).toEqual([true]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('Pacer', () => {
  it('bounds concurrency and spaces starts; close rejects waiters', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 2, 1000);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 3; i++) {
      void pacer.acquire().then((release) => {
        started.push(clock.now());
        releases.push(release);
      });
    }
    const t0 = clock.now();
    await flushPromises();
    await clock.advanceAsync(5000, 100);
    expect(started.map((t) => t - t0)).toEqual([0, 1000]);
    releases[0]?.();
    await clock.advanceAsync(100, 50);
    expect(started).toHaveLength(3);
    const late = pacer.acquire();
    pacer.close();
    await expect(late).rejects.toMatchObject({ code: 'SAMBAND_ERR_TELEPHONY_CLOSED' });
    await flushPromises();
  });
});
