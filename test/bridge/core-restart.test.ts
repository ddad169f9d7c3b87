import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryConferenceStateStore, type PersistedHostFlags } from '../../bridge/conference-store.js';
import type { Core } from '../../bridge/core.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ConferenceSpec, ParticipantSpec } from '../../bridge/model.js';
import { captureLogger } from '../support/capture-logger.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedTelephony } from '../support/scripted-ports.js';

const participant = (id: string, n: number, priority = 2): ParticipantSpec => ({
  id,
  name: id,
  organisation: id,
  phoneNumbers: [`+4670174060${n}`],
  priority,
});
const participants = [participant('polisen', 5, 1), participant('regionen', 6), participant('kraft', 7)];
const ids = participants.map((p) => p.id);
const REDIAL_MS = 3_000;
const NO_FLAGS: PersistedHostFlags = { locked: false, muted: [], removed: [], recording: null };
const RUN = { roster: ids, subject: null };

describe('core restart: resuming the conferences that were running', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  function aCore(
    clock: FakeClock,
    telephony: ScriptedTelephony,
    store: InMemoryConferenceStateStore,
    conveneOnStart = false,
  ): { core: Core; events: ConferenceEvent[] } {
    const core = testCore({
      participants,
      telephony,
      clock,
      conferenceStore: store,
      conferences: [{ id: 'vk', name: 'vk', roster: ids, conveneOnStart }],
    });
    cores.push(core);
    const events: ConferenceEvent[] = [];
    core.events.on('conference.event', (e) => events.push(e));
    return { core, events };
  }

  it('saves every state change of a conference', async () => {
    const clock = new FakeClock();
    const store = new InMemoryConferenceStateStore();
    const telephony = new ScriptedTelephony();
    const { core } = aCore(clock, telephony, store);
    await core.start();
    await core.convene('vk', 'host');
    await flushPromises();
    expect(await store.load()).toEqual([
      { conferenceId: 'vk', state: 'convening', since: '2026-11-28T09:00:00.000Z', host: NO_FLAGS, run: RUN },
    ]);
    clock.advance(1_000);
    for (const id of ids) if (telephony.pending.has(id)) telephony.answer(id);
    await flushPromises();
    if (telephony.pending.has('kraft')) telephony.answer('kraft');
    await flushPromises();
    expect(core.conference('vk').state).toBe('active');
    expect(await store.load()).toEqual([
      { conferenceId: 'vk', state: 'active', since: '2026-11-28T09:00:01.000Z', host: NO_FLAGS, run: RUN },
    ]);
    await core.end('vk', 'host');
    await core.close();
    expect((await store.load())[0]?.state).toBe('ended');
  });

  it('resumes a running conference as active: recovered members connected, only the others called again', async () => {
    const clock = new FakeClock();
    const store = new InMemoryConferenceStateStore();
    await store.save({ conferenceId: 'vk', state: 'active', since: '2026-11-28T08:30:00.000Z' });
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen', 'regionen');
    // conveneOnStart must not re-convene a resumed conference.
    const { core, events } = aCore(clock, telephony, store, true);

    await core.start();
    await flushPromises();

    expect(telephony.recoveries).toEqual(['vk']);
    const vk = core.conference('vk');
    expect(vk.state).toBe('active');
    expect(vk.since).toBe('2026-11-28T08:30:00.000Z');
    expect(vk.members.filter((m) => m.phoneConnected).map((m) => m.participantId)).toEqual([
      'polisen',
      'regionen',
    ]);
    expect(core.participant('polisen').links.phone.state).toBe('up');
    expect(core.participant('polisen').path.active).toBe('phone');
    expect(telephony.callLog).toEqual([]);
    expect(
      events.filter((e) => e.type !== 'path-changed').map((e) => [e.type, e.participantId ?? e.reason]),
    ).toEqual([
      ['active', 'resumed-after-restart'],
      ['member-joined', 'polisen'],
      ['member-joined', 'regionen'],
      ['member-left', 'kraft'],
    ]);

    // The member whose call did not survive is redialled as after a drop; nobody else is.
    clock.advance(REDIAL_MS);
    await flushPromises();
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['kraft']);
    telephony.answer('kraft');
    await flushPromises();
    expect(core.conference('vk').members.every((m) => m.phoneConnected)).toBe(true);

    // A recovered call that later drops is an ordinary drop: link down, redialled.
    telephony.drop('polisen');
    await flushPromises();
    expect(core.participant('polisen').links.phone.state).toBe('down');
    clock.advance(REDIAL_MS);
    await flushPromises();
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['kraft', 'polisen']);

    // Ending hangs up the recovered call as well.
    await core.end('vk', 'host');
    expect(telephony.hangups).toContain('regionen');
    expect(telephony.connected.has('regionen')).toBe(false);
  });

  it('does not resume an ended conference, and convenes a conveneOnStart one as usual', async () => {
    const clock = new FakeClock();
    const store = new InMemoryConferenceStateStore();
    await store.save({ conferenceId: 'vk', state: 'ended', since: '2026-11-28T08:30:00.000Z' });
    const telephony = new ScriptedTelephony();
    const { core } = aCore(clock, telephony, store);
    await core.start();
    await flushPromises();
    expect(core.conference('vk').state).toBe('idle');
    expect(telephony.recoveries).toEqual([]);
    expect(telephony.callLog).toEqual([]);

    const again = aCore(new FakeClock(), new ScriptedTelephony(), store, true);
    await again.core.start();
    expect(again.core.conference('vk').state).toBe('convening');
  });

  it('forgets a running conference that is not configured any more', async () => {
    const store = new InMemoryConferenceStateStore();
    await store.save({ conferenceId: 'gone', state: 'active', since: '2026-11-28T08:30:00.000Z' });
    await store.save({ conferenceId: 'vk', state: 'convening', since: '2026-11-28T08:30:00.000Z' });
    const clock = new FakeClock();
    const telephony = new ScriptedTelephony();
    const { core } = aCore(clock, telephony, store);
    await core.start();
    await flushPromises();
    expect((await store.load()).map((c) => c.conferenceId)).toEqual(['vk']);
    // A conference that was still convening resumes as active from now.
    expect(core.conference('vk')).toMatchObject({ state: 'active', since: '2026-11-28T09:00:00.000Z' });
    expect(telephony.recoveries).toEqual(['vk']);
  });

  it('resumes conferences side by side: waits for the back end do not add up', async () => {
    const store = new InMemoryConferenceStateStore();
    for (const id of ['a', 'b'])
      await store.save({ conferenceId: id, state: 'active', since: '2026-11-28T08:30:00.000Z' });
    const clock = new FakeClock();
    const telephony = new ScriptedTelephony();
    // Each recovery waits 10 s for a back end that never comes (recoverWaitMs), then gives up.
    telephony.recoverConference = () =>
      new Promise((_, reject) => clock.setTimeout(() => reject(new Error('back end not up')), 10_000));
    const core = testCore({
      participants,
      telephony,
      clock,
      conferenceStore: store,
      conferences: [
        { id: 'a', name: 'a', roster: ['polisen'], conveneOnStart: false },
        { id: 'b', name: 'b', roster: ['regionen'], conveneOnStart: false },
      ],
    });
    cores.push(core);
    let started = false;
    void core.start().then(() => {
      started = true;
    });
    await flushPromises();
    clock.advance(10_000);
    await flushPromises();
    expect(started).toBe(true);
    expect([core.conference('a').state, core.conference('b').state]).toEqual(['active', 'active']);
  });

  it('redials every member when the adapter cannot recover calls', async () => {
    const store = new InMemoryConferenceStateStore();
    await store.save({ conferenceId: 'vk', state: 'active', since: '2026-11-28T08:30:00.000Z' });
    const clock = new FakeClock();
    const telephony = new ScriptedTelephony();
    telephony.recoverConference = async () => {
      throw new Error('media server gone');
    };
    const { core } = aCore(clock, telephony, store);
    await core.start();
    expect(core.conference('vk').state).toBe('active');
    expect(core.conference('vk').members.some((m) => m.phoneConnected)).toBe(false);
    clock.advance(REDIAL_MS);
    await flushPromises();
    // Two call slots: the third waits for one.
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['polisen', 'regionen']);
  });

  it('without a store every conference starts idle', async () => {
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen');
    const core = testCore({ participants, telephony, clock: new FakeClock() });
    cores.push(core);
    await core.start();
    expect(core.conference('vk').state).toBe('idle');
    expect(telephony.recoveries).toEqual([]);
  });
});

