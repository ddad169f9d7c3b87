/**
 * The fake world itself, without an adapter: FreeSWITCH's API replies and inbound-socket events,
 * drachtio-server's shared dialog table, and a gateway crash that leaves calls running.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../../../../bridge/null-logger.js';
import type { EslEvent } from '../../../../gateway/telephony/drachtio-types.js';
import { settle } from '../../../contracts/harness.js';
import { FakeClock, flushPromises } from '../../../support/fake-clock.js';
import { DRACHTIO_SECRET, FakeBackend, FREESWITCH_SECRET } from './fake-backend.js';
import type { FakeDialog } from './fake-dialog.js';
import type { FakeEndpoint } from './fake-endpoint.js';
import type { FakeMediaServer } from './fake-media-server.js';
import type { FakeSrf } from './fake-srf.js';

const ROOM = 'samband-weekly';
const RECOVERY_EVENTS = ['CHANNEL_HANGUP_COMPLETE', 'DTMF', 'CUSTOM', 'conference::maintenance'];

let clock: FakeClock;
let backend: FakeBackend;
const advance = (ms: number) => clock.advanceAsync(ms, 10);
const run = <T>(promise: Promise<T>) => settle(promise, advance, 5000, 10);

interface Gateway {
  srf: FakeSrf;
  ms: FakeMediaServer;
}

/** What a gateway process does at start: one Srf and one inbound connection, both connected. */
async function startGateway(): Promise<Gateway> {
  const driver = backend.driver();
  const srf = driver.createSrf() as FakeSrf;
  srf.connect({ host: '127.0.0.1', port: 9022, secret: DRACHTIO_SECRET });
  const ms = (await run(
    driver
      .createMrf(srf, nullLogger)
      .connect({ address: '127.0.0.1', port: 8021, secret: FREESWITCH_SECRET, listenAddress: '127.0.0.1' }),
  )) as FakeMediaServer;
  expect(srf.connected).toBe(true);
  return { srf, ms };
}

/** Another inbound connection to the same FreeSWITCH (as a second gateway would open). */
async function connectAgain(): Promise<FakeMediaServer> {
  const mrf = backend.mrfs.at(-1);
  if (!mrf) throw new Error('no mrf');
  return run(
    mrf.connect({ address: '127.0.0.1', port: 8021, secret: FREESWITCH_SECRET, listenAddress: '::' }),
  );
}

/** A call-out the way the adapter places it: 3PCC endpoint, INVITE, re-INVITE, tags, join. */
async function callInto(gw: Gateway, number: string, flags = {}) {
  const phone = backend.phone(number);
  const ep = (await run(gw.ms.createEndpoint())) as FakeEndpoint;
  const dialog = (await run(
    gw.srf.createUAC(`sip:${number}@trunk.example.se`, { localSdp: ep.local.sdp }),
  )) as FakeDialog;
  await run(ep.modify(dialog.remote.sdp));
  await run(ep.set({ media_timeout: 10_000, media_timeout_audio: 10_000, samband_dialog: dialog.id }));
  const { memberId } = await run(ep.join(ROOM, { flags }));
  return { phone, ep, dialog, memberId };
}

/** Records what reaches a connection under each ESL event name. */
function record(ms: FakeMediaServer, names: string[]): { name: string; evt: EslEvent }[] {
  const seen: { name: string; evt: EslEvent }[] = [];
  for (const name of names) ms.conn.on(name, (evt: EslEvent) => seen.push({ name, evt }));
  return seen;
}

function pending(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => !settled;
}

beforeEach(() => {
  clock = new FakeClock();
  backend = new FakeBackend(clock);
});

