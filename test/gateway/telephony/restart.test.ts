/**
 * A gateway process crashes mid-conference and a new one starts on the same drachtio-server and
 * FreeSWITCH (the fakes model what survives: channels in rooms, the callers' dialogs in
 * drachtio-server, the room's lock and recordings). The new adapter takes the calls over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../contracts/harness.js';
import type { FakeBackend } from './fakes/fake-backend.js';
import type { FakeEndpoint } from './fakes/fake-endpoint.js';
import { ALPHA, BRAVO, CONF, type Fixture, fixture, world } from './fixture.js';

const ROOM = 'samband-weekly';
const FILE = '/var/lib/samband/rec/weekly.wav';

describe('DrachtioTelephony after a gateway restart', () => {
  let before: Fixture;
  let after: Fixture | undefined;
  let servers: ReturnType<typeof world>;
  afterEach(async () => {
    if (after) await settle(after.telephony.close(), after.advance, 30_000);
    after = undefined;
  });

  const callOut = (f: Fixture, participant = ALPHA) =>
    settle(
      f.telephony.callOut({
        conferenceId: CONF,
        participantId: participant.id,
        numbers: participant.phoneNumbers,
      }),
      f.advance,
      60_000,
    );
  const memberOf = (backend: FakeBackend, participant = ALPHA): FakeEndpoint => {
    const ep = backend.freeswitch.members(ROOM).find((m) => m.peer?.uri === participant.phoneNumbers[0]);
    if (!ep) throw new Error(`${participant.id} is not in the room`);
    return ep;
  };

  /** A gateway with alpha (and bravo) connected and the room recorded, then killed. */
  async function crashMidConference(participants = [ALPHA]): Promise<void> {
    servers = world();
    before = await fixture({ world: servers });
    for (const p of participants) expect((await callOut(before, p)).outcome).toBe('answered');
    await settle(before.telephony.startRecording(CONF, FILE), before.advance, 10_000);
    servers.backend.crashGateway();
  }

  async function restart(): Promise<Fixture> {
    after = await fixture({ world: servers });
    return after;
  }

  it('a re-attached room sized for a smaller roster is resized before anyone joins it', async () => {
    await crashMidConference([ALPHA]);
    const room = servers.backend.freeswitch.rooms.get(ROOM);
    if (!room) throw new Error('no room');
    room.maxMembers = 2; // the control member and alpha: the roster has grown since
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    expect((await callOut(f, BRAVO)).outcome).toBe('answered');
    expect(room.maxMembers).toBe(2 + 1 + 1);
    expect(room.commands).toContain('set max_members 4');
  });

  it('takes over the calls and the recording; the phones are not rung again', async () => {
    await crashMidConference([ALPHA, BRAVO]);
    const f = await restart();
    const recovered = await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    expect(recovered.recordingTo).toBe(FILE);
    expect(recovered.members.map((m) => m.participantId).sort()).toEqual([ALPHA.id, BRAVO.id]);
    expect(f.log.of('call.connected')).toEqual([]);
    expect(servers.backend.dialled()).toEqual([ALPHA.phoneNumbers[0], BRAVO.phoneNumbers[0]]);
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(true);
  });

  it('a taken-over call reports talking, DTMF and RTP quality, and obeys mute', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    const ep = memberOf(servers.backend);
    ep.talk(true);
    ep.talk(false);
    servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').pressInCall('5');
    await f.advance(6000);
    expect(f.log.of('call.talking')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, talking: true },
      { conferenceId: CONF, participantId: ALPHA.id, talking: false },
    ]);
    expect(f.log.of('call.dtmf')).toEqual([{ conferenceId: CONF, participantId: ALPHA.id, digit: '5' }]);
    expect(f.log.of('call.quality')[0]).toMatchObject({
      participantId: ALPHA.id,
      counters: { packets: 2500, lost: 25, jitterPeakMs: 3.5 },
    });
    await settle(f.telephony.setMuted(CONF, ALPHA.id, true), f.advance, 10_000);
    const room = servers.backend.freeswitch.rooms.get(ROOM);
    expect(room?.canSpeak(room.memberId(ep) ?? -1)).toBe(false);
  });

  it('our hang-up reaches the phone through the dialog the dead process made', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    await settle(f.telephony.hangup(CONF, ALPHA.id), f.advance, 10_000);
    expect(f.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'hangup' },
    ]);
    const phone = servers.backend.phone(ALPHA.phoneNumbers[0] ?? '');
    expect(phone.inCall).toBe(false);
    expect(phone.byesReceived).toBe(1);
    expect(servers.backend.openCallChannels()).toBe(0);
  });

  it('a phone that hangs up after the crash: drachtio-server tells nobody, the media time-out ends the call', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').hangUp();
    await f.advance(9000);
    expect(f.log.of('call.ended')).toEqual([]);
    await f.advance(2000); // mediaTimeoutMs: 10 s
    expect(f.log.of('call.media-timeout')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, silentForMs: 10_000 },
    ]);
    expect(f.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'media-timeout' },
    ]);
    expect(servers.backend.openCallChannels()).toBe(0);
    expect(servers.backend.openDialogs()).toBe(0);
  });

  it('a call-out to a participant whose call survived unclaimed answers with that call', async () => {
    await crashMidConference();
    const f = await restart();
    const result = await callOut(f);
    expect(result).toEqual({ outcome: 'answered', number: null });
    expect(f.log.of('call.connected')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, number: null },
    ]);
    expect(servers.backend.dialled()).toEqual([ALPHA.phoneNumbers[0]]);
    expect(servers.backend.freeswitch.members(ROOM)).toHaveLength(1);
  });

  it('a dial-in replacing an unclaimed surviving call leaves one call in the room', async () => {
    await crashMidConference();
    const f = await restart();
    // Something joins the room first (a radio leg would): the room is re-attached and surveyed.
    const { caller } = servers.backend.dialIn(ALPHA.phoneNumbers[0] ?? '', undefined, ['2580']);
    await f.advance(30_000);
    expect(f.log.of('call.connected')).toHaveLength(1);
    expect(caller.inCall).toBe(true);
    const members = servers.backend.freeswitch.members(ROOM);
    expect(members).toHaveLength(1);
    expect(members[0]?.peer).toBe(caller);
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(false);
  });

  it('closing the restarted adapter ends the re-attached room it did not create', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    await settle(f.telephony.close(), f.advance, 30_000);
    after = undefined;
    expect(servers.backend.freeswitch.rooms.has(ROOM)).toBe(false);
    expect(servers.backend.openChannels()).toBe(0);
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(false);
  });

  it('a radio audio leg from before the restart is hung up and its RoIP interface called afresh', async () => {
    const ROIP = 'sip:roip1@192.0.2.50';
    const legs = [{ radioId: 'rakel-1', uri: ROIP }];
    servers = world();
    const roip = servers.backend.phone(ROIP);
    before = await fixture({ world: servers, radioAudio: legs });
    await before.advance(3000);
    const old = servers.backend.freeswitch.members(ROOM).find((ep) => ep.peer === roip);
    expect(old?.vars.get('samband_radio')).toBe('rakel-1');
    servers.backend.crashGateway();

    after = await fixture({ world: servers, radioAudio: legs });
    await after.advance(3000);
    const radioMembers = servers.backend.freeswitch.members(ROOM).filter((ep) => ep.peer === roip);
    // One leg from the radio, the new one: two would echo each other's audio.
    expect(radioMembers).toHaveLength(1);
    expect(radioMembers[0]).not.toBe(old);
    expect(old?.hangupCause).not.toBeNull();
    expect(servers.backend.dialledUris.filter((uri) => uri === ROIP)).toHaveLength(2);
  });

  it('a planned stop that keeps calls (detach) leaves them up, and the next process takes them over', async () => {
    servers = world();
    before = await fixture({ world: servers });
    expect((await callOut(before)).outcome).toBe('answered');
    await before.advance(100); // the call's first RTP sample is read as it joins
    const ended = before.log.of('call.ended').length;
    await settle(before.telephony.detach(), before.advance, 10_000);
    // Nothing was hung up: no event, the phone still talks, its channel is still in the room.
    expect(before.log.of('call.ended')).toHaveLength(ended);
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(true);
    expect(servers.backend.freeswitch.members(ROOM)).toHaveLength(1);
    expect(before.clock.pendingTimers()).toBe(0);
    servers.backend.crashGateway(); // the process exits: its sockets close

    const f = await restart();
    const recovered = await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    expect(recovered.members).toEqual([{ participantId: ALPHA.id }]);
    expect(servers.backend.dialled()).toEqual([ALPHA.phoneNumbers[0]]);
  });

  it('close (end-calls) hangs everyone up instead', async () => {
    servers = world();
    before = await fixture({ world: servers });
    expect((await callOut(before)).outcome).toBe('answered');
    await settle(before.telephony.close(), before.advance, 10_000);
    expect(before.log.of('call.ended').at(-1)).toMatchObject({ cause: 'shutdown' });
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(false);
    expect(servers.backend.freeswitch.rooms.has(ROOM)).toBe(false);
  });

  it('a taken-over call outlives an event-socket reconnect and is watched on the new socket', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    servers.backend.dropEventSocket();
    await f.untilAvailable();
    expect(f.log.of('call.ended')).toEqual([]);
    const ep = memberOf(servers.backend);
    ep.talk(true);
    expect(f.log.of('call.talking')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, talking: true },
    ]);
    await settle(f.telephony.hangup(CONF, ALPHA.id), f.advance, 10_000);
    expect(servers.backend.openCallChannels()).toBe(0);
    expect(servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').inCall).toBe(false);
  });

  it('a taken-over call that ended while the event socket was down is reported when it is back', async () => {
    await crashMidConference();
    const f = await restart();
    await settle(f.telephony.recoverConference(CONF), f.advance, 30_000);
    servers.backend.freeswitch.state = 'down';
    servers.backend.dropEventSocket();
    servers.backend.phone(ALPHA.phoneNumbers[0] ?? '').hangUp();
    await f.advance(12_000); // FreeSWITCH's media time-out, seen by nobody
    expect(f.log.of('call.ended')).toEqual([]);
    servers.backend.freeswitch.state = 'up';
    await f.untilAvailable();
    await f.advance(100);
    expect(f.log.of('call.ended')).toEqual([
      {
        conferenceId: CONF,
        participantId: ALPHA.id,
        cause: 'media-server-hangup: gone while the event socket was down',
      },
    ]);
  });

  it('with FreeSWITCH gone the whole time, recovery gives up after recoverWaitMs', async () => {
    await crashMidConference();
    servers.backend.freeswitch.state = 'down';
    after = await fixture({ world: servers, start: false });
    after.telephony.start();
    const recovering = after.telephony.recoverConference(CONF);
    recovering.catch(() => {});
    await after.advance(15_100);
    await expect(recovering).rejects.toMatchObject({ code: 'SAMBAND_ERR_TELEPHONY_BACKEND_DOWN' });
  });
});