describe('core restart: the host flags survive it', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  const FILE = '/rec/vk.wav';
  const CONTINUATION = '/rec/vk-resumed-20261128T093000Z.wav';
  const RECORDING = { file: FILE, since: '2026-11-28T08:35:00.000Z' };
  /** The restarted gateway's clock: half an hour after the first one started. */
  const restartClock = () => new FakeClock(Date.parse('2026-11-28T09:30:00Z'));

  async function keptRunning(flags: Partial<PersistedHostFlags>): Promise<InMemoryConferenceStateStore> {
    const store = new InMemoryConferenceStateStore();
    await store.save({
      conferenceId: 'vk',
      state: 'active',
      since: '2026-11-28T08:30:00.000Z',
      host: { ...NO_FLAGS, ...flags },
    });
    return store;
  }

  function aCore(
    clock: FakeClock,
    telephony: ScriptedTelephony,
    store: InMemoryConferenceStateStore,
    conferences: ConferenceSpec[] = [{ id: 'vk', name: 'vk', roster: ids, conveneOnStart: false }],
  ) {
    const { logger, entries: log } = captureLogger();
    const core = testCore({ participants, telephony, clock, conferenceStore: store, conferences, logger });
    cores.push(core);
    const events: ConferenceEvent[] = [];
    core.events.on('conference.event', (e) => events.push(e));
    const member = (id: string) => core.conference('vk').members.find((m) => m.participantId === id);
    return { core, events, log, member };
  }

  async function answerEveryone(telephony: ScriptedTelephony): Promise<void> {
    for (let round = 0; round < 3; round++) {
      for (const id of ids) if (telephony.pending.has(id)) telephony.answer(id);
      await flushPromises();
    }
  }

  it('saves every host flag change with the conference state', async () => {
    const clock = new FakeClock();
    const store = new InMemoryConferenceStateStore();
    const telephony = new ScriptedTelephony();
    const { core } = aCore(clock, telephony, store);
    await core.start();
    await core.convene('vk', 'host');
    await answerEveryone(telephony);
    const kept = async () => (await store.load())[0]?.host;

    await core.setMuted('polisen', true, 'host');
    expect(await kept()).toEqual({ ...NO_FLAGS, muted: ['polisen'] });
    await core.removeParticipant('kraft', 'host');
    expect(await kept()).toEqual({ ...NO_FLAGS, muted: ['polisen'], removed: ['kraft'] });
    await core.setLocked('vk', true, 'host');
    clock.advance(5_000);
    await core.startRecording('vk', 'host');
    await flushPromises();
    expect(await store.load()).toEqual([
      {
        conferenceId: 'vk',
        state: 'active',
        since: '2026-11-28T09:00:00.000Z',
        host: {
          locked: true,
          muted: ['polisen'],
          removed: ['kraft'],
          recording: { file: 'recordings/vk-20261128T090005Z.wav', since: '2026-11-28T09:00:05.000Z' },
        },
        run: RUN,
      },
    ]);

    await core.setMuted('polisen', false, 'host');
    await core.readmit('kraft', 'host');
    await core.setLocked('vk', false, 'host');
    await core.stopRecording('vk', 'host');
    await flushPromises();
    expect(await kept()).toEqual(NO_FLAGS);
  });

  it('keeps the saves in order; a failed save is said, never fails the host command, and is tried again', async () => {
    const clock = new FakeClock();
    const store = new InMemoryConferenceStateStore();
    const telephony = new ScriptedTelephony();
    const { core, log } = aCore(clock, telephony, store);
    await core.start();
    await core.convene('vk', 'host');
    await answerEveryone(telephony);

    // The first save is slow: the later ones wait for it, so the last one written is the latest.
    let release = () => {};
    const save = store.save.bind(store);
    vi.spyOn(store, 'save')
      .mockImplementationOnce(async (row) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        await save(row);
      })
      .mockRejectedValueOnce(new Error('disk full'));
    await core.setMuted('polisen', true, 'host');
    await expect(core.setMuted('regionen', true, 'host')).resolves.toMatchObject({ muted: true });
    await core.setLocked('vk', true, 'host');
    await flushPromises();
    release();
    await flushPromises();
    expect(log).toContainEqual({
      level: 'error',
      obj: { writer: 'conference-state', reason: 'disk full', pendingWrites: 1 },
      msg: 'store writes failing: kept in memory and retried',
    });
    // The refused save was tried again with the next change, and everything is in.
    expect(core.storeHealth()).toMatchObject({ ok: true, pendingWrites: 0 });
    expect((await store.load())[0]?.host).toEqual({
      ...NO_FLAGS,
      locked: true,
      muted: ['polisen', 'regionen'],
    });
  });

  it('a restarted gateway resumes with the flags the host set: locked, recorded, muted, removed', async () => {
    const store = new InMemoryConferenceStateStore();
    const before = new ScriptedTelephony();
    const first = aCore(new FakeClock(), before, store);
    await first.core.start();
    await first.core.convene('vk', 'host');
    await answerEveryone(before);
    await first.core.setMuted('polisen', true, 'host');
    await first.core.removeParticipant('kraft', 'host');
    await first.core.setLocked('vk', true, 'host');
    const { recording } = await first.core.startRecording('vk', 'host');
    // Killed, not ended: the conference is still running in the store.
    await first.core.close();

    const clock = restartClock();
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen', 'regionen');
    telephony.survivingRecordings.set('vk', recording?.file ?? '');
    const { core, member } = aCore(clock, telephony, store);
    await core.start();
    await flushPromises();

    expect(telephony.portCalls).toEqual(['lock vk', 'recover vk', 'mute polisen']);
    expect(core.conference('vk')).toMatchObject({
      state: 'active',
      locked: true,
      recording: { file: 'recordings/vk-20261128T090000Z.wav', since: '2026-11-28T09:00:00.000Z' },
    });
    expect(member('polisen')).toMatchObject({ muted: true, removed: false, phoneConnected: true });
    expect(member('kraft')).toMatchObject({ muted: false, removed: true, phoneConnected: false });
    clock.advance(REDIAL_MS * 3);
    await flushPromises();
    expect(telephony.callLog).toEqual([]);
  });

  it('never redials a removed member, and hangs one up whose call was recovered', async () => {
    const store = await keptRunning({ removed: ['kraft', 'regionen'] });
    const clock = restartClock();
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen', 'regionen');
    const { core, events, member } = aCore(clock, telephony, store);
    await core.start();
    await flushPromises();

    expect(telephony.portCalls).toEqual(['recover vk', 'hangup regionen']);
    expect(telephony.connected.has('regionen')).toBe(false);
    expect(member('regionen')).toMatchObject({ removed: true, phoneConnected: false });
    expect(member('kraft')).toMatchObject({ removed: true, phoneConnected: false });
    expect(events.filter((e) => e.participantId === 'regionen').map((e) => [e.type, e.reason])).toEqual([
      ['member-joined', undefined],
      ['member-left', 'hangup'],
    ]);
    // No path is selected for a removed member (it would fail over to radio and be told by SDS).
    expect(core.participant('kraft').path.conferenceId).toBeNull();
    expect(core.participant('regionen').path.conferenceId).toBeNull();
    expect(core.participant('polisen').path.conferenceId).toBe('vk');

    clock.advance(REDIAL_MS * 3);
    await flushPromises();
    expect(telephony.callLog).toEqual([]);
    // Readmitted, a member is called at once, as before the restart.
    await core.readmit('kraft', 'host');
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['kraft']);
  });

  it('locks the conference again before re-attaching its room', async () => {
    const store = await keptRunning({ locked: true });
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen');
    const { core } = aCore(restartClock(), telephony, store);
    await core.start();
    expect(telephony.portCalls).toEqual(['lock vk', 'recover vk']);
    expect(core.conference('vk').locked).toBe(true);
  });

  it('resumes a locked conference even when the lock cannot be applied again, and logs it', async () => {
    const store = await keptRunning({ locked: true });
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen');
    vi.spyOn(telephony, 'setLocked').mockRejectedValueOnce(new Error('no such conference'));
    const { core, log, member } = aCore(restartClock(), telephony, store);
    await core.start();
    expect(telephony.portCalls).toEqual(['recover vk']);
    expect(core.conference('vk').state).toBe('active');
    expect(member('polisen')?.phoneConnected).toBe(true);
    expect(log).toContainEqual({
      level: 'error',
      obj: { err: new Error('no such conference'), conferenceId: 'vk' },
      msg: 'could not lock the conference again after restart',
    });
  });

  it('mutes a recovered muted member again, and a redialled one once it connects', async () => {
    const store = await keptRunning({ muted: ['kraft', 'polisen'] });
    const clock = restartClock();
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen', 'regionen');
    const { core, member } = aCore(clock, telephony, store);
    await core.start();
    await flushPromises();
    expect(telephony.controls).toEqual(['mute polisen']);
    expect(member('polisen')?.muted).toBe(true);
    expect(member('regionen')?.muted).toBe(false);
    expect(member('kraft')?.muted).toBe(true);

    clock.advance(REDIAL_MS);
    await flushPromises();
    telephony.answer('kraft');
    await flushPromises();
    expect(telephony.controls).toEqual(['mute polisen', 'mute kraft']);
  });

  it('keeps a recording that survived on the media server, with its start time', async () => {
    const store = await keptRunning({ recording: RECORDING });
    const telephony = new ScriptedTelephony();
    telephony.survivingRecordings.set('vk', FILE);
    const { core, events } = aCore(restartClock(), telephony, store);
    await core.start();
    await flushPromises();
    expect(core.conference('vk').recording).toEqual(RECORDING);
    expect(telephony.controls).toEqual([]);
    expect(events.filter((e) => e.type.startsWith('recording-'))).toEqual([]);
    expect((await store.load())[0]?.host?.recording).toEqual(RECORDING);
  });

  it.each([
    ['no recording survived', (_t: ScriptedTelephony) => {}],
    [
      'the room records to another file',
      (t: ScriptedTelephony) => t.survivingRecordings.set('vk', '/rec/x.wav'),
    ],
    [
      'recovering the room failed',
      (t: ScriptedTelephony) => {
        t.recoverConference = async () => {
          throw new Error('media server gone');
        };
      },
    ],
    [
      'the adapter cannot recover rooms',
      (t: ScriptedTelephony) => Object.assign(t, { recoverConference: undefined }),
    ],
  ])('records on to a continuation file when %s, never over the old one', async (_why, arrange) => {
    const store = await keptRunning({ recording: RECORDING });
    const telephony = new ScriptedTelephony();
    arrange(telephony);
    const { core, events } = aCore(restartClock(), telephony, store);
    await core.start();
    await flushPromises();

    expect(telephony.controls).toEqual([`record vk ${CONTINUATION}`]);
    const continued = { file: CONTINUATION, since: '2026-11-28T09:30:00.000Z' };
    expect(core.conference('vk').recording).toEqual(continued);
    expect(events.filter((e) => e.type.startsWith('recording-'))).toEqual([
      {
        conferenceId: 'vk',
        type: 'recording-started',
        at: '2026-11-28T09:30:00.000Z',
        reason: 'resumed-after-restart',
        detail: CONTINUATION,
      },
    ]);
    expect((await store.load())[0]?.host?.recording).toEqual(continued);
  });

  it('drops the recording, and says so, when the continuation cannot be started', async () => {
    const store = await keptRunning({ recording: RECORDING });
    const telephony = new ScriptedTelephony();
    const start = vi.spyOn(telephony, 'startRecording').mockRejectedValueOnce(new Error('disk full'));
    const { core, events, log } = aCore(restartClock(), telephony, store);
    await core.start();
    await flushPromises();

    expect(start.mock.calls).toEqual([['vk', CONTINUATION]]);
    expect(core.conference('vk')).toMatchObject({ state: 'active', recording: null });
    expect(events.filter((e) => e.type.startsWith('recording-'))).toEqual([
      {
        conferenceId: 'vk',
        type: 'recording-stopped',
        at: '2026-11-28T09:30:00.000Z',
        reason: 'not-resumed-after-restart',
        detail: FILE,
      },
    ]);
    expect((await store.load())[0]?.host?.recording).toBeNull();
    expect(log).toContainEqual({
      level: 'error',
      obj: { err: new Error('disk full'), conferenceId: 'vk', file: FILE },
      msg: 'recording not resumed after restart',
    });
  });

  it('a stuck media server on one conference keeps neither the start nor the next conference waiting', async () => {
    const store = await keptRunning({ recording: RECORDING });
    await store.save({ conferenceId: 'stab', state: 'active', since: '2026-11-28T08:00:00.000Z' });
    const telephony = new ScriptedTelephony();
    telephony.survive('stab', 'kraft');
    vi.spyOn(telephony, 'startRecording').mockReturnValue(new Promise(() => {}));
    const { core } = aCore(restartClock(), telephony, store, [
      { id: 'vk', name: 'vk', roster: ['polisen', 'regionen'], conveneOnStart: false },
      { id: 'stab', name: 'stab', roster: ['kraft'], conveneOnStart: false },
    ]);
    await core.start();
    expect(core.conference('stab')).toMatchObject({ state: 'active', since: '2026-11-28T08:00:00.000Z' });
    expect(core.conference('stab').members[0]?.phoneConnected).toBe(true);
    expect(core.conference('vk').state).toBe('active');
  });

  it('convening the conference anew resets the flags, and saves the reset', async () => {
    const store = await keptRunning({
      locked: true,
      muted: ['polisen'],
      removed: ['regionen'],
      recording: RECORDING,
    });
    const telephony = new ScriptedTelephony();
    telephony.survivingRecordings.set('vk', FILE);
    const { core, member } = aCore(restartClock(), telephony, store);
    await core.start();
    await flushPromises();
    expect(member('regionen')?.removed).toBe(true);
    await core.end('vk', 'host');
    await flushPromises();

    await core.convene('vk', 'host');
    await flushPromises();
    expect(await store.load()).toEqual([
      { conferenceId: 'vk', state: 'convening', since: '2026-11-28T09:30:00.000Z', host: NO_FLAGS, run: RUN },
    ]);
    expect(core.conference('vk')).toMatchObject({ locked: false, recording: null });
    expect(core.conference('vk').members.filter((m) => m.muted || m.removed)).toEqual([]);
    // Last time's removed member is called with the others (two call slots: polisen, then regionen).
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['polisen', 'regionen']);
  });
});