describe('FreeSWITCH API over the inbound connection', () => {
  it('conference <room> json_list: members newest first, flags, recordings', async () => {
    const gw = await startGateway();
    await run(gw.ms.createConference(ROOM, { maxMembers: 5 }));
    const a = await callInto(gw, '+46701000001', { moderator: true });
    const b = await callInto(gw, '+46701000002');
    expect(await gw.ms.api(`conference ${ROOM} mute ${b.memberId}`)).toBe(`+OK mute ${b.memberId}\n`);
    expect(await gw.ms.api(`conference ${ROOM} lock`)).toBe(`+OK ${ROOM} locked\n`);
    expect(await gw.ms.api(`conference ${ROOM} recording start /rec/w.wav`)).toBe(
      '+OK Record file /rec/w.wav\n',
    );
    a.ep.talk(true);

    const [conference, ...others] = JSON.parse(await gw.ms.api(`conference ${ROOM} json_list`));
    expect(others).toEqual([]);
    const control = backend.freeswitch.rooms.get(ROOM)?.members.keys().next().value as FakeEndpoint;
    expect(conference).toMatchObject({
      conference_name: ROOM,
      member_count: 3,
      conference_uuid: `conf-${ROOM}`,
      locked: true,
      recording: true,
      running: true,
      max_members: 5,
      variables: {},
    });
    const members = conference.members as Record<string, unknown>[];
    expect(members.map((m) => m.type)).toEqual(['recording_node', 'caller', 'caller', 'caller']);
    expect(members[0]).toEqual({ type: 'recording_node', record_path: '/rec/w.wav', join_time: 0 });
    expect(members.slice(1).map((m) => m.uuid)).toEqual([b.ep.uuid, a.ep.uuid, control.uuid]);
    expect(members[1]).toMatchObject({
      id: b.memberId,
      caller_id_name: 'unknown',
      caller_id_number: '0000000000',
      flags: { can_hear: true, can_speak: false, talking: false, is_moderator: false, end_conference: false },
    });
    expect(members[2]).toMatchObject({
      id: a.memberId,
      flags: { can_hear: true, can_speak: true, talking: true, is_moderator: true, end_conference: false },
    });
    expect(members[3]).toMatchObject({ flags: { can_speak: false, end_conference: true } });
  });

  it('json_list of a missing room, of all rooms; member ids come from one FreeSWITCH-wide pool', async () => {
    const gw = await startGateway();
    expect(await gw.ms.api('conference nope json_list')).toBe('-ERR Conference nope not found\n');
    expect(await gw.ms.api('conference json_list')).toBe('[]');
    await run(gw.ms.createConference(ROOM));
    const a = await callInto(gw, '+46701000001');
    await run(gw.ms.createConference('other'));
    const all = JSON.parse(await gw.ms.api('conference json_list compact'));
    expect(all.map((c: { conference_name: string }) => c.conference_name)).toEqual([ROOM, 'other']);
    // control of ROOM = 1, a = 2, control of 'other' = 3
    expect(a.memberId).toBe(2);
    expect(all[1].members[0].id).toBe(3);
    expect(all[0]).not.toHaveProperty('max_members');
  });

  it('uuid_getvar, uuid_exists, json mediaStats: known and unknown channels', async () => {
    const gw = await startGateway();
    await run(gw.ms.createConference(ROOM));
    const { ep, dialog } = await callInto(gw, '+46701000001');
    expect(await gw.ms.api(`uuid_getvar ${ep.uuid} samband_dialog`)).toBe(dialog.id);
    expect(await gw.ms.api(`uuid_getvar ${ep.uuid} media_timeout`)).toBe('10000');
    expect(await gw.ms.api(`uuid_getvar ${ep.uuid} samband_participant`)).toBe('_undef_');
    expect(await gw.ms.api('uuid_getvar 00000000-none samband_dialog')).toBe('-ERR No such channel!\n');
    expect(await gw.ms.api(`uuid_exists ${ep.uuid}`)).toBe('true');
    expect(await gw.ms.api('uuid_exists 00000000-none')).toBe('false');
    const stats = (uuid: string) => `json {"command":"mediaStats","data":{"uuid":"${uuid}"}}`;
    const reply = await gw.ms.api(stats(ep.uuid));
    expect(reply.endsWith('}\n')).toBe(true);
    expect(JSON.parse(reply)).toMatchObject({
      command: 'mediaStats',
      data: { uuid: ep.uuid },
      status: 'success',
      response: { audio: { in_packet_count: 2500, in_flaw_total: 25, in_jitter_max_variance: 12.5 } },
    });
    // A test scripts a call's RTP through the channel's rtp_audio_in_* variables.
    await run(ep.set({ rtp_audio_in_flaw_total: 40 }));
    expect(JSON.parse(await gw.ms.api(stats(ep.uuid))).response.audio.in_flaw_total).toBe(40);
    expect(await gw.ms.api(stats('00000000-none'))).toBe(
      '{"command":"mediaStats","data":{"uuid":"00000000-none"},"status":"error",' +
        '"message":"The command returned an error","response":{"response":"Session does not exist"}}\n',
    );
    expect(await gw.ms.api('json {"command":"mediaStats","data":{}}')).toBe(
      '{"command":"mediaStats","data":{},"status":"error",' +
        '"message":"The command returned an error","response":{"response":"INVALID INPUT"}}\n',
    );
    expect(await gw.ms.api('json {"command":"mediaStats"')).toBe('-ERR Parse error.\n');
    expect(await gw.ms.api('no_such_api x')).toBe('-ERR no_such_api Command not found!\n');
    // The endpoint's own api() runs the same commands.
    expect((await run(ep.api('uuid_getvar', `${ep.uuid} media_timeout`))).getBody()).toBe('10000');
  });

  it('uuid_kill hangs the channel up (given cause or NORMAL_CLEARING); the caller dialog stays', async () => {
    const gw = await startGateway();
    await run(gw.ms.createConference(ROOM));
    const a = await callInto(gw, '+46701000001');
    const b = await callInto(gw, '+46701000002');
    const reasons: unknown[] = [];
    a.ep.on('destroy', (info) => reasons.push(info));
    expect(await gw.ms.api(`uuid_kill ${a.ep.uuid}`)).toBe('+OK\n');
    expect(reasons).toEqual([{ reason: 'NORMAL_CLEARING' }]);
    expect(a.ep.hangupCause).toBe('NORMAL_CLEARING');
    expect(await gw.ms.api(`uuid_exists ${a.ep.uuid}`)).toBe('false');
    expect(gw.ms.members(ROOM)).toEqual([b.ep]);
    // FreeSWITCH's BYE ends fsmrf's dialog with the channel — not the phone's call.
    expect(a.ep.dialog.connected).toBe(false);
    expect(a.dialog.connected).toBe(true);
    expect(a.phone.inCall).toBe(true);
    expect(backend.openDialogs()).toBe(2);
    expect(await gw.ms.api(`uuid_kill ${b.ep.uuid} user_busy`)).toBe('+OK\n');
    expect(b.ep.hangupCause).toBe('USER_BUSY');
    expect(await gw.ms.api(`uuid_kill ${b.ep.uuid}`)).toBe('-ERR No such channel!\n');
    expect(backend.openCallChannels()).toBe(0);
  });
});

