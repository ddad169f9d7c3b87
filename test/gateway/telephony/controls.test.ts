import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../contracts/harness.js';
import type { FakeEndpoint } from './fakes/fake-endpoint.js';
import {
  ALPHA,
  BRAVO,
  CONF,
  DIAL_IN_NUMBER,
  type Fixture,
  fixture,
  HOST_PIN,
  PARTICIPANT_PIN,
} from './fixture.js';

const ROOM = 'samband-weekly';

describe('DrachtioTelephony host controls and talking', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  const connect = async (participant = ALPHA) => {
    const result = await settle(
      f.telephony.callOut({
        conferenceId: CONF,
        participantId: participant.id,
        numbers: participant.phoneNumbers,
      }),
      f.advance,
      60_000,
    );
    expect(result.outcome).toBe('answered');
  };
  const room = () => {
    const r = f.backend.mediaServer().rooms.get(ROOM);
    if (!r) throw new Error('no room');
    return r;
  };
  const memberOf = (participant = ALPHA): FakeEndpoint => {
    const ep = f.backend
      .mediaServer()
      .members(ROOM)
      .find((m) => m.peer?.uri === participant.phoneNumbers[0]);
    if (!ep) throw new Error(`${participant.id} is not in the room`);
    return ep;
  };

  it('start-talking/stop-talking of a participant member become call.talking', async () => {
    f = await fixture();
    await connect();
    const ep = memberOf();
    ep.talk(true);
    ep.talk(true); // a repeat is not a change
    ep.talk(false);
    expect(f.log.of('call.talking')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, talking: true },
      { conferenceId: CONF, participantId: ALPHA.id, talking: false },
    ]);
  });

  it('a participant who ends while talking stops talking before call.ended; listeners are released', async () => {
    f = await fixture();
    await connect();
    const ep = memberOf();
    ep.talk(true);
    await f.telephony.hangup(CONF, ALPHA.id);
    expect(f.log.names().filter((n) => n === 'call.talking' || n === 'call.ended')).toEqual([
      'call.talking',
      'call.talking',
      'call.ended',
    ]);
    expect(ep.customListeners.get('conference::maintenance')?.size ?? 0).toBe(0);
  });

  it('mute: `conference <room> mute <member>`; a muted member is not heard talking; unmute restores', async () => {
    f = await fixture();
    await connect();
    const ep = memberOf();
    ep.talk(true);
    const id = room().memberId(ep);
    await settle(f.telephony.setMuted(CONF, ALPHA.id, true), f.advance, 1000);
    expect(room().commands).toContain(`mute ${id}`);
    expect(f.log.of('call.talking').at(-1)).toMatchObject({ talking: false });
    ep.talk(true);
    expect(f.log.of('call.talking')).toHaveLength(2);
    await settle(f.telephony.setMuted(CONF, ALPHA.id, false), f.advance, 1000);
    expect(room().muted.size).toBe(0);
    ep.talk(true);
    expect(f.log.of('call.talking').at(-1)).toMatchObject({ talking: true });
  });

  it('mute without a connected call is a no-op; a refused mute rejects with CONTROL_FAILED', async () => {
    f = await fixture();
    await expect(f.telephony.setMuted(CONF, ALPHA.id, true)).resolves.toBeUndefined();
    await connect();
    room().members.delete(memberOf()); // FreeSWITCH no longer knows the member
    const muting = f.telephony.setMuted(CONF, ALPHA.id, true);
    await expect(settle(muting, f.advance, 1000)).rejects.toMatchObject({
      code: 'SAMBAND_ERR_TELEPHONY_CONTROL_FAILED',
    });
  });

  it('lock: the room is locked, dial-ins are refused (403) before answering, call-outs still join', async () => {
    f = await fixture();
    await settle(f.telephony.setLocked(CONF, true), f.advance, 5000);
    expect(room().locked).toBe(true);
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(call.res.status).toBe(403);
    await connect(BRAVO);
    expect(f.log.of('call.connected')).toEqual([
      { conferenceId: CONF, participantId: BRAVO.id, number: BRAVO.phoneNumbers[0] },
    ]);
    await settle(f.telephony.setLocked(CONF, false), f.advance, 1000);
    expect(room().locked).toBe(false);
    f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [HOST_PIN]);
    await f.advance(5000);
    expect(f.log.of('call.connected').at(-1)).toMatchObject({ participantId: ALPHA.id });
  });

  it('a lock set during PIN entry stops the caller before the join; nothing is left open', async () => {
    f = await fixture();
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(100);
    await settle(f.telephony.setLocked(CONF, true), f.advance, 1000);
    await f.advance(5000);
    expect(call.res.status).toBe(200);
    expect(f.log.of('call.connected')).toHaveLength(0);
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('a lock set while FreeSWITCH is away is applied to the room when it is created', async () => {
    f = await fixture({ start: false });
    await f.telephony.setLocked(CONF, true);
    f.telephony.start();
    await f.untilAvailable();
    await connect();
    expect(room().locked).toBe(true);
  });

  it('records the conference to a file and stops; a bad path is refused before FreeSWITCH sees it', async () => {
    f = await fixture();
    await settle(f.telephony.startRecording(CONF, '/var/lib/samband/rec/weekly.wav'), f.advance, 5000);
    expect([...room().recordings]).toEqual(['/var/lib/samband/rec/weekly.wav']);
    await settle(f.telephony.startRecording(CONF, '/var/lib/samband/rec/weekly-2.wav'), f.advance, 1000);
    expect([...room().recordings]).toEqual(['/var/lib/samband/rec/weekly-2.wav']);
    await settle(f.telephony.stopRecording(CONF), f.advance, 1000);
    expect(room().recordings.size).toBe(0);
    await expect(f.telephony.stopRecording(CONF)).resolves.toBeUndefined();
    await expect(f.telephony.startRecording(CONF, 'rec.wav\nconference x kick all')).rejects.toMatchObject({
      code: 'SAMBAND_ERR_TELEPHONY_BAD_RECORDING_PATH',
    });
    // start, stop of the replaced file, start, stop all: the bad path never reached FreeSWITCH.
    expect(room().commands.filter((c) => c.startsWith('recording'))).toHaveLength(4);
  });

  it('recording needs FreeSWITCH: BACKEND_DOWN while it is away', async () => {
    f = await fixture();
    f.backend.freeswitch.state = 'down';
    f.backend.dropEventSocket();
    await f.advance(100);
    await expect(f.telephony.startRecording(CONF, '/tmp/x.wav')).rejects.toMatchObject({
      code: 'SAMBAND_ERR_TELEPHONY_BACKEND_DOWN',
    });
  });
});
