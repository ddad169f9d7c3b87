import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../contracts/harness.js';
import { ALPHA, CONF, type Fixture, fixture, telephonyConfig } from './fixture.js';

describe('DrachtioTelephony link health', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  const connect = async () => {
    const result = await settle(
      f.telephony.callOut({ conferenceId: CONF, participantId: ALPHA.id, numbers: ALPHA.phoneNumbers }),
      f.advance,
      60_000,
    );
    expect(result.outcome).toBe('answered');
    return f.backend.phone(ALPHA.phoneNumbers[0] ?? '');
  };

  it('samples the RTP counters from uuid_dump as the call joins, then every qualityIntervalMs', async () => {
    f = await fixture();
    await connect();
    await f.advance(100);
    const joined = f.log.of('call.quality').length;
    expect(joined).toBe(1);
    await f.advance(5100);
    expect(f.log.of('call.quality')).toHaveLength(2);
    expect(f.log.of('call.quality')[0]).toEqual({
      conferenceId: CONF,
      participantId: ALPHA.id,
      counters: { packets: 2500, lost: 25, jitterPeakMs: 3.5 },
    });
  });

  it('forwards DTMF keyed in the conference', async () => {
    f = await fixture();
    const phone = await connect();
    phone.pressInCall('5');
    expect(f.log.of('call.dtmf')).toEqual([{ conferenceId: CONF, participantId: ALPHA.id, digit: '5' }]);
  });

  it('a far-end hang-up ends the call once and releases the FreeSWITCH channel', async () => {
    f = await fixture();
    const phone = await connect();
    phone.hangUp();
    await f.advance(1000);
    expect(f.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'remote-hangup' },
    ]);
    expect(f.backend.openCallChannels()).toBe(0);
    await f.telephony.hangup(CONF, ALPHA.id);
    expect(f.log.of('call.ended')).toHaveLength(1);
  });

  it('a media time-out reports media-timeout then ended, and hangs up the silent far end', async () => {
    f = await fixture();
    const phone = await connect();
    phone.setMedia(false);
    await f.advance(10_100);
    expect(f.log.names().filter((n) => n === 'call.media-timeout' || n === 'call.ended')).toEqual([
      'call.media-timeout',
      'call.ended',
    ]);
    expect(f.log.of('call.media-timeout')[0]?.silentForMs).toBe(10_000);
    expect(f.backend.openDialogs()).toBe(0);
    expect(phone.inCall).toBe(false);
  });

  it('a participant can be called again after a drop (rejoin)', async () => {
    f = await fixture();
    const phone = await connect();
    phone.hangUp();
    await f.advance(1000);
    await connect();
    expect(f.log.names().filter((n) => n === 'call.connected' || n === 'call.ended')).toEqual([
      'call.connected',
      'call.ended',
      'call.connected',
    ]);
  });

  it('drachtio going away: unavailable, reconnect with back-off, available again', async () => {
    f = await fixture();
    f.backend.drachtio.state = 'down';
    f.backend.srf().lose();
    await f.advance(100);
    expect(f.log.of('backend.status').at(-1)).toMatchObject({ available: false });
    expect(f.log.of('backend.status').at(-1)?.reason).toContain('drachtio');
    await f.advance(10_000);
    const attempts = f.backend.srf().connects.length;
    expect(attempts).toBeGreaterThan(2);
    expect(attempts).toBeLessThan(8); // back-off, not a busy loop
    f.backend.drachtio.state = 'up';
    await f.advance(20_000);
    expect(f.log.of('backend.status').at(-1)).toEqual({ available: true, reason: 'connected' });
  });

  it('the watchdog catches a silently frozen FreeSWITCH and reconnects when it answers again', async () => {
    f = await fixture({
      config: telephonyConfig({ timings: { watchdogIntervalMs: 10_000, watchdogTimeoutMs: 2000 } }),
    });
    f.backend.freeswitch.state = 'frozen';
    await f.advance(12_500);
    expect(f.log.of('backend.status').at(-1)).toMatchObject({ available: false });
    expect(f.log.of('backend.status').at(-1)?.reason).toContain('watchdog');
    f.backend.freeswitch.state = 'up';
    await f.advance(40_000);
    expect(f.log.of('backend.status').at(-1)).toMatchObject({ available: true });
    expect(f.backend.mrfs[0]?.servers.length).toBeGreaterThan(1);
  });

  it('the watchdog catches a silently frozen drachtio-server', async () => {
    f = await fixture({
      config: telephonyConfig({ timings: { watchdogIntervalMs: 10_000, watchdogTimeoutMs: 2000 } }),
    });
    f.backend.drachtio.state = 'frozen';
    await f.advance(12_500);
    expect(f.log.of('backend.status').at(-1)?.reason).toMatch(/drachtio: watchdog/);
  });

  it('never connects with a wrong secret and never logs it', async () => {
    f = await fixture({ start: false, config: telephonyConfig({ drachtio: { secret: 'wrong-secret' } }) });
    f.telephony.start();
    await f.advance(5000);
    expect(f.log.of('backend.status').at(-1)).toMatchObject({ available: false });
  });

  it('a media time-out whose cause fsmrf lost is still reported as one (cause from the inbound socket)', async () => {
    f = await fixture();
    const phone = await connect();
    const ep = f.backend.freeswitch.members('samband-weekly').find((m) => m.peer === phone);
    if (!ep) throw new Error('alpha is not in the room');
    ep.losesHangupCause = true;
    phone.setMedia(false);
    await f.advance(10_500);
    expect(f.log.of('call.media-timeout')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, silentForMs: 10_000 },
    ]);
    expect(f.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'media-timeout' },
    ]);
  });

  it('close ends calls, destroys its rooms and releases every timer and channel', async () => {
    f = await fixture();
    await connect();
    await f.telephony.close();
    expect(f.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'shutdown' },
    ]);
    expect(f.backend.openChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
    expect(f.clock.pendingTimers()).toBe(0);
  });

  it('close does not hang when FreeSWITCH is frozen (bounded endpoint destroy)', async () => {
    f = await fixture();
    await connect();
    f.backend.freeswitch.state = 'frozen';
    await settle(f.telephony.close(), f.advance, 30_000);
    expect(f.log.of('call.ended')).toHaveLength(1);
  });
});