describe('events on inbound connections', () => {
  it('CHANNEL_HANGUP_COMPLETE, CUSTOM conference::maintenance and DTMF reach only subscribers', async () => {
    const gw = await startGateway();
    const onlyHangups = await connectAgain();
    const customFirst = await connectAgain();
    const closed = await connectAgain();
    await run(gw.ms.createConference(ROOM));
    const { ep, phone, memberId } = await callInto(gw, '+46701000001');
    gw.ms.conn.subscribe(RECOVERY_EVENTS);
    onlyHangups.conn.subscribe(['CHANNEL_HANGUP_COMPLETE']);
    // Every name after CUSTOM is a subclass: this asks for no DTMF events at all.
    customFirst.conn.subscribe(['CUSTOM conference::maintenance', 'DTMF']);
    closed.conn.subscribe(RECOVERY_EVENTS);
    closed.disconnect();
    const names = ['CHANNEL_HANGUP_COMPLETE', 'CUSTOM', 'DTMF'].map((n) => `esl::event::${n}::${ep.uuid}`);
    const [all, hangups, custom, none] = [gw.ms, onlyHangups, customFirst, closed].map((ms) =>
      record(ms, names),
    );

    ep.talk(true);
    ep.talk(false);
    phone.pressInCall('5');
    await gw.ms.api(`uuid_kill ${ep.uuid}`);

    expect(all?.map((e) => e.name)).toEqual([names[1], names[1], names[2], names[0]]);
    expect(all?.[0]?.evt.getHeader('Event-Subclass')).toBe('conference::maintenance');
    expect(all?.map((e) => e.evt.getHeader('Action'))).toEqual([
      'start-talking',
      'stop-talking',
      undefined,
      undefined,
    ]);
    expect(all?.[0]?.evt.getHeader('Member-ID')).toBe(String(memberId));
    expect(all?.[0]?.evt.getHeader('Conference-Name')).toBe(ROOM);
    expect(all?.[2]?.evt.getHeader('DTMF-Digit')).toBe('5');
    expect(all?.[3]?.evt.getHeader('Hangup-Cause')).toBe('NORMAL_CLEARING');
    expect(all?.every((e) => e.evt.getHeader('Unique-ID') === ep.uuid)).toBe(true);
    expect(hangups?.map((e) => e.name)).toEqual([names[0]]);
    expect(custom?.map((e) => e.evt.getHeader('Action'))).toEqual(['start-talking', 'stop-talking']);
    expect(none).toEqual([]);
    expect(gw.ms.conn.commands).toEqual([
      'event json CHANNEL_HANGUP_COMPLETE DTMF CUSTOM conference::maintenance',
    ]);
  });

  it('our destroy and a media time-out fire CHANNEL_HANGUP_COMPLETE with their causes', async () => {
    const gw = await startGateway();
    gw.ms.conn.subscribe(['CHANNEL_HANGUP_COMPLETE']);
    await run(gw.ms.createConference(ROOM));
    const a = await callInto(gw, '+46701000001');
    const b = await callInto(gw, '+46701000002');
    const seen = record(
      gw.ms,
      [a.ep.uuid, b.ep.uuid].map((u) => `esl::event::CHANNEL_HANGUP_COMPLETE::${u}`),
    );
    await run(a.ep.destroy());
    b.phone.setMedia(false);
    await advance(10_000);
    expect(seen.map((e) => [e.evt.getHeader('Unique-ID'), e.evt.getHeader('Hangup-Cause')])).toEqual([
      [a.ep.uuid, 'NORMAL_CLEARING'],
      [b.ep.uuid, 'MEDIA_TIMEOUT'],
    ]);
  });
});

