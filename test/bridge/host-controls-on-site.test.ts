/**
 * The host marks members present at the conference's meeting place (på plats, issue 11 item 3):
 * a presence flag, audited with `by`, kept with the host flags, never a path. In fake time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryConferenceStateStore } from '../../bridge/conference-store.js';
import type { Core } from '../../bridge/core.js';
import { ConflictError, CoreErrorCodes, NotFoundError } from '../../bridge/errors.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ConferenceSnapshot, ConferenceSpec, ParticipantSpec } from '../../bridge/model.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedTelephony } from '../support/scripted-ports.js';

const participant = (id: string, n: number): ParticipantSpec => ({
  id,
  name: id,
  organisation: id,
  phoneNumbers: [`+4670174060${n}`],
  priority: n,
});
const participants = [participant('polisen', 1), participant('regionen', 2), participant('kraft', 3)];
const PLACE = {
  name: 'Länsstyrelsen, sal Vänern',
  address: 'Södra Hamngatan 3, Göteborg',
  note: 'Ta med RAKEL',
};
const VK: ConferenceSpec = {
  id: 'vk',
  name: 'Veckokonferens',
  roster: participants.map((p) => p.id),
  conveneOnStart: false,
  onSite: PLACE,
};

describe('host controls: on site (på plats)', () => {
  let clock: FakeClock;
  let telephony: ScriptedTelephony;
  let store: InMemoryConferenceStateStore;
  const cores: Core[] = [];
  let events: ConferenceEvent[];
  let snapshots: ConferenceSnapshot[];

  function build(conferences: ConferenceSpec[] = [VK]): Core {
    const core = testCore({ participants, telephony, clock, conferences, conferenceStore: store });
    cores.push(core);
    events = [];
    snapshots = [];
    core.events.on('conference.event', (e) => events.push(e));
    core.events.on('conference.changed', (e) => snapshots.push(e.conference));
    return core;
  }

  async function running(core: Core): Promise<void> {
    await core.start();
    await core.convene('vk', 'tib');
    await flushPromises();
    // Two call-out slots: kraft is called once one of the first two settles.
    telephony.answer('polisen');
    telephony.fail('regionen', 'no-answer');
    await flushPromises();
    telephony.fail('kraft', 'failed');
    await flushPromises();
  }

  const member = (core: Core, id: string) =>
    core.conference('vk').members.find((m) => m.participantId === id);
  const onSiteEvents = () =>
    events.filter((e) => e.type === 'on-site-marked' || e.type === 'on-site-cleared');

  beforeEach(() => {
    clock = new FakeClock();
    telephony = new ScriptedTelephony();
    store = new InMemoryConferenceStateStore();
  });

  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('shows the configured meeting place in the conference snapshot, and null when none is agreed', () => {
    const core = build([VK, { ...VK, id: 'utan', onSite: undefined }]);
    expect(core.conference('vk').onSite).toEqual(PLACE);
    expect(core.conference('utan').onSite).toBeNull();
  });

  it('marks and clears a member, audited with who did it, without touching calls or paths', async () => {
    const core = build();
    await running(core);
    const callsBefore = telephony.callLog.length;
    const pathBefore = core.participant('regionen').path;
    snapshots = [];

    const marked = core.setOnSite('regionen', true, 'tib-anna');
    expect(marked).toMatchObject({ participantId: 'regionen', onSite: true, activePath: 'none' });
    expect(onSiteEvents()).toEqual([
      {
        conferenceId: 'vk',
        type: 'on-site-marked',
        at: '2026-11-28T09:00:00.000Z',
        participantId: 'regionen',
        by: 'tib-anna',
      },
    ]);
    expect(snapshots.at(-1)?.members.find((m) => m.participantId === 'regionen')?.onSite).toBe(true);
    expect(telephony.callLog.length).toBe(callsBefore);
    expect(core.participant('regionen').path).toEqual(pathBefore);

    // Marking again changes nothing and is not audited twice.
    core.setOnSite('regionen', true, 'tib-anna');
    expect(onSiteEvents()).toHaveLength(1);

    clock.advance(60_000);
    expect(core.setOnSite('regionen', false, 'tib-bo').onSite).toBe(false);
    expect(onSiteEvents().at(-1)).toMatchObject({
      type: 'on-site-cleared',
      participantId: 'regionen',
      by: 'tib-bo',
    });
    expect(member(core, 'regionen')?.onSite).toBe(false);
  });

  it('may mark a member the host removed (its phone hung up because it walked into the room)', async () => {
    const core = build();
    await running(core);
    await core.removeParticipant('polisen', 'tib');
    expect(core.setOnSite('polisen', true, 'tib')).toMatchObject({ removed: true, onSite: true });
  });

  it('refuses outside a running conference, and an unknown participant', async () => {
    const core = build();
    await core.start();
    expect(() => core.setOnSite('regionen', true, 'tib')).toThrow(ConflictError);
    expect(() => core.setOnSite('regionen', true, 'tib')).toThrow(
      expect.objectContaining({ code: CoreErrorCodes.CONFERENCE_STATE }),
    );
    expect(() => core.setOnSite('nobody', true, 'tib')).toThrow(NotFoundError);
    await core.convene('vk', 'tib');
    await core.end('vk', 'tib');
    expect(() => core.setOnSite('regionen', true, 'tib')).toThrow(ConflictError);
  });

  it('is kept with the host flags, survives a restart, and a new convene clears it', async () => {
    const core = build();
    await running(core);
    core.setOnSite('kraft', true, 'tib');
    core.setOnSite('regionen', true, 'tib');
    expect(await core.stateSaved()).toBe(true);
    expect((await store.load())[0]?.host?.onSite).toEqual(['kraft', 'regionen']);
    core.setOnSite('regionen', false, 'tib');
    await core.stateSaved();
    expect((await store.load())[0]?.host?.onSite).toEqual(['kraft']);
    await core.close();

    const restarted = build();
    await restarted.start();
    expect(restarted.conference('vk').state).toBe('active');
    expect(member(restarted, 'kraft')?.onSite).toBe(true);
    expect(member(restarted, 'regionen')?.onSite).toBe(false);
    expect(restarted.rollCall('vk').entries.find((e) => e.participantId === 'kraft')).toMatchObject({
      status: 'in',
      via: 'on-site',
    });

    await restarted.end('vk', 'tib');
    await restarted.convene('vk', 'tib');
    expect(member(restarted, 'kraft')?.onSite).toBe(false);
    await restarted.stateSaved();
    expect((await store.load())[0]?.host?.onSite).toBeUndefined();
  });
});
