/**
 * Carrier trunks against real drachtio-server + FreeSWITCH (issue 9), with sipp playing the
 * carrier: digest challenges on INVITE (401 checked by sipp's verifyauth; 407), a registrar, a
 * trunk whose OPTIONS go unanswered (the core moves the phone path to radio), a stranger outside
 * trustedSources, and a PIN guesser who changes caller ID each call. Runs only when
 * SAMBAND_DRACHTIO and SAMBAND_FREESWITCH are set.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../bridge/clock.js';
import { type Core, createCore } from '../../bridge/core.js';
import { nullLogger } from '../../bridge/null-logger.js';
import type { TelephonyEvents } from '../../bridge/ports.js';
import type { DrachtioTelephony } from '../../gateway/telephony/drachtio-telephony.js';
import type { EventLog } from '../contracts/harness.js';
import { ScriptedRadio } from '../support/scripted-ports.js';
import { integrationEnv } from './env.js';
import { ALPHA, CONF, DIAL_IN, realTelephony, until } from './harness.js';
import { type SippRun, sipp, sippCaller, sippPhone } from './sipp.js';

const env = integrationEnv();
const skip = 'skip' in env ? env.skip : null;
const sipTarget = 'skip' in env ? '' : env.sip;
if (skip) console.warn(`[integration] SKIPPED: ${skip}`);

const USER = '0101234567';
const PASSWORD = 'samband-it-trunk';
/** The sipp carrier on 5090, with these credentials (keep-alive off: INVITEs only). */
const op = (password: string | undefined = PASSWORD) => ({
  id: 'op',
  host: '127.0.0.1',
  port: 5090,
  ...(password ? { username: USER, password } : {}),
  keepAliveIntervalMs: 0,
});
/** A UDP port nobody answers on: the spare trunk a silent-trunk time-out would move the call to. */
const SPARE = { id: 'spare', host: '127.0.0.1', port: 5098, keepAliveIntervalMs: 0, order: 1 };