describe('drachtio-server dialogs by id', () => {
  it('a BYE by stackDialogId from another Srf ends the phone call; an unknown id is refused', async () => {
    const gw = await startGateway();
    const other = await startGateway();
    await run(gw.ms.createConference(ROOM));
    const { phone, dialog } = await callInto(gw, '+46701000001');
    const heard: unknown[] = [];
    dialog.on('destroy', () => heard.push('destroy'));
    expect(dialog.id).toMatch(/^fake-call-\d+@samband\.test;from-tag=tag-\d+$/);
    expect(backend.drachtio.dialogs.get(dialog.id)).toBe(dialog);

    await expect(
      other.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: dialog.id }),
    ).resolves.toMatchObject({
      method: 'BYE',
      stackDialogId: dialog.id,
    });
    expect(phone.inCall).toBe(false);
    expect(phone.byesReceived).toBe(1);
    expect(dialog.connected).toBe(false);
    expect(backend.openDialogs()).toBe(0);
    expect(heard).toEqual([]);
    await expect(
      other.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: dialog.id }),
    ).rejects.toMatchObject({
      message: 'Server error: unable to find dialog for dialog id provided',
      code: 'ENODIALOG',
    });
    await expect(
      gw.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: 'nope;from-tag=x' }),
    ).rejects.toThrow(Error);
    await expect(gw.srf.request('sip:127.0.0.1:5080', { method: 'OPTIONS' })).resolves.toMatchObject({
      method: 'OPTIONS',
    });
    expect(backend.drachtio.inDialogRequests).toHaveLength(3);
  });
});

