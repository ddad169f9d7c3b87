/**
 * Against real drachtio-server + FreeSWITCH (deploy/freeswitch configuration), with sipp peers
 * from test/sip. Runs only when SAMBAND_DRACHTIO and SAMBAND_FREESWITCH are set; otherwise it
 * says why it skipped. `npx vitest run -c test/integration/vitest.config.ts`.
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelephonyEvents } from '../../bridge/ports.js';
import type { DrachtioTelephony } from '../../gateway/telephony/drachtio-telephony.js';
import type { EventLog } from '../contracts/harness.js';
import { integrationEnv } from './env.js';
import { ALPHA, CONF, DIAL_IN, realTelephony, until } from './harness.js';
import { sippCaller, sippPhone } from './sipp.js';

const env = integrationEnv();
const skip = 'skip' in env ? env.skip : null;
const sipTarget = 'skip' in env ? '' : env.sip;
if (skip) console.warn(`[integration] SKIPPED: ${skip}`);

describe.skipIf(skip !== null)('DrachtioTelephony against real drachtio-server + FreeSWITCH', () => {
  let telephony: DrachtioTelephony;
  let log: EventLog<TelephonyEvents>;
  const count = (event: keyof TelephonyEvents & string) => log.of(event).length;

  beforeAll(async () => {
    if ('skip' in env) return;
    ({ telephony, log } = realTelephony(env));
    telephony.start();
    await until('backend available', () => log.of('backend.status').at(-1)?.available === true);
  }, 40_000);
  afterAll(async () => {
    await telephony?.close();
  });

  it('call-out answered with 1 joins the conference; our hang-up reaches the phone', async () => {
    const phone = sippPhone('call-out-press-1.xml', 5090);
    await new Promise((r) => setTimeout(r, 500));
    const before = count('call.connected');
    const result = await telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: [ALPHA.phoneNumbers[0] ?? ''],
    });
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    expect(count('call.connected')).toBe(before + 1);
    // RTP counters are read as the call joins and then every qualityIntervalMs: wait for the second.
    await until('RTP quality', () => count('call.quality') > 1, 8000);
    const [joined, later] = log.of('call.quality').slice(-2);
    expect(later?.counters.packets).toBeGreaterThan(joined?.counters.packets ?? 0);
    await telephony.hangup(CONF, ALPHA.id);
    const { code, output } = await phone.done;
    expect(code, output).toBe(0);
    expect(log.of('call.ended').at(-1)?.cause).toBe('hangup');
  }, 60_000);

  it('dial-in with the PIN over RFC 2833 connects alpha; its BYE ends the call once', async () => {
    const before = { connected: count('call.connected'), ended: count('call.ended') };
    const caller = sippCaller('dial-in-pin.xml', sipTarget, 5070, DIAL_IN);
    await until('dial-in connected', () => count('call.connected') > before.connected, 30_000);
    expect(log.of('call.connected').at(-1)).toMatchObject({ participantId: ALPHA.id });
    // The caller's speech (g711a.pcap) crosses the room's energy level: start-talking.
    await until('talking', () => log.of('call.talking').some((t) => t.talking), 15_000);
    const { code, output } = await caller.done;
    expect(code, output).toBe(0);
    await until('call ended', () => count('call.ended') > before.ended, 5000);
    expect(log.of('call.ended').at(-1)?.cause).toBe('remote-hangup');
    expect(log.of('call.talking').at(-1)).toEqual({
      conferenceId: CONF,
      participantId: ALPHA.id,
      talking: false,
    });
  }, 60_000);

  it('host controls: mute/unmute, lock refuses a dial-in (403) yet a call-out joins, recording', async () => {
    await telephony.setLocked(CONF, true);
    try {
      const refused = await sippCaller('dial-in-refused.xml', sipTarget, 5075, DIAL_IN).done;
      expect(refused.code, refused.output).toBe(0);
      await callOutMuteRecord();
    } finally {
      await telephony.setLocked(CONF, false);
    }
  }, 90_000);

  async function callOutMuteRecord(): Promise<void> {
    const phone = sippPhone('call-out-press-1.xml', 5090);
    await new Promise((r) => setTimeout(r, 500));
    const result = await telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: [ALPHA.phoneNumbers[0] ?? ''],
    });
    expect(result.outcome).toBe('answered');
    await telephony.setMuted(CONF, ALPHA.id, true);
    await telephony.setMuted(CONF, ALPHA.id, false);
    const file = join(tmpdir(), `samband-it-${process.pid}.wav`);
    rmSync(file, { force: true });
    await telephony.startRecording(CONF, file);
    await new Promise((r) => setTimeout(r, 2000));
    await telephony.stopRecording(CONF);
    await until('recording file', () => existsSync(file), 5000);
    rmSync(file, { force: true });
    await telephony.hangup(CONF, ALPHA.id);
    const { code, output } = await phone.done;
    expect(code, output).toBe(0);
  }

  it('a caller who hangs up mid-PIN never connects', async () => {
    const before = count('call.connected');
    const { code, output } = await sippCaller('dial-in-hangup-mid-pin.xml', sipTarget, 5072, DIAL_IN).done;
    expect(code, output).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(count('call.connected')).toBe(before);
  }, 60_000);

  it('three wrong PINs: the gateway hangs up', async () => {
    const before = count('call.connected');
    const { code, output } = await sippCaller('dial-in-wrong-pin.xml', sipTarget, 5071, DIAL_IN).done;
    expect(code, output).toBe(0);
    expect(count('call.connected')).toBe(before);
  }, 90_000);

  it('a caller who drops mid-conference: media-timeout then ended; the gateway BYEs the dead line', async () => {
    const before = { connected: count('call.connected'), timeouts: count('call.media-timeout') };
    const caller = sippCaller('dial-in-drop.xml', sipTarget, 5073, DIAL_IN);
    await until('connected', () => count('call.connected') > before.connected, 30_000);
    await until('media time-out', () => count('call.media-timeout') > before.timeouts, 20_000);
    expect(log.of('call.ended').at(-1)?.cause).toBe('media-timeout');
    const { code, output } = await caller.done;
    expect(code, output).toBe(0);
  }, 90_000);

  it('a called-out participant who presses 1 then goes silent: media-timeout then ended', async () => {
    const phone = sippPhone('call-out-press-1-then-drop.xml', 5090);
    await new Promise((r) => setTimeout(r, 500));
    const before = { timeouts: count('call.media-timeout'), ended: count('call.ended') };
    const result = await telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: [ALPHA.phoneNumbers[0] ?? ''],
    });
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    await until('media time-out', () => count('call.media-timeout') > before.timeouts, 20_000);
    expect(log.of('call.media-timeout').at(-1)).toMatchObject({ participantId: ALPHA.id });
    await until('call ended', () => count('call.ended') > before.ended, 5000);
    expect(log.of('call.ended').at(-1)?.cause).toBe('media-timeout');
    const { code, output } = await phone.done;
    expect(code, output).toBe(0);
  }, 90_000);

  it('rejoin: the dropped participant dials in again and is connected', async () => {
    const before = count('call.connected');
    const caller = sippCaller('dial-in-pin.xml', sipTarget, 5074, DIAL_IN);
    await until('rejoined', () => count('call.connected') > before, 30_000);
    const { code, output } = await caller.done;
    expect(code, output).toBe(0);
  }, 60_000);
});

if (skip) {
  describe('DrachtioTelephony integration', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}
