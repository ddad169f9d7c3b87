import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../bridge/ports.js';
import { settle } from '../../contracts/harness.js';
import {
  ALPHA,
  CONF,
  DIAL_IN_NUMBER,
  type Fixture,
  fixture,
  HOST_PIN,
  PARTICIPANT_PIN,
  telephonyConfig,
} from './fixture.js';

/** Records every log call with its bindings, to check what was (not) logged. */
function capturingLogger(lines: unknown[], bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (obj: object, msg?: string) =>
    lines.push({ level, ...bindings, ...obj, msg });
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => capturingLogger(lines, { ...bindings, ...more }),
  };
}

describe('DrachtioTelephony dial-in', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  it('a known caller (national caller ID) with the participant PIN joins as alpha, not moderator', async () => {
    f = await fixture();
    const call = f.backend.dialIn('0701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(call.res.status).toBe(200);
    expect(f.log.of('call.connected')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, number: '0701000001' },
    ]);
    const [member] = f.backend.mediaServer().members('samband-weekly');
    expect(member?.flags).toEqual({});
    expect(member?.vars.get('media_timeout')).toBe('10000');
  });

  it('the host PIN gives moderator rights', async () => {
    f = await fixture();
    f.backend.dialIn('+46701000002', DIAL_IN_NUMBER, [HOST_PIN]);
    await f.advance(5000);
    expect(f.log.of('call.connected')).toHaveLength(1);
    expect(f.backend.mediaServer().members('samband-weekly')[0]?.flags).toEqual({ moderator: true });
  });

  it('an unknown caller with the PIN joins as a guest: in the room, no participant events', async () => {
    f = await fixture();
    f.backend.dialIn('+46855500000', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(f.backend.mediaServer().members('samband-weekly')).toHaveLength(1);
    expect(f.log.of('call.connected')).toHaveLength(0);
  });

  it('three wrong PINs end the call; the PIN is never logged', async () => {
    const lines: unknown[] = [];
    f = await fixture({ logger: capturingLogger(lines) });
    const call = f.backend.dialIn('+46855500001', DIAL_IN_NUMBER, ['9999', '8888', '7777', PARTICIPANT_PIN]);
    await f.advance(60_000);
    expect(call.caller.promptsHeard).toBe(3);
    expect(f.log.of('call.connected')).toHaveLength(0);
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
    const text = JSON.stringify(lines);
    expect(text).toContain('wrong PIN');
    for (const pin of ['9999', '8888', '7777', PARTICIPANT_PIN, HOST_PIN]) expect(text).not.toContain(pin);
  });

  it('repeated failures lock the source out before anything is answered', async () => {
    f = await fixture({
      config: telephonyConfig({ dialIn: { lockoutAfterFailures: 4, lockoutMs: 60_000 } }),
    });
    f.backend.dialIn('+46855500002', DIAL_IN_NUMBER, ['1', '2', '3']);
    await f.advance(60_000);
    const second = f.backend.dialIn('+46855500002', DIAL_IN_NUMBER, ['4', PARTICIPANT_PIN]);
    await f.advance(60_000);
    expect(second.caller.promptsHeard).toBe(1);
    expect(f.log.of('call.connected')).toHaveLength(0);
    const third = f.backend.dialIn('+46855500002', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(1000);
    expect(third.res.status).toBe(403);
    expect(third.caller.promptsHeard).toBe(0);
    await f.advance(60_000);
    const later = f.backend.dialIn('+46855500002', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(later.res.status).toBe(200);
  });

  it('a caller who hangs up mid-PIN leaves no channel, dialog or event', async () => {
    f = await fixture();
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER);
    call.caller.hangUpDuringPrompt = 1;
    await f.advance(30_000);
    expect(f.log.of('call.connected')).toHaveLength(0);
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('a caller who cancels before the answer gets no endpoint left behind', async () => {
    f = await fixture();
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    call.req.cancel();
    await f.advance(5000);
    expect(f.backend.openCallChannels()).toBe(0);
  });

  it('a participant who dials in again replaces the old call: ended once, then connected', async () => {
    f = await fixture();
    await settle(
      f.telephony.callOut({ conferenceId: CONF, participantId: ALPHA.id, numbers: ALPHA.phoneNumbers }),
      f.advance,
      60_000,
    );
    f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(f.log.names().filter((n) => n.startsWith('call.') && n !== 'call.quality')).toEqual([
      'call.connected',
      'call.ended',
      'call.connected',
    ]);
    expect(f.log.of('call.ended')[0]?.cause).toBe('replaced');
    expect(f.backend.openCallChannels()).toBe(1);
  });

  it('refuses 503 while the back end is down', async () => {
    f = await fixture();
    f.backend.freeswitch.state = 'down';
    f.backend.dropEventSocket();
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    expect(call.res.status).toBe(503);
  });
});