describe('a gateway crash', () => {
  it('silences the old objects and leaves rooms, channels, calls and dialogs running', async () => {
    const old = await startGateway();
    await run(old.ms.createConference(ROOM, { maxMembers: 4 }));
    const { ep, dialog, phone } = await callInto(old, '+46701000001');
    await old.ms.api(`conference ${ROOM} lock`);
    const heard: string[] = [];
    ep.on('destroy', () => heard.push('ep destroy'));
    ep.on('dtmf', () => heard.push('ep dtmf'));
    ep.addCustomEventListener('conference::maintenance', () => heard.push('ep talking'));
    dialog.on('destroy', () => heard.push('dialog destroy'));
    old.ms.on('end', () => heard.push('ms end'));
    old.srf.on('close', () => heard.push('srf close'));
    const inFlight = pending(old.ms.createEndpoint());

    backend.crashGateway();

    expect([ep.listenerCount('destroy'), dialog.listenerCount('destroy'), ep.customListeners.size]).toEqual([
      0, 0, 0,
    ]);
    expect([old.srf.connected, old.ms.connected]).toEqual([false, false]);
    const calls = [
      old.ms.api('status'),
      ep.set({ x: 1 }),
      ep.destroy(),
      dialog.destroy(),
      old.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: dialog.id }),
    ].map(pending);
    ep.talk(true);
    phone.pressInCall('1');
    await advance(60_000);
    expect([...calls, inFlight].map((isPending) => isPending())).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(heard).toEqual([]);
    expect(backend.freeswitch.rooms.get(ROOM)?.locked).toBe(true);
    expect(backend.freeswitch.members(ROOM)).toEqual([ep]);
    expect(backend.openCallChannels()).toBe(1);
    expect(backend.openDialogs()).toBe(1);
    expect([phone.inCall, dialog.connected, ep.connected]).toEqual([true, true, true]);
  });

  it('a restarted gateway sees the same world; a phone hang-up gets 481, its channel times out', async () => {
    const old = await startGateway();
    await run(old.ms.createConference(ROOM));
    const { ep, dialog, phone } = await callInto(old, '+46701000001');
    backend.crashGateway();

    const gw = await startGateway();
    expect(backend.srf()).toBe(gw.srf);
    expect(backend.mediaServer()).toBe(gw.ms);
    expect(gw.ms.rooms.get(ROOM)?.members.get(ep)).toBeDefined();
    await expect(gw.ms.createConference(ROOM)).rejects.toBe('conference exists');
    const [listed] = JSON.parse(await gw.ms.api(`conference ${ROOM} json_list`));
    expect(listed.members.map((m: { uuid: string }) => m.uuid)).toContain(ep.uuid);
    expect(await gw.ms.api(`uuid_getvar ${ep.uuid} samband_dialog`)).toBe(dialog.id);
    gw.ms.conn.subscribe(['CHANNEL_HANGUP_COMPLETE']);
    const hangups = record(gw.ms, [`esl::event::CHANNEL_HANGUP_COMPLETE::${ep.uuid}`]);

    phone.hangUp();
    expect(dialog.byeAnswer).toBe(481);
    expect(backend.openDialogs()).toBe(0);
    await expect(
      gw.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: dialog.id }),
    ).rejects.toThrow(/unable to find dialog/);
    await advance(9_999);
    expect(await gw.ms.api(`uuid_exists ${ep.uuid}`)).toBe('true');
    expect(hangups).toEqual([]);
    await advance(1);
    expect(hangups.map((e) => e.evt.getHeader('Hangup-Cause'))).toEqual(['MEDIA_TIMEOUT']);
    expect(await gw.ms.api(`uuid_exists ${ep.uuid}`)).toBe('false');
    expect(gw.ms.members(ROOM)).toEqual([]);
    expect(backend.openCallChannels()).toBe(0);
  });

  it('a restarted gateway ends a surviving call by dialog id and uuid_kill', async () => {
    const old = await startGateway();
    await run(old.ms.createConference(ROOM));
    const { ep, dialog, phone } = await callInto(old, '+46701000001');
    backend.crashGateway();
    const gw = await startGateway();
    const dialogId = await gw.ms.api(`uuid_getvar ${ep.uuid} samband_dialog`);
    await gw.srf.request('sip:placeholder', { method: 'BYE', stackDialogId: dialogId });
    expect(await gw.ms.api(`uuid_kill ${ep.uuid}`)).toBe('+OK\n');
    await flushPromises();
    expect([phone.inCall, phone.byesReceived, dialog.byeSent]).toEqual([false, 1, true]);
    expect([backend.openDialogs(), backend.openCallChannels(), backend.openChannels()]).toEqual([0, 0, 1]);
  });
});
