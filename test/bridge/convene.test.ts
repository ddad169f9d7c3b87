import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryConferenceStateStore } from '../../bridge/conference-store.js';
import type { Core } from '../../bridge/core.js';
import { ConflictError, ValidationError } from '../../bridge/errors.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ParticipantSpec } from '../../bridge/model.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedTelephony } from '../support/scripted-ports.js';

const participant = (id: string, n: number, tags: ParticipantSpec['tags']): ParticipantSpec => ({
  id,
  name: `TiB ${id}`,
  organisation: id,
  phoneNumbers: [`+4670174061${n}`],
  priority: 3,
  tags,
});
const participants = [
  participant('lst', 0, { sector: ['lansstyrelse'] }),
  participant('umea', 1, { area: ['umealven'], sector: ['kommun'] }),
  participant('vannas', 2, { area: ['umealven'], sector: ['kommun'] }),
  participant('vattenfall', 3, { area: ['umealven'], sector: ['dammagare'] }),
  participant('polisen', 4, { sector: ['polis'] }),
];
const FLOODS = { tags: { area: ['umealven'], sector: ['kommun', 'dammagare'] } };

describe('convening on the spot (issue 12)', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  function aCore(store = new InMemoryConferenceStateStore(), telephony = new ScriptedTelephony()) {
    const clock = new FakeClock();
    const core = testCore({
      participants,
      telephony,
      clock,
      conferenceStore: store,
      conferences: [
        { id: 'vk', name: 'Veckokonferens', roster: ['lst', 'polisen', 'umea'], conveneOnStart: false },
        { id: 'alv', name: 'Älvgruppen', roster: ['lst'], conveneOnStart: false },
      ],
    });
    cores.push(core);
    const events: ConferenceEvent[] = [];
    core.events.on('conference.event', (e) => events.push(e));
    return { core, events, store, telephony, clock };
  }

  it('convenes with a subject and a selection that replaces or extends the configured roster', async () => {
    const { core, events, telephony } = aCore();
    const snapshot = await core.convene('alv', 'tib', {
      subject: 'Höga flöden Umeälven',
      selection: FLOODS,
      mode: 'extend',
    });
    expect(snapshot).toMatchObject({
      subject: 'Höga flöden Umeälven',
      roster: ['lst', 'umea', 'vannas', 'vattenfall'],
      state: 'convening',
    });
    expect([...telephony.pending.keys()].sort()).toEqual(['lst', 'umea']);
    expect(events[0]).toMatchObject({
      type: 'convening',
      by: 'tib',
      subject: 'Höga flöden Umeälven',
      roster: ['lst', 'umea', 'vannas', 'vattenfall'],
    });
    await core.end('alv', 'tib');
    // The next plain convene calls the configured roster again, without a subject.
    expect(await core.convene('alv', 'tib')).toMatchObject({ subject: null, roster: ['lst'] });
  });

  it('says who is busy in another live conference, refuses naming all of them, or leaves them out', async () => {
    const { core } = aCore();
    await core.convene('vk', 'tib');
    const preview = core.previewConvene('alv', { selection: { add: ['lst', 'umea', 'vattenfall'] } });
    expect(preview.selected.map((e) => [e.participantId, e.busyIn])).toEqual([
      ['lst', 'vk'],
      ['umea', 'vk'],
      ['vattenfall', null],
    ]);
    expect(preview.counts).toEqual({ selected: 3, busy: 2, toCall: 3 });
    const refused = core.convene('alv', 'tib', { selection: { add: ['lst', 'umea', 'vattenfall'] } });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow('already in a running conference: lst (in vk), umea (in vk)');
    const skipped = await core.convene('alv', 'tib', {
      selection: { add: ['lst', 'umea', 'vattenfall'] },
      skipBusy: true,
    });
    expect(skipped.roster).toEqual(['vattenfall']);
    expect(core.previewConvene('alv', { skipBusy: true }).counts).toMatchObject({ selected: 1 });
  });

  it('refuses a selection of nobody, an unknown id or tag key, and an over-long subject', async () => {
    const { core } = aCore();
    await expect(
      core.convene('alv', 'tib', { selection: { tags: { area: ['torneälven'] } } }),
    ).rejects.toThrow('the selection selects nobody to call');
    expect(() => core.previewConvene('alv', { selection: { add: ['ghost'] } })).toThrow(ValidationError);
    expect(() => core.previewConvene('alv', { selection: { tags: { omrade: ['x'] } } })).toThrow(
      'no participant has tag key "omrade" (known keys: sector, area)',
    );
    expect(() => core.previewConvene('alv', { subject: 'x'.repeat(121) })).toThrow(ValidationError);
    expect(core.conference('alv').state).toBe('idle');
  });

  it('keeps the roster and subject with the conference, so a restart resumes the same roster', async () => {
    const store = new InMemoryConferenceStateStore();
    const first = aCore(store);
    await first.core.convene('alv', 'tib', { subject: 'Dammbrott', selection: FLOODS });
    await flushPromises();
    expect((await store.load())[0]).toMatchObject({
      conferenceId: 'alv',
      state: 'convening',
      run: { roster: ['umea', 'vannas', 'vattenfall'], subject: 'Dammbrott' },
    });
    await first.core.close();
    cores.splice(0);

    const second = aCore(store);
    await second.core.start();
    expect(second.core.conference('alv')).toMatchObject({
      state: 'active',
      subject: 'Dammbrott',
      roster: ['umea', 'vannas', 'vattenfall'],
    });
    expect(second.events[0]).toMatchObject({ type: 'active', subject: 'Dammbrott' });
  });
});
