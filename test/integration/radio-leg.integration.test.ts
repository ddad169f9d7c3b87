/**
 * The radio audio leg against the real servers: a sipp UAS plays the RoIP interface
 * (test/sip/roip-uas.xml). It is called when the back end comes up, joins the room as a
 * non-participant whose speech never becomes call.talking, and is called again after it drops.
 * The drop here is a BYE from the UAS; the media time-out of called-out (3PCC) legs, which radio
 * legs are too, is covered by the call-out silence case in drachtio.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelephonyEvents } from '../../bridge/ports.js';
import type { DrachtioTelephony } from '../../gateway/telephony/drachtio-telephony.js';
import type { EventLog } from '../contracts/harness.js';
import { integrationEnv } from './env.js';
import { ALPHA, DIAL_IN, realTelephony, until } from './harness.js';
import { type SippRun, sippCaller, sippPhone } from './sipp.js';

const env = integrationEnv();
const skip = 'skip' in env ? env.skip : null;
const sipTarget = 'skip' in env ? '' : env.sip;
const ROIP = 'sip:roip@127.0.0.1:5095';

describe.skipIf(skip !== null)('radio audio leg (RoIP) against real drachtio-server + FreeSWITCH', () => {
  let telephony: DrachtioTelephony;
  let log: EventLog<TelephonyEvents>;
  let roip: SippRun;

  beforeAll(async () => {
    if ('skip' in env) return;
    roip = sippPhone('roip-uas.xml', 5095);
    await new Promise((r) => setTimeout(r, 500));
    ({ telephony, log } = realTelephony(env, { radioAudio: [{ radioId: 'rakel-1', uri: ROIP }] }));
    telephony.start();
    await until('backend available', () => log.of('backend.status').at(-1)?.available === true);
  }, 40_000);
  afterAll(async () => {
    await telephony?.close();
    roip?.stop();
  });

  it('the RoIP interface is called and joined; its audio never produces call.talking', async () => {
    await until('radio leg joined', () => telephony.radioAudioConnected().length === 1, 15_000);
    expect(log.of('call.connected')).toHaveLength(0);
    // A participant joins and talks too: only the participant's voice is reported.
    const caller = sippCaller('dial-in-pin.xml', sipTarget, 5076, DIAL_IN);
    await until('participant talking', () => log.of('call.talking').some((t) => t.talking), 20_000);
    const { code, output } = await caller.done;
    expect(code, output).toBe(0);
    expect(log.of('call.talking').every((t) => t.participantId === ALPHA.id)).toBe(true);
  }, 60_000);

  it('a radio leg that drops (the RoIP interface hangs up) is called again', async () => {
    // roip-uas.xml hangs up by itself 19 s after answering.
    const first = await roip.done;
    expect(first.code, first.output).toBe(0);
    await until('radio leg gone', () => telephony.radioAudioConnected().length === 0, 10_000);
    roip = sippPhone('roip-uas.xml', 5095);
    await until('radio leg back', () => telephony.radioAudioConnected().length === 1, 40_000);
    const second = await roip.done;
    expect(second.code, second.output).toBe(0);
  }, 90_000);
});

if (skip) {
  describe('radio audio leg integration', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}
