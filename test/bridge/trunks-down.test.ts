import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../bridge/core.js';
import type { DomainEvents } from '../../bridge/events.js';
import type { ParticipantSpec } from '../../bridge/model.js';
import type { TrunkStatus } from '../../bridge/trunk-status.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../support/scripted-ports.js';

const participants: ParticipantSpec[] = [
  {
    id: 'polisen',
    name: 'Polisen',
    organisation: 'P',
    phoneNumbers: ['+46701740605'],
    radio: { issi: '2341001' },
    priority: 1,
  },
  {
    id: 'regionen',
    name: 'Regionen',
    organisation: 'R',
    phoneNumbers: ['+46701740606'],
    radio: { issi: '2341002' },
    priority: 2,
  },
];

const trunk = (id: string, state: TrunkStatus['state']): TrunkStatus => ({
  id,
  state,
  since: '2026-03-02T08:00:00.000Z',
  reason: state === 'down' ? 'timeout' : 'options-200',
  registration: 'none',
  rttMs: state === 'up' ? 12 : null,
});

describe('trunks down (issue 9)', () => {
  let clock: FakeClock;
  let telephony: ScriptedTelephony;
  let radio: ScriptedRadio;
  let core: Core;

  beforeEach(async () => {
    clock = new FakeClock();
    telephony = new ScriptedTelephony();
    radio = new ScriptedRadio();
    core = testCore({
      participants,
      radios: [{ terminal: radio, talkgroup: '9101' }],
      telephony,
      clock,
    });
    await core.convene('vk', 'host');
    await flushPromises();
    telephony.answer('polisen');
    telephony.answer('regionen');
    await flushPromises();
  });

  afterEach(async () => {
    await core.close();
  });

  const path = (id: string) => core.participant(id).path;

  it('moves every phone-path participant to radio at once, with the failover SDS, and back by the failback rule', async () => {
    const changed: DomainEvents['trunk.changed'][] = [];
    core.events.on('trunk.changed', (e) => changed.push(e));
    telephony.events.emit('trunks.status', { usable: true, trunks: [trunk('a', 'up'), trunk('b', 'up')] });
    expect(path('polisen').active).toBe('phone');

    telephony.events.emit('trunks.status', {
      usable: false,
      trunks: [trunk('a', 'down'), trunk('b', 'down')],
    });
    expect(path('polisen')).toMatchObject({ active: 'radio', reason: 'trunks-down' });
    expect(path('regionen').active).toBe('radio');
    expect(core.participant('polisen').links.phone).toMatchObject({ state: 'down', reason: 'trunks-down' });
    await flushPromises();
    expect(radio.sent.map((s) => s.to).sort()).toEqual(['2341001', '2341002']);
    expect(core.trunks().map((t) => t.state)).toEqual(['down', 'down']);
    expect(core.trunksUsable()).toBe(false);
    // Each change says whether some trunk is usable after it (the board's and OPC UA's alarm).
    expect(changed.map((e) => `${e.trunk.id}:${e.trunk.state}:${e.usable}`)).toEqual([
      'a:up:true',
      'b:up:true',
      'a:down:false',
      'b:down:false',
    ]);

    // Quality samples of calls still up do not bring the link back while no trunk is usable.
    for (const packets of [1_000, 1_250, 1_500]) {
      clock.advance(5_000);
      telephony.events.emit('call.quality', {
        conferenceId: 'vk',
        participantId: 'polisen',
        counters: { packets, lost: 0 },
      });
    }
    expect(core.participant('polisen').links.phone.state).toBe('down');

    telephony.events.emit('trunks.status', { usable: true, trunks: [trunk('a', 'up'), trunk('b', 'down')] });
    expect(core.participant('polisen').links.phone).toMatchObject({ state: 'up', reason: 'trunks-up' });
    expect(path('polisen').active).toBe('radio');
    clock.advance(5_000);
    expect(path('polisen').active).toBe('phone');
    expect(path('regionen').active).toBe('phone');
  });

  it('a report that changes nothing moves nobody', () => {
    telephony.events.emit('trunks.status', { usable: true, trunks: [trunk('a', 'down'), trunk('b', 'up')] });
    expect(path('polisen').active).toBe('phone');
  });
});