describe.skipIf(skip !== null)('carrier trunks against real drachtio-server (sipp as the carrier)', () => {
  let telephony: DrachtioTelephony | undefined;
  let log: EventLog<TelephonyEvents>;
  const peers: SippRun[] = [];

  async function start(sip: Record<string, unknown>, top: Record<string, unknown> = {}): Promise<void> {
    if ('skip' in env) return;
    ({ telephony, log } = realTelephony(env, { telephony: { ...top, sip: { trunk: undefined, ...sip } } }));
    telephony.start();
    await until('backend available', () => log.of('backend.status').at(-1)?.available === true);
  }
  const peer = (run: SippRun) => {
    peers.push(run);
    return run;
  };
  const callAlpha = () =>
    telephony?.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: [ALPHA.phoneNumbers[0] ?? ''],
    });
  /** The sipp trunk presses 1 and starts talking before it waits for our BYE (≈ 2.2 s). */
  const pressedOneAndTalked = () => new Promise((r) => setTimeout(r, 3_000));
  const trunkStatus = (id: string) =>
    log
      .of('trunks.status')
      .at(-1)
      ?.trunks.find((t) => t.id === id);

  afterEach(async () => {
    await telephony?.close();
    telephony = undefined;
    // Wait for each sipp to exit: the next scenario binds the same port (5090), and a sipp still
    // holding it leaves the new one unbound and drachtio-server answering 503 for it.
    const stopping = peers.splice(0);
    for (const p of stopping) p.stop();
    await Promise.all(stopping.map((p) => p.done));
  });

  it('401 to every INVITE: answered with credentials sipp verifies; slow ringing (180 after 5 s) is not a silent trunk', async () => {
    await start({
      trunks: [op(), SPARE],
      trunkTimeoutMs: 4_000,
    });
    const trunk = peer(sippPhone('trunk-401-slow-ringing.xml', 5090));
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    const result = await callAlpha();
    const tookMs = Date.now() - started;
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    // 180 came 5 s after the INVITE, past trunkTimeoutMs: only the 100 Trying kept the call here.
    expect(tookMs).toBeGreaterThan(6_000);
    console.info(`[trunks] 401 trunk, 100 Trying at once, 180 at 5 s: answered after ${tookMs} ms`);
    await pressedOneAndTalked();
    await telephony?.hangup(CONF, ALPHA.id);
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
  }, 60_000);

  it('401 with the wrong password: sipp refuses (403), the call-out fails without ringing anyone', async () => {
    await start({
      trunks: [op('wrong')],
    });
    const trunk = peer(sippPhone('trunk-401-slow-ringing.xml', 5090));
    await new Promise((r) => setTimeout(r, 500));
    const result = await callAlpha();
    // sipp's verifyauth failed: it answered 403, which is the trunk's final word (no next trunk).
    expect(result).toEqual({ outcome: 'rejected', cause: 'sip-403', number: ALPHA.phoneNumbers[0] });
    await trunk.done;
  }, 60_000);

  it('407 to every INVITE: answered with Proxy-Authorization', async () => {
    await start({
      trunks: [op()],
    });
    const trunk = peer(sippPhone('trunk-407.xml', 5090));
    await new Promise((r) => setTimeout(r, 500));
    const result = await callAlpha();
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    await pressedOneAndTalked();
    await telephony?.hangup(CONF, ALPHA.id);
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
  }, 60_000);

  it('registrar: challenged REGISTER with verified credentials, granted 4 s (asked 600) → refreshed in time; then silence → failed, trunk unusable', async () => {
    const registrar = peer(sipp('registrar.xml', ['-p', '5092']));
    await new Promise((r) => setTimeout(r, 500));
    await start({
      trunks: [
        {
          id: 'op',
          host: '127.0.0.1',
          port: 5092,
          username: USER,
          password: PASSWORD,
          keepAliveIntervalMs: 0,
          register: { expiresS: 600, timeoutMs: 1_000, retryMinMs: 1_000, retryMaxMs: 2_000 },
        },
      ],
    });
    await until('registered', () => trunkStatus('op')?.registration === 'registered', 10_000);
    expect(trunkStatus('op')?.reason).toBe('keep-alive off');
    // Both challenged REGISTERs verified, the second within the 4 s granted.
    const { code, output } = await registrar.done;
    expect(code, output).toBe(0);
    expect(trunkStatus('op')?.registration).toBe('registered');
    // The registrar is gone: the refresh goes unanswered and the 4 s binding runs out.
    await until('registration failed', () => trunkStatus('op')?.registration === 'failed', 10_000);
    expect(log.of('trunks.status').at(-1)?.usable).toBe(false);
    const result = await callAlpha();
    expect(result).toEqual({ outcome: 'failed', number: ALPHA.phoneNumbers[0], cause: 'trunks-down' });
  }, 60_000);

  it('a stranger at 127.0.0.2 outside trustedSources: 403 before anything is answered', async () => {
    await start({ trunks: [SPARE], trustedSources: ['127.0.0.1/32'] });
    const before = log.of('call.connected').length;
    const stranger = peer(
      sipp('dial-in-refused.xml', [
        sipTarget,
        '-s',
        DIAL_IN,
        '-inf',
        join(import.meta.dirname, '../sip/callers.csv'),
        '-i',
        '127.0.0.2',
        '-p',
        '5076',
        '-mp',
        '15228',
      ]),
    );
    const { code, output } = await stranger.done;
    expect(code, output).toBe(0);
    expect(log.of('call.connected').length).toBe(before);
  }, 60_000);

  it('a PIN guesser changing caller ID each call is stopped by the global budget; a participant still gets in', async () => {
    await start({ trunks: [SPARE] }, { dialIn: { globalFailureBudget: 3, lockoutAfterFailures: 6 } });
    /** A caller-ID file for sipp (-inf) holding one number. */
    const callerId = (number: string) => {
      const file = join(tmpdir(), `samband-it-caller-${number}-${process.pid}.csv`);
      writeFileSync(file, `SEQUENTIAL\n${number}\n`);
      return file;
    };
    const from = (number: string, port: number) => [
      sipTarget,
      '-s',
      DIAL_IN,
      '-inf',
      callerId(number),
      '-p',
      String(port),
      '-mp',
      String(port * 3),
    ];
    // Three wrong PINs from +46709990001 spend the budget of three.
    const first = await peer(sipp('dial-in-wrong-pin.xml', from('+46709990001', 5077))).done;
    expect(first.code, first.output).toBe(0);
    // Spending it is an alarm (the core turns this into `pin-budget-spent` on MQTT).
    expect(log.of('dial-in.pin-budget')).toMatchObject([{ spent: true, budget: 3 }]);
    // A number never heard before (no lock-out of its own) is refused before anything is answered.
    const refused = await peer(sipp('dial-in-refused.xml', from('+46709990002', 5078))).done;
    expect(refused.code, refused.output).toBe(0);
    expect(log.of('call.connected')).toEqual([]);
    // A configured participant's number (callers.csv: alpha's) still keys the PIN and joins.
    const honest = peer(sippCaller('dial-in-pin.xml', sipTarget, 5079, DIAL_IN));
    await until('alpha connected', () => log.of('call.connected').length === 1, 30_000);
    expect(log.of('call.connected')[0]).toMatchObject({ participantId: ALPHA.id });
    const joined = await honest.done;
    expect(joined.code, joined.output).toBe(0);
  }, 90_000);

  describe('a trunk that goes silent', () => {
    let core: Core | undefined;
    afterEach(async () => {
      await core?.close();
      core = undefined;
    });

    it('OPTIONS unanswered → everyone on the phone path moves to radio (trunks-down), and back', async () => {
      const carrier = () => peer(sipp('trunk-options.xml', ['-p', '5093', '-mp', '15279', '-m', '1000000']));
      const trunk = carrier();
      const phone = peer(sippPhone('call-out-press-1-stay.xml', 5091));
      await new Promise((r) => setTimeout(r, 500));
      await start(
        {
          trunks: [
            {
              id: 'op',
              host: '127.0.0.1',
              port: 5093,
              keepAliveIntervalMs: 1_000,
              keepAliveTimeoutMs: 1_000,
              keepAliveFailures: 2,
            },
          ],
        },
        { mediaTimeoutMs: 60_000 },
      );
      if (!telephony) return;
      const radio = new ScriptedRadio();
      core = createCore({
        participants: [
          {
            id: ALPHA.id,
            name: 'Alpha',
            organisation: 'A',
            // Straight to the sipp phone (a SIP URI needs no trunk): the trunk's health alone moves it.
            phoneNumbers: [ALPHA.phoneNumbers[1] ?? ''],
            radio: { issi: '2341001' },
            priority: 1,
          },
        ],
        conferences: [{ id: CONF, name: 'Integration', roster: [ALPHA.id], conveneOnStart: false }],
        radios: [{ terminal: radio, talkgroup: '9101' }],
        telephony,
        clock: systemClock,
        logger: nullLogger,
        timings: {
          degradedForMs: 2_000,
          failbackStableMs: 3_000,
          redialIntervalMs: 60_000,
          maxConcurrentCallOuts: 2,
          heartbeatStaleMs: 10_000,
        },
        quality: { minMos: 1, maxJitterMs: 1_000, maxLossPct: 100, windowMs: 15_000 },
        announceBySds: true,
      });
      const c = core;
      await until('trunk up', () => trunkStatus('op')?.state === 'up', 20_000).catch(async (err: unknown) => {
        trunk.stop();
        throw new Error(`${String(err)}; the sipp carrier said: ${(await trunk.done).output}`);
      });
      await c.convene(CONF, 'host');
      await until('alpha on the phone', () => c.participant(ALPHA.id).path.active === 'phone', 30_000);

      // The carrier goes away: nothing answers its OPTIONS any more.
      trunk.stop();
      await trunk.done;
      await until('alpha on radio', () => c.participant(ALPHA.id).path.active === 'radio', 15_000);
      expect(c.participant(ALPHA.id).path).toMatchObject({ reason: 'trunks-down' });
      expect(trunkStatus('op')).toMatchObject({ state: 'down' });
      expect(radio.sent.map((s) => s.to)).toContain('2341001');

      carrier();
      await until('trunk up again', () => trunkStatus('op')?.state === 'up', 10_000);
      await until('alpha back on the phone', () => c.participant(ALPHA.id).path.active === 'phone', 20_000);
      await c.close();
      core = undefined;
      await phone.done;
    }, 120_000);
  });
});

if (skip) {
  describe('carrier trunks integration', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}
