import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryConferenceStateStore } from '../../bridge/conference-store.js';
import type { Core } from '../../bridge/core.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ParticipantSpec } from '../../bridge/model.js';
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
    conferenceIds = ['vk'],
  ): { core: Core; events: ConferenceEvent[] } {
    const core = testCore({
      participants,
      telephony,
      clock,
      conferenceStore: store,
      conferences: conferenceIds.map((id) => ({ id, name: id, roster: ids, conveneOnStart })),
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
      { conferenceId: 'vk', state: 'convening', since: '2026-11-28T09:00:00.000Z' },
    ]);
    clock.advance(1_000);
    for (const id of ids) if (telephony.pending.has(id)) telephony.answer(id);
    await flushPromises();
    if (telephony.pending.has('kraft')) telephony.answer('kraft');
    await flushPromises();
    expect(core.conference('vk').state).toBe('active');
    expect(await store.load()).toEqual([
      { conferenceId: 'vk', state: 'active', since: '2026-11-28T09:00:01.000Z' },
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
