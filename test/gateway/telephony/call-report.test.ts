import { describe, expect, it } from 'vitest';
import type { TelephonyEvents } from '../../../bridge/ports.js';
import { CallReport } from '../../../gateway/telephony/call-report.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

// mediaStats replies as FreeSWITCH 1.10.12 gives them (see units.test.ts for the full reply).
const UUID = '92929b57-9cae-4b8c-998d-92f6e44da208';
const stats = (packets: number, flaws: number) =>
  `{"command":"mediaStats","data":{"uuid":"${UUID}"},"status":"success","response":{"audio":` +
  `{"in_packet_count":${packets},"in_skip_packet_count":0,"in_jitter_max_variance":4,"in_flaw_total":${flaws}}}}\n`;
const GONE =
  `{"command":"mediaStats","data":{"uuid":"${UUID}"},"status":"error",` +
  '"message":"The command returned an error","response":{"response":"Session does not exist"}}\n';

function report(replies: (string | Error)[]) {
  const clock = new FakeClock();
  const { logger, entries } = captureLogger();
  const events: { event: string; payload: unknown }[] = [];
  let reads = 0;
  let gone = 0;
  const call = new CallReport({
    conferenceId: 'c',
    participantId: 'p',
    emit: <K extends keyof TelephonyEvents & string>(event: K, payload: TelephonyEvents[K]) =>
      void events.push({ event, payload }),
    clock,
    logger,
    mediaTimeoutMs: 10_000,
    qualityIntervalMs: 5000,
    reportsTalking: true,
    readChannel: async () => {
      const reply = replies[Math.min(reads++, replies.length - 1)] ?? '';
      if (reply instanceof Error) throw reply;
      return reply;
    },
    channelGone: () => {
      gone++;
      call.end('media-server-hangup: channel gone');
    },
  });
  const advance = async (ms: number) => {
    await clock.advanceAsync(ms, 100);
    await flushPromises();
  };
  return { call, events, entries, advance, reads: () => reads, gone: () => gone };
}

describe('CallReport RTP sampling (one mediaStats read a sample)', () => {
  it('reads as the call joins, then every qualityIntervalMs, one read at a time', async () => {
    const r = report([stats(100, 0), stats(350, 2), stats(600, 2)]);
    r.call.connected('+46701000001');
    await r.advance(0);
    expect(r.reads()).toBe(1);
    await r.advance(10_000);
    expect(r.reads()).toBe(3);
    expect(r.events.filter((e) => e.event === 'call.quality').map((e) => e.payload)).toEqual([
      { conferenceId: 'c', participantId: 'p', counters: { packets: 100, lost: 0, jitterPeakMs: 2 } },
      { conferenceId: 'c', participantId: 'p', counters: { packets: 350, lost: 2, jitterPeakMs: 2 } },
      { conferenceId: 'c', participantId: 'p', counters: { packets: 600, lost: 2, jitterPeakMs: 2 } },
    ]);
  });

  it('a channel FreeSWITCH no longer has ends the call (its hang-up was missed); reading stops', async () => {
    const r = report([stats(100, 0), GONE]);
    r.call.connected(null);
    await r.advance(0);
    await r.advance(5000);
    expect(r.gone()).toBe(1);
    expect(r.events.map((e) => e.event)).toEqual(['call.connected', 'call.quality', 'call.ended']);
    await r.advance(20_000);
    expect(r.reads()).toBe(2);
  });

  it('an odd reply is warned about once a call and sampling goes on; a lost one only at debug', async () => {
    const r = report(['-ERR json Command not found!\n', new Error('mediaStats timed out'), stats(100, 0)]);
    r.call.watch();
    await r.advance(0);
    await r.advance(5000);
    expect(r.entries.map((e) => e.msg)).toEqual(['RTP statistics unavailable']);
    expect(JSON.stringify(r.entries[0]?.obj)).toContain('Command not found');
    await r.advance(5000);
    expect(r.events.map((e) => e.event)).toEqual(['call.quality']);
    expect(r.call.live).toBe(true);
  });
});
