import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../bridge/core.js';
import { ConflictError, NotFoundError, ValidationError } from '../../bridge/errors.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ParticipantSpec, VoicePath } from '../../bridge/model.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../support/scripted-ports.js';

const participants: ParticipantSpec[] = [
  {
    id: 'polisen',
    name: 'Polisregion Demo',
    organisation: 'Polismyndigheten',
    phoneNumbers: ['+46701740605'],
    radio: { issi: '2341001' },
    agentUsername: 'agent-polisen',
    priority: 1,
  },
  {
    id: 'regionen',
    name: 'Region Demo',
    organisation: 'Region Demo',
    phoneNumbers: ['+46701740606', '+46701740607'],
    radio: { issi: '2341002' },
    priority: 2,
  },
  {
    id: 'kraft',
    name: 'Demokraft',
    organisation: 'Demokraft AB',
    phoneNumbers: ['+46701740608'],
    priority: 5,
  },
];

describe('core', () => {
  let clock: FakeClock;
  let telephony: ScriptedTelephony;
  let radio: ScriptedRadio;
  let core: Core;
  let events: ConferenceEvent[];

  beforeEach(() => {
    clock = new FakeClock();
    telephony = new ScriptedTelephony();
    radio = new ScriptedRadio();
    core = testCore({
      participants,
      conferences: [
        { id: 'vk', name: 'Veckokonferens', roster: participants.map((p) => p.id), conveneOnStart: false },
        // Roster order deliberately not priority order.
        {
          id: 'extra',
          name: 'Extrakonferens',
          roster: ['kraft', 'regionen', 'polisen'],
          conveneOnStart: false,
        },
      ],
      radios: [{ terminal: radio, talkgroup: '9101' }],
      telephony,
      clock,
    });
    events = [];
    core.events.on('conference.event', (e) => events.push(e));
  });

  afterEach(async () => {
    await core.close();
  });

  const path = (id: string) => core.participant(id).path.active;
  const link = (id: string, p: 'phone' | 'radio' | 'agent') => core.participant(id).links[p];

  async function conveneAllAnswered(): Promise<void> {
    await core.convene('vk', 'host');
    await flushPromises();
    for (const p of participants) {
      if (telephony.pending.has(p.id)) telephony.answer(p.id);
      await flushPromises();
    }
    await flushPromises();
  }

  it('convenes: calls the roster with bounded concurrency and becomes active once all settle', async () => {
    const snapshot = await core.convene('vk', 'host');
    expect(snapshot.state).toBe('convening');
    await flushPromises();
    expect(telephony.pending.size).toBe(2);
    telephony.answer('polisen');
    await flushPromises();
    expect(telephony.pending.size).toBe(2);
    telephony.answer('regionen');
    await flushPromises();
    expect(core.conference('vk').state).toBe('convening');
    telephony.fail('kraft', 'busy');
    await flushPromises();
    expect(core.conference('vk').state).toBe('active');
    expect(path('polisen')).toBe('phone');
    expect(core.conference('vk').members.find((m) => m.participantId === 'kraft')).toMatchObject({
      lastCallOutcome: 'busy',
      phoneConnected: false,
    });
    expect(telephony.callLog.map((c) => c.numbers)).toContainEqual(['+46701740606', '+46701740607']);
  });

  it('calls out by priority when call slots are scarce', async () => {
    await core.convene('extra', 'host');
    await flushPromises();
    // Two slots: polisen (1) and regionen (2) ring first although kraft (5) is first in the roster.
    expect([...telephony.pending.keys()].sort()).toEqual(['polisen', 'regionen']);
    telephony.answer('regionen');
    await flushPromises();
    expect(telephony.pending.has('kraft')).toBe(true);
  });

  it('a dropped call fails over to radio, announces it by SDS, and the delivery proves the radio link', async () => {
    await conveneAllAnswered();
    telephony.drop('polisen', 'media-timeout');
    expect(path('polisen')).toBe('radio');
    await flushPromises();
    expect(radio.sent).toHaveLength(1);
    expect(radio.sent[0]).toMatchObject({ to: '2341001' });
    expect(radio.sent[0]?.text).toContain('9101');
    expect(link('polisen', 'radio')).toMatchObject({ state: 'up', reason: 'sds-delivered' });
    expect(events.find((e) => e.type === 'failover-announced')).toMatchObject({
      participantId: 'polisen',
      detail: 'delivered',
    });
  });

  it('redials a dropped participant and fails back only after the stable period', async () => {
    await conveneAllAnswered();
    telephony.drop('regionen');
    expect(path('regionen')).toBe('radio');
    clock.advance(2_999);
    expect(telephony.pending.has('regionen')).toBe(false);
    clock.advance(1);
    await flushPromises();
    expect(telephony.pending.has('regionen')).toBe(true);
    telephony.answer('regionen');
    await flushPromises();
    expect(link('regionen', 'phone').state).toBe('up');
    expect(path('regionen')).toBe('radio');
    clock.advance(5_000);
    expect(path('regionen')).toBe('phone');
  });

  it('keeps redialling an unanswered participant while the conference runs', async () => {
    await core.convene('vk', 'host');
    await flushPromises();
    telephony.fail('polisen', 'no-answer');
    await flushPromises();
    expect(link('polisen', 'phone')).toMatchObject({ state: 'down', reason: 'call-no-answer' });
    expect(path('polisen')).toBe('radio');
    clock.advance(3_000);
    await flushPromises();
    // The redial waits for a free call slot (two are busy ringing the others).
    expect(telephony.callLog.filter((c) => c.participantId === 'polisen')).toHaveLength(1);
    telephony.answer('regionen');
    await flushPromises();
    expect(telephony.callLog.filter((c) => c.participantId === 'polisen')).toHaveLength(2);
  });

  it('poor RTP quality degrades the phone link and fails over after degradedForMs', async () => {
    await conveneAllAnswered();
    telephony.quality('polisen', { packets: 1000, lost: 0, jitterPeakMs: 10 });
    clock.advance(5_000);
    // 5 s at 50 packets/s: 160 arrived, 90 lost (36 %), and a new jitter peak of 90 ms.
    telephony.quality('polisen', { packets: 1160, lost: 90, jitterPeakMs: 90 });
    expect(link('polisen', 'phone')).toMatchObject({
      state: 'degraded',
      metrics: { lossPct: 36, jitterMs: 90, windowMs: 5_000 },
    });
    expect(link('polisen', 'phone').reason).toContain('loss 36.0 %');
    clock.advance(1_999);
    expect(path('polisen')).toBe('phone');
    clock.advance(1);
    expect(path('polisen')).toBe('radio');
  });

  it('passes on quality samples only when the verdict or a figure moves past the deadband', async () => {
    await conveneAllAnswered();
    const updates: { state: string; reason: string; metrics: object }[] = [];
    const keep = ({ link: l }: { link: { participantId: string; path: string } & (typeof updates)[0] }) => {
      if (l.participantId === 'polisen' && l.path === 'phone') updates.push(l);
    };
    core.events.on('link.metrics', keep);
    core.events.on('link.changed', keep);
    // 50 packets/s, one sample every 5 s, a 15 s window. Its loss: 0 % (MOS 4.41), then 0.2 %,
    // 0.27 % and 0.4 % (within 0.05 MOS and 0.5 % of what was passed on), then 0.53 % (past it).
    const sample = (packets: number, lost: number, jitterPeakMs = 4) => {
      telephony.quality('polisen', { packets, lost, jitterPeakMs });
      clock.advance(5_000);
    };
    sample(1000, 0);
    sample(1250, 0);
    expect(updates.map((u) => u.metrics)).toEqual([{ mos: 4.41, lossPct: 0, windowMs: 5_000 }]);
    sample(1499, 1);
    sample(1748, 2);
    sample(1997, 3);
    expect(updates).toHaveLength(1);
    sample(2245, 5);
    expect(updates.at(-1)?.metrics).toMatchObject({ lossPct: 0.53, windowMs: 15_000 });
    expect(updates).toHaveLength(2);
    // A new jitter peak moves past 2 ms: passed on; a verdict change always is.
    sample(2495, 5, 9);
    expect(updates.at(-1)?.metrics).toMatchObject({ jitterMs: 9 });
    sample(2605, 105);
    expect(updates.at(-1)).toMatchObject({ state: 'degraded' });
    expect(updates).toHaveLength(4);
  });

  it('figures held back within the deadband are still refreshed once a minute', async () => {
    await conveneAllAnswered();
    const updates: object[] = [];
    core.events.on('link.metrics', ({ link: l }) => {
      if (l.participantId === 'polisen' && l.path === 'phone') updates.push(l.metrics);
    });
    for (let i = 0; i <= 12; i++) {
      telephony.quality('polisen', { packets: 1000 + 250 * i, lost: 0 });
      clock.advance(5_000);
    }
    // The first window (t = 5 s) changes the link's reason; the figures do not move after it,
    // so the next is the refresh 60 s after it (t = 65 s).
    expect(updates).toHaveLength(1);
    telephony.quality('polisen', { packets: 1000 + 250 * 13, lost: 0 });
    expect(updates).toHaveLength(2);
  });

  it('a participant without radio goes to none when its phone drops', async () => {
    await conveneAllAnswered();
    telephony.drop('kraft');
    expect(core.participant('kraft').path).toMatchObject({ active: 'none', reason: 'phone-down' });
  });

  it('an undelivered failover SDS marks the radio link down and the path none', async () => {
    radio.unreachable.add('2341001');
    await conveneAllAnswered();
    telephony.drop('polisen');
    await flushPromises();
    expect(link('polisen', 'radio')).toMatchObject({ state: 'down', reason: 'sds-failed: terminal-off' });
    expect(path('polisen')).toBe('none');
  });

  it('ending hangs everyone up, stops redials and sets every path to none', async () => {
    await conveneAllAnswered();
    telephony.drop('polisen');
    const ended = await core.end('vk', 'host');
    expect(ended.state).toBe('ended');
    expect(telephony.hangups.sort()).toEqual(['kraft', 'polisen', 'regionen']);
    for (const p of participants) expect(path(p.id)).toBe('none');
    clock.advance(60_000);
    await flushPromises();
    expect(telephony.pending.size).toBe(0);
    expect(link('regionen', 'phone').state).toBe('unknown');
  });

  it('refuses to convene twice, to end an idle conference and unknown ids', async () => {
    await expect(core.end('vk', 'host')).rejects.toBeInstanceOf(ConflictError);
    await core.convene('vk', 'host');
    await expect(core.convene('vk', 'host')).rejects.toBeInstanceOf(ConflictError);
    await expect(core.convene('nope', 'host')).rejects.toBeInstanceOf(NotFoundError);
    expect(() => core.participant('nope')).toThrow(NotFoundError);
  });

  it('host overrides are validated, audited with who asked, and released', async () => {
    expect(() => core.forcePath('polisen', 'radio', 'host')).toThrow(ConflictError);
    await conveneAllAnswered();
    expect(() => core.forcePath('polisen', 'carrier-pigeon' as VoicePath, 'host')).toThrow(ValidationError);
    const pinned = core.forcePath('polisen', 'radio', 'tib-anna');
    expect(pinned).toMatchObject({ active: 'radio', override: 'radio', by: 'tib-anna' });
    expect(events.filter((e) => e.type === 'path-changed').at(-1)).toMatchObject({
      participantId: 'polisen',
      path: 'radio',
      by: 'tib-anna',
    });
    const released = core.releasePath('polisen', 'tib-anna');
    expect(released).toMatchObject({ override: null });
  });

  it('agent heartbeats keep the agent link up until they go stale', () => {
    expect(link('polisen', 'agent')).toMatchObject({ state: 'unknown', reason: 'awaiting-heartbeat' });
    expect(link('regionen', 'agent')).toMatchObject({ state: 'unknown', reason: 'no-agent-configured' });
    core.recordHeartbeat('polisen', { battery: 80, powerSource: 'battery' });
    expect(link('polisen', 'agent')).toMatchObject({
      state: 'up',
      metrics: { battery: 80, powerSource: 'battery' },
    });
    clock.advance(9_999);
    core.recordHeartbeat('polisen', {});
    clock.advance(9_999);
    expect(link('polisen', 'agent').state).toBe('up');
    clock.advance(1);
    expect(link('polisen', 'agent')).toMatchObject({ state: 'down' });
    expect(link('polisen', 'agent').reason).toContain('heartbeat-stale');
    expect(() => core.recordHeartbeat('nobody', {})).toThrow(NotFoundError);
  });

  it('the gateway radio going down marks every radio link down, and back to unknown when it returns', () => {
    radio.setStatus({ connected: false, reason: 'port closed' });
    expect(link('polisen', 'radio')).toMatchObject({ state: 'down', reason: 'adapter-down: port closed' });
    expect(link('kraft', 'radio')).toMatchObject({ state: 'down', reason: 'no-radio-configured' });
    expect(core.radios()[0]).toMatchObject({ connected: false });
    radio.setStatus({ connected: true, reason: 'ok' });
    expect(link('polisen', 'radio').state).toBe('unknown');
  });

  it('keys the radio on phone speech only while someone is on the radio path, and shows who talks on radio', async () => {
    const floors: string[] = [];
    core.events.on('radio.floor', ({ floor }) =>
      floors.push(`${floor.holder}:${floor.talkerParticipantId ?? ''}`),
    );
    await conveneAllAnswered();
    telephony.events.emit('call.talking', { conferenceId: 'vk', participantId: 'regionen', talking: true });
    await flushPromises();
    expect(radio.ptt).toEqual([]);
    telephony.events.emit('call.talking', { conferenceId: 'vk', participantId: 'regionen', talking: false });
    telephony.drop('polisen');
    telephony.events.emit('call.talking', { conferenceId: 'vk', participantId: 'regionen', talking: true });
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press']);
    telephony.events.emit('call.talking', { conferenceId: 'vk', participantId: 'regionen', talking: false });
    clock.advance(1_500);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press', 'release']);
    radio.subscriberTalks('2341001');
    expect(floors).toEqual(['gateway:', 'none:', 'subscriber:polisen']);
  });

  it('raises an alarm naming the participant when its radio signals an emergency', () => {
    const alarms: unknown[] = [];
    core.events.on('alarm', (a) => alarms.push(a));
    radio.emergencyFrom('2341002');
    radio.emergencyFrom('9999999');
    expect(alarms).toEqual([
      expect.objectContaining({
        kind: 'radio-emergency',
        issi: '2341002',
        participantId: 'regionen',
        radioId: 'rakel-1',
      }),
      expect.objectContaining({ issi: '9999999', participantId: null }),
    ]);
    expect(link('regionen', 'radio')).toMatchObject({ state: 'up', reason: 'emergency-status' });
  });

  it('ignores sambandstest calls: a test call never moves the live phone link', () => {
    const before = link('kraft', 'phone');
    telephony.events.emit('call.connected', {
      conferenceId: 'sambandstest:st-1',
      participantId: 'kraft',
      number: null,
    });
    telephony.events.emit('call.ended', {
      conferenceId: 'sambandstest:st-1',
      participantId: 'kraft',
      cause: 'hangup',
    });
    expect(link('kraft', 'phone')).toEqual(before);
  });

  it('isolates a throwing event listener from the core', async () => {
    core.events.on('path.changed', () => {
      throw new Error('broken consumer');
    });
    await conveneAllAnswered();
    telephony.drop('polisen');
    expect(path('polisen')).toBe('radio');
  });
});
