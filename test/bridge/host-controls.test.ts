/** Host controls on a running conference (mute, remove/readmit, lock, record), in fake time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../bridge/core.js';
import { ConflictError, CoreErrorCodes, NotFoundError, PortError } from '../../bridge/errors.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type { ConferenceSnapshot, ParticipantSpec } from '../../bridge/model.js';
import { type TestCoreOptions, testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../support/scripted-ports.js';

const participants: ParticipantSpec[] = [
  {
    id: 'polisen',
    name: 'Polisregion Demo',
    organisation: 'Polismyndigheten',
    phoneNumbers: ['+46701740605'],
    radio: { issi: '2341001' },
    priority: 1,
  },
  {
    id: 'regionen',
    name: 'Region Demo',
    organisation: 'Region Demo',
    phoneNumbers: ['+46701740606'],
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

const REDIAL_MS = 3_000;

describe('host controls', () => {
  let clock: FakeClock;
  let telephony: ScriptedTelephony;
  let radio: ScriptedRadio;
  let core: Core;
  let events: ConferenceEvent[];
  let snapshots: ConferenceSnapshot[];

  function build(overrides: Partial<TestCoreOptions> = {}): Core {
    return testCore({
      participants,
      radios: [{ terminal: radio, talkgroup: '9101' }],
      telephony,
      clock,
      timings: { redialIntervalMs: REDIAL_MS, maxConcurrentCallOuts: 5 },
      ...overrides,
    });
  }

  function observe(target: Core): void {
    events = [];
    snapshots = [];
    target.events.on('conference.event', (e) => events.push(e));
    target.events.on('conference.changed', (e) => snapshots.push(e.conference));
  }

  beforeEach(() => {
    clock = new FakeClock();
    telephony = new ScriptedTelephony();
    radio = new ScriptedRadio();
    core = build();
    observe(core);
  });

  afterEach(async () => {
    await core.close();
  });

  const member = (id: string) => core.conference('vk').members.find((m) => m.participantId === id);
  const path = (id: string) => core.participant(id).path;
  const callsTo = (id: string) => telephony.callLog.filter((c) => c.participantId === id).length;
  const hostEvents = () => events.filter((e) => e.by === 'tib-anna');

  async function conveneAllAnswered(): Promise<void> {
    await core.convene('vk', 'host');
    await flushPromises();
    for (const p of participants) telephony.answer(p.id);
    await flushPromises();
  }

  describe('mute', () => {
    it('mutes through the port, audits who asked, and publishes the new snapshot', async () => {
      await conveneAllAnswered();
      const muted = await core.setMuted('polisen', true, 'tib-anna');
      expect(muted).toMatchObject({ participantId: 'polisen', muted: true, removed: false });
      expect(telephony.controls).toEqual(['mute polisen']);
      expect(hostEvents()).toEqual([
        {
          conferenceId: 'vk',
          type: 'muted',
          at: '2026-11-28T09:00:00.000Z',
          participantId: 'polisen',
          by: 'tib-anna',
        },
      ]);
      expect(snapshots.at(-1)?.members.find((m) => m.participantId === 'polisen')?.muted).toBe(true);

      await core.setMuted('polisen', false, 'tib-anna');
      expect(telephony.controls).toEqual(['mute polisen', 'unmute polisen']);
      expect(member('polisen')?.muted).toBe(false);
      expect(hostEvents().map((e) => e.type)).toEqual(['muted', 'unmuted']);
    });

    it('mutes a redialled call again, since a new call joins unmuted', async () => {
      await conveneAllAnswered();
      await core.setMuted('regionen', true, 'tib-anna');
      telephony.drop('regionen');
      clock.advance(REDIAL_MS);
      await flushPromises();
      telephony.answer('regionen');
      await flushPromises();
      expect(telephony.controls).toEqual(['mute regionen', 'mute regionen']);
      expect(member('regionen')).toMatchObject({ muted: true, phoneConnected: true });
    });

    it('leaves the state unchanged when the telephony refuses, with a coded error', async () => {
      await conveneAllAnswered();
      vi.spyOn(telephony, 'setMuted').mockRejectedValueOnce(new Error('ESL connection lost'));
      const before = snapshots.length;
      const failure = core.setMuted('polisen', true, 'tib-anna');
      await expect(failure).rejects.toBeInstanceOf(PortError);
      await expect(failure).rejects.toMatchObject({
        code: CoreErrorCodes.TELEPHONY_FAILED,
        message: expect.stringContaining('ESL connection lost'),
      });
      expect(member('polisen')?.muted).toBe(false);
      // Only the refusal is audited (for the conference log), with who asked and why.
      expect(hostEvents()).toEqual([
        {
          conferenceId: 'vk',
          type: 'refused',
          at: '2026-11-28T09:00:00.000Z',
          participantId: 'polisen',
          by: 'tib-anna',
          detail: 'mute',
          reason: `${CoreErrorCodes.TELEPHONY_FAILED}: telephony could not mute polisen: ESL connection lost`,
        },
      ]);
      expect(snapshots).toHaveLength(before);
    });
  });

  describe('remove and readmit', () => {
    it('hangs up, sets the path to none, never redials and never fails over to radio', async () => {
      await conveneAllAnswered();
      const removed = await core.removeParticipant('polisen', 'tib-anna');
      expect(removed).toMatchObject({ removed: true, phoneConnected: false, activePath: 'none' });
      expect(telephony.hangups).toEqual(['polisen']);
      expect(path('polisen')).toMatchObject({ active: 'none', reason: 'removed-by-host' });
      expect(hostEvents().at(-1)).toMatchObject({
        type: 'removed',
        participantId: 'polisen',
        reason: 'removed-by-host',
      });
      // The gateway hung up on purpose: that is no evidence the phone link failed.
      expect(core.participant('polisen').links.phone.state).toBe('unknown');
      clock.advance(10 * REDIAL_MS);
      await flushPromises();
      expect(callsTo('polisen')).toBe(1);
      expect(radio.sent).toEqual([]);
      expect(path('polisen').active).toBe('none');
    });

    it('cancels a call-out that is still ringing, without marking the phone link down', async () => {
      await core.convene('vk', 'host');
      await flushPromises();
      await core.removeParticipant('kraft', 'tib-anna');
      await flushPromises();
      expect(telephony.pending.has('kraft')).toBe(false);
      expect(core.participant('kraft').links.phone.state).toBe('unknown');
      clock.advance(10 * REDIAL_MS);
      await flushPromises();
      expect(callsTo('kraft')).toBe(1);
    });

    it('hangs up a removed participant whose call connects anyway', async () => {
      await conveneAllAnswered();
      await core.removeParticipant('polisen', 'tib-anna');
      telephony.connected.set('polisen', 'vk');
      telephony.events.emit('call.connected', { conferenceId: 'vk', participantId: 'polisen', number: null });
      await flushPromises();
      expect(telephony.hangups).toEqual(['polisen', 'polisen']);
      expect(path('polisen').active).toBe('none');
    });

    it('readmits: calls at once and the path follows the phone again', async () => {
      await conveneAllAnswered();
      await core.removeParticipant('polisen', 'tib-anna');
      const back = await core.readmit('polisen', 'tib-anna');
      expect(back.removed).toBe(false);
      await flushPromises();
      expect(callsTo('polisen')).toBe(2);
      telephony.answer('polisen');
      await flushPromises();
      expect(path('polisen').active).toBe('phone');
      expect(member('polisen')).toMatchObject({ removed: false, phoneConnected: true });
      expect(hostEvents().map((e) => e.type)).toEqual(['removed', 'readmitted']);
    });

    it('a failed hang-up leaves the member in, still redialled when its call drops', async () => {
      await conveneAllAnswered();
      vi.spyOn(telephony, 'hangup').mockRejectedValueOnce(new Error('drachtio down'));
      await expect(core.removeParticipant('polisen', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.TELEPHONY_FAILED,
      });
      expect(member('polisen')?.removed).toBe(false);
      expect(path('polisen').active).toBe('phone');
      telephony.drop('polisen');
      // The planned end was withdrawn: this drop is a real failure again.
      expect(core.participant('polisen').links.phone.state).toBe('down');
      clock.advance(REDIAL_MS);
      await flushPromises();
      expect(callsTo('polisen')).toBe(2);
    });

    it('refuses what does not fit the member’s state', async () => {
      await expect(core.removeParticipant('nobody', 'tib-anna')).rejects.toBeInstanceOf(NotFoundError);
      await expect(core.removeParticipant('polisen', 'tib-anna')).rejects.toBeInstanceOf(ConflictError);
      await conveneAllAnswered();
      await expect(core.readmit('polisen', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.MEMBER_STATE,
      });
      await core.removeParticipant('polisen', 'tib-anna');
      await expect(core.removeParticipant('polisen', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.MEMBER_STATE,
      });
      await expect(core.setMuted('polisen', true, 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.MEMBER_STATE,
      });
      expect(() => core.forcePath('polisen', 'radio', 'tib-anna')).toThrow(ConflictError);
    });
  });

  describe('lock and recording', () => {
    it('locks and unlocks a running conference only', async () => {
      await expect(core.setLocked('vk', true, 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.CONFERENCE_STATE,
      });
      await expect(core.setLocked('nope', true, 'tib-anna')).rejects.toBeInstanceOf(NotFoundError);
      await conveneAllAnswered();
      expect((await core.setLocked('vk', true, 'tib-anna')).locked).toBe(true);
      expect(snapshots.at(-1)?.locked).toBe(true);
      expect((await core.setLocked('vk', false, 'tib-anna')).locked).toBe(false);
      expect(telephony.controls).toEqual(['lock vk', 'unlock vk']);
      expect(hostEvents().map((e) => e.type)).toEqual(['refused', 'locked', 'unlocked']);
    });

    it('a lock the telephony refused is not shown as locked', async () => {
      await conveneAllAnswered();
      vi.spyOn(telephony, 'setLocked').mockRejectedValueOnce(new Error('no such conference'));
      await expect(core.setLocked('vk', true, 'tib-anna')).rejects.toBeInstanceOf(PortError);
      expect(core.conference('vk').locked).toBe(false);
    });

    it('records to a file named from the conference id and start time, and stops', async () => {
      await conveneAllAnswered();
      clock.advance(90_000);
      const started = await core.startRecording('vk', 'tib-anna');
      const file = 'recordings/vk-20261128T090130Z.wav';
      expect(started.recording).toEqual({ file, since: '2026-11-28T09:01:30.000Z' });
      expect(telephony.controls).toEqual([`record vk ${file}`]);
      await expect(core.startRecording('vk', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.RECORDING_STATE,
      });
      const stopped = await core.stopRecording('vk', 'tib-anna');
      expect(stopped.recording).toBeNull();
      expect(telephony.controls).toEqual([`record vk ${file}`, 'stop-recording vk']);
      expect(hostEvents().map((e) => [e.type, e.detail])).toEqual([
        ['recording-started', file],
        ['refused', 'start recording'],
        ['recording-stopped', file],
      ]);
      await expect(core.stopRecording('vk', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.RECORDING_STATE,
      });
    });

    it('refuses a second start while the first is still under way', async () => {
      await conveneAllAnswered();
      let finish = () => {};
      vi.spyOn(telephony, 'startRecording').mockImplementationOnce(
        () => new Promise<void>((resolve) => (finish = resolve)),
      );
      const first = core.startRecording('vk', 'tib-anna');
      await expect(core.startRecording('vk', 'tib-anna')).rejects.toBeInstanceOf(ConflictError);
      finish();
      expect((await first).recording).not.toBeNull();
    });

    it('uses the configured recordings directory', async () => {
      await core.close();
      core = build({ recordingsDir: '/var/lib/samband/rec/' });
      observe(core);
      await conveneAllAnswered();
      expect((await core.startRecording('vk', 'tib-anna')).recording?.file).toBe(
        '/var/lib/samband/rec/vk-20261128T090000Z.wav',
      );
    });

    it('a failed start records nothing', async () => {
      await conveneAllAnswered();
      vi.spyOn(telephony, 'startRecording').mockRejectedValueOnce(new Error('disk full'));
      await expect(core.startRecording('vk', 'tib-anna')).rejects.toMatchObject({
        code: CoreErrorCodes.TELEPHONY_FAILED,
      });
      expect(core.conference('vk').recording).toBeNull();
    });

    it('ending stops the recording and lifts the lock; convening again starts clean', async () => {
      await conveneAllAnswered();
      await core.setLocked('vk', true, 'tib-anna');
      await core.startRecording('vk', 'tib-anna');
      await core.setMuted('kraft', true, 'tib-anna');
      await core.removeParticipant('polisen', 'tib-anna');
      const ended = await core.end('vk', 'tib-anna');
      expect(ended).toMatchObject({ state: 'ended', locked: false, recording: null });
      expect(telephony.controls.slice(-2)).toEqual(['stop-recording vk', 'unlock vk']);
      expect(events.filter((e) => e.reason === 'conference-ended').map((e) => e.type)).toEqual([
        'recording-stopped',
        'unlocked',
      ]);
      await core.convene('vk', 'host');
      expect(core.conference('vk').members.every((m) => !m.muted && !m.removed)).toBe(true);
      await flushPromises();
      expect(telephony.pending.has('polisen')).toBe(true);
    });
  });
});
