import { afterEach, describe, expect, it } from 'vitest';
import { type Fixture, fixture } from './fixture.js';

const ROOM = 'samband-weekly';
const ROIP_1 = 'sip:roip1@192.0.2.50';
const ROIP_2 = 'sip:roip2@192.0.2.51';

describe('DrachtioTelephony radio audio legs', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  /** The RoIP interfaces exist (answer, carry RTP) before the adapter starts. */
  const start = async (legs: { radioId: string; uri: string }[]) => {
    f = await fixture({ radioAudio: legs, start: false });
    for (const leg of legs) f.backend.phone(leg.uri);
    f.telephony.start();
    await f.untilAvailable();
  };

  const radioMembers = () =>
    f.backend
      .mediaServer()
      .members(ROOM)
      .filter((ep) => ep.peer?.uri === ROIP_1 || ep.peer?.uri === ROIP_2);

  it('calls each RoIP interface once the back end is up and joins it to the conference', async () => {
    await start([{ radioId: 'r1', uri: ROIP_1 }]);
    await f.advance(3000);
    expect(f.backend.dialledUris).toEqual([ROIP_1]);
    const [leg] = radioMembers();
    expect(leg?.flags).toEqual({});
    // A radio leg is the gateway's own call: it gets in even when the room is locked.
    expect(leg?.vars.get('conference_enforce_security')).toBe('false');
    expect(leg?.vars.get('media_timeout')).toBe('10000');
    expect(leg?.vars.get('media_timeout_audio')).toBe('10000');
    expect(f.log.of('call.connected')).toHaveLength(0);
  });

  it('radio speech never produces call.talking (it must not key its own radio)', async () => {
    await start([{ radioId: 'r1', uri: ROIP_1 }]);
    await f.advance(3000);
    const [leg] = radioMembers();
    leg?.talk(true);
    leg?.talk(false);
    expect(f.log.of('call.talking')).toEqual([]);
    expect(leg?.customListeners.get('conference::maintenance')?.size ?? 0).toBe(0);
  });

  it('two radio legs in one room are set not to hear each other, both ways', async () => {
    await start([
      { radioId: 'r1', uri: ROIP_1 },
      { radioId: 'r2', uri: ROIP_2 },
    ]);
    await f.advance(5000);
    const room = f.backend.mediaServer().rooms.get(ROOM);
    const ids = radioMembers().map((ep) => room?.memberId(ep));
    expect(ids).toHaveLength(2);
    const [a, b] = ids;
    expect([...(room?.nohear ?? [])].sort()).toEqual([`${a}->${b}`, `${b}->${a}`].sort());
  });

  it('a radio leg that drops (media time-out) is called again with back-off', async () => {
    await start([{ radioId: 'r1', uri: ROIP_1 }]);
    await f.advance(3000);
    const roip = f.backend.phone(ROIP_1);
    roip.setMedia(false);
    await f.advance(10_000 + 500);
    expect(radioMembers()).toHaveLength(0);
    roip.setMedia(true);
    await f.advance(5000);
    expect(f.backend.dialledUris).toEqual([ROIP_1, ROIP_1]);
    expect(radioMembers()).toHaveLength(1);
  });

  it('an unreachable RoIP interface is retried with growing delays, and not after close', async () => {
    await start([{ radioId: 'r1', uri: ROIP_1 }]);
    f.backend.phone(ROIP_1).behaviour = { kind: 'unavailable' };
    await f.advance(1000);
    const attempts = () => f.backend.dialledUris.length;
    expect(attempts()).toBe(1);
    await f.advance(60_000);
    const afterMinute = attempts();
    expect(afterMinute).toBeGreaterThan(2);
    expect(afterMinute).toBeLessThan(12);
    await f.telephony.close();
    await f.advance(120_000);
    expect(attempts()).toBe(afterMinute);
  });

  it('close hangs the radio leg up and leaves nothing open', async () => {
    await start([{ radioId: 'r1', uri: ROIP_1 }]);
    await f.advance(3000);
    expect(radioMembers()).toHaveLength(1);
    await f.telephony.close();
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
    expect(f.log.of('call.ended')).toHaveLength(0);
  });
});
