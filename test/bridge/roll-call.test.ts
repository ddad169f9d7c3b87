/** The roll call (upprop): order from the roster, status from the running conference. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../bridge/core.js';
import { NotFoundError } from '../../bridge/errors.js';
import type { ParticipantSpec } from '../../bridge/model.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../support/scripted-ports.js';

function spec(id: string, priority: number, radio = true): ParticipantSpec {
  return {
    id,
    name: id.toUpperCase(),
    organisation: `org-${id}`,
    phoneNumbers: [`+4670${id.length}000`],
    ...(radio ? { radio: { issi: `23410${priority}${id.length}` } } : {}),
    priority,
  };
}

// Roster order deliberately differs from priority order.
const participants = [
  spec('kommun', 3),
  spec('polisen', 1),
  spec('sos', 3),
  spec('region', 2, false),
  spec('kraft', 3),
];

describe('roll call', () => {
  const clock = new FakeClock();
  const telephony = new ScriptedTelephony();
  let core: Core;

  afterEach(async () => {
    await core.close();
  });

  function build(): Core {
    core = testCore({
      participants,
      radios: [{ terminal: new ScriptedRadio(), talkgroup: '9101' }],
      telephony,
      clock,
      timings: { redialIntervalMs: 0, maxConcurrentCallOuts: 10 },
      announceBySds: false,
    });
    return core;
  }

  it('orders by priority, then roster order, and lists everyone as not in before convening', () => {
    const call = build().rollCall('vk');
    expect(call.entries.map((e) => `${e.position}:${e.participantId}`)).toEqual([
      '1:polisen',
      '2:region',
      '3:kommun',
      '4:sos',
      '5:kraft',
    ]);
    expect(call).toMatchObject({
      conferenceId: 'vk',
      name: 'Veckokonferens',
      state: 'idle',
      at: '2026-11-28T09:00:00.000Z',
    });
    expect(call.entries.every((e) => e.status === 'not-in' && e.via === 'none')).toBe(true);
    expect(call.counts).toEqual({ in: 0, phone: 0, radio: 0, onSite: 0, waiting: 0, notIn: 5, removed: 0 });
    expect(() => core.rollCall('nope')).toThrow(NotFoundError);
  });

  it('shows who is in over which path, who is muted or removed, and the last call outcome', async () => {
    build();
    await core.convene('vk', 'host');
    await flushPromises();
    telephony.answer('polisen');
    telephony.answer('kommun');
    telephony.answer('sos');
    telephony.fail('region', 'busy');
    telephony.fail('kraft', 'no-answer');
    await flushPromises();
    telephony.drop('kommun');
    await core.setMuted('polisen', true, 'tib');
    await core.removeParticipant('sos', 'tib');

    const { entries, counts } = core.rollCall('vk');
    const byId = Object.fromEntries(entries.map((e) => [e.participantId, e]));
    expect(byId.polisen).toMatchObject({
      status: 'in',
      via: 'phone',
      muted: true,
      lastCallOutcome: 'answered',
    });
    expect(byId.kommun).toMatchObject({ status: 'in', via: 'radio', phoneConnected: false });
    expect(byId.sos).toMatchObject({ status: 'removed', via: 'none', removed: true });
    // No radio configured and the phone is busy: not in, and why.
    expect(byId.region).toMatchObject({ status: 'not-in', via: 'none', lastCallOutcome: 'busy' });
    expect(byId.kraft).toMatchObject({ status: 'in', via: 'radio', lastCallOutcome: 'no-answer' });
    expect(counts).toEqual({ in: 3, phone: 1, radio: 2, onSite: 0, waiting: 0, notIn: 1, removed: 1 });
  });

  it('counts a member marked on site as in via on-site, unless phone or radio carries it', async () => {
    build();
    await core.convene('vk', 'host');
    await flushPromises();
    telephony.answer('polisen');
    telephony.fail('region', 'busy');
    telephony.answer('sos');
    telephony.fail('kommun', 'no-answer');
    telephony.fail('kraft', 'no-answer');
    await flushPromises();
    await core.removeParticipant('sos', 'tib');
    // region: no radio and no phone; sos: hung up by the host; polisen: on the phone as well.
    for (const id of ['region', 'sos', 'polisen']) core.setOnSite(id, true, 'tib');

    const { entries, counts } = core.rollCall('vk');
    const byId = Object.fromEntries(entries.map((e) => [e.participantId, e]));
    expect(byId.region).toMatchObject({
      status: 'in',
      via: 'on-site',
      onSite: true,
      lastCallOutcome: 'busy',
    });
    expect(byId.sos).toMatchObject({ status: 'in', via: 'on-site', onSite: true, removed: true });
    expect(byId.polisen).toMatchObject({ status: 'in', via: 'phone', onSite: true });
    expect(byId.kommun).toMatchObject({ status: 'in', via: 'radio', onSite: false });
    expect(counts).toEqual({ in: 5, phone: 1, radio: 2, onSite: 2, waiting: 0, notIn: 0, removed: 0 });

    core.setOnSite('region', false, 'tib');
    expect(core.rollCall('vk').entries.find((e) => e.participantId === 'region')).toMatchObject({
      status: 'not-in',
      via: 'none',
      onSite: false,
    });
    await core.end('vk', 'tib');
    // Ended: nobody is in, on site or not.
    expect(core.rollCall('vk').counts).toMatchObject({ in: 0, onSite: 0 });
  });

  it('a call-out held for capacity is waiting, with the reason, and so is everyone queued behind it', async () => {
    core = testCore({
      participants,
      telephony,
      clock,
      timings: { redialIntervalMs: 0, maxConcurrentCallOuts: 2 },
      announceBySds: false,
    });
    await core.convene('vk', 'host');
    await flushPromises();
    const full = 'capacity: media server sessions full (max-sessions 600, 10 kept free)';
    telephony.answer('polisen');
    await flushPromises();
    telephony.events.emit('call.waiting', { conferenceId: 'vk', participantId: 'region', reason: full });
    let byId = Object.fromEntries(core.rollCall('vk').entries.map((e) => [e.participantId, e]));
    expect(byId.polisen).toMatchObject({ status: 'in', waiting: null });
    expect(byId.region).toMatchObject({ status: 'waiting', via: 'none', waiting: full });
    // kommun holds the slot polisen freed; sos and kraft are queued behind the full media server.
    expect(byId.sos).toMatchObject({ status: 'waiting', waiting: full });
    expect(byId.kraft).toMatchObject({ status: 'waiting', waiting: full });
    expect(byId.kommun).toMatchObject({ status: 'not-in', waiting: null });
    expect(core.rollCall('vk').counts).toMatchObject({ in: 1, waiting: 3, notIn: 1 });
    expect(core.conference('vk').members.find((m) => m.participantId === 'region')?.waiting).toBe(full);

    telephony.events.emit('call.waiting', { conferenceId: 'vk', participantId: 'region', reason: null });
    byId = Object.fromEntries(core.rollCall('vk').entries.map((e) => [e.participantId, e]));
    expect(byId.region).toMatchObject({ status: 'not-in', waiting: null });
    expect(byId.sos?.waiting).toBe('call-out queue: waiting for a free call-out slot');
  });
});
