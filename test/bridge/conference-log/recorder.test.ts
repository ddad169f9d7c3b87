/** The conference log fed from a real core's domain events, in fake time. */
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryConferenceLogStore } from '../../../bridge/conference-log/memory-store.js';
import { ConferenceLogRecorder, type LoggedConference } from '../../../bridge/conference-log/recorder.js';
import { InMemoryConferenceStateStore } from '../../../bridge/conference-store.js';
import type { Core } from '../../../bridge/core.js';
import { CoreErrorCodes } from '../../../bridge/errors.js';
import type { ParticipantSpec } from '../../../bridge/model.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { testCore } from '../../support/core-fixture.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../../support/scripted-ports.js';

const participants: ParticipantSpec[] = [
  {
    id: 'polisen',
    name: 'Polisen RLC',
    organisation: 'Polismyndigheten',
    phoneNumbers: ['+46701740605'],
    radio: { issi: '2341001' },
    priority: 1,
  },
  { id: 'kommun', name: 'TiB', organisation: 'Göteborgs stad', phoneNumbers: ['+46701740606'], priority: 2 },
];
const conferences = new Map<string, LoggedConference>([
  [
    'vk',
    {
      name: 'Veckokonferens',
      roster: participants.map((p) => ({ participantId: p.id, name: p.name, organisation: p.organisation })),
      onSite: null,
    },
  ],
]);

describe('ConferenceLogRecorder', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function rig(
    options: {
      clock?: FakeClock;
      log?: InMemoryConferenceLogStore;
      states?: InMemoryConferenceStateStore;
      telephony?: ScriptedTelephony;
      retentionDays?: number | null;
    } = {},
  ) {
    const clock = options.clock ?? new FakeClock();
    const log = options.log ?? new InMemoryConferenceLogStore();
    const telephony = options.telephony ?? new ScriptedTelephony();
    const radio = new ScriptedRadio();
    const core: Core = testCore({
      participants,
      telephony,
      clock,
      radios: [{ terminal: radio, talkgroup: '9101' }],
      conferenceStore: options.states ?? new InMemoryConferenceStateStore(),
    });
    const recorder = new ConferenceLogRecorder({
      store: log,
      events: core.events,
      conferences,
      clock,
      logger: nullLogger,
      retentionDays: options.retentionDays ?? null,
    });
    await recorder.start();
    closers.push(
      () => core.close(),
      () => recorder.close(),
    );
    return { clock, log, telephony, radio, core, recorder };
  }

  async function convened(r: Awaited<ReturnType<typeof rig>>): Promise<string> {
    await r.core.start();
    await r.core.convene('vk', 'tib-anna');
    await flushPromises();
    for (const p of participants) r.telephony.answer(p.id);
    await flushPromises();
    return r.recorder.openRun('vk')?.runId ?? 'none';
  }

  it('opens a run at convene and keeps joins, paths, host actions with who, refusals, roll calls and the end', async () => {
    const r = await rig();
    const runId = await convened(r);
    expect(runId).toBe('vk-20261128T090000Z');
    r.clock.advance(60_000);
    await r.core.setMuted('polisen', true, 'tib-anna');
    await r.core.stopRecording('vk', 'tib-bertil').catch(() => {});
    const rollCall = r.core.takeRollCall('vk', 'tib-anna');
    r.radio.emergencyFrom('2341001');
    await r.core.end('vk', 'tib-anna');
    await r.recorder.flush();

    const run = await r.log.getRun(runId);
    expect(run).toMatchObject({
      conferenceId: 'vk',
      conferenceName: 'Veckokonferens',
      startedBy: 'tib-anna',
      startedHow: 'convened',
      startedAt: '2026-11-28T09:00:00.000Z',
      endedAt: '2026-11-28T09:01:00.000Z',
      endReason: 'ended-by-request',
    });
    const entries = await r.log.entries(runId);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const kinds = entries.map((e) => e.kind);
    expect(kinds[0]).toBe('convening');
    expect(kinds.at(-1)).toBe('ended');
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'path-changed', participantId: 'polisen', path: 'phone' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'call-result', participantId: 'kommun', outcome: 'answered' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'muted', participantId: 'polisen', by: 'tib-anna' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'refused',
        by: 'tib-bertil',
        detail: 'stop recording',
        reason: expect.stringContaining(CoreErrorCodes.RECORDING_STATE),
      }),
    );
    expect(entries.find((e) => e.kind === 'roll-call')).toMatchObject({ by: 'tib-anna', rollCall });
    expect(entries.find((e) => e.kind === 'radio-emergency')).toMatchObject({ participantId: 'polisen' });
    expect(r.recorder.openRun('vk')).toBeNull();
  });

  it('a restarted gateway continues the same run; a new convene starts the next', async () => {
    const log = new InMemoryConferenceLogStore();
    const states = new InMemoryConferenceStateStore();
    const clock = new FakeClock();
    const first = await rig({ log, states, clock });
    const runId = await convened(first);
    await first.recorder.flush();
    // Killed: nothing closed. A new core and recorder start on the same stores.
    clock.advance(30_000);
    const telephony = new ScriptedTelephony();
    telephony.survive('vk', 'polisen');
    const second = await rig({ log, states, clock, telephony });
    await second.core.start();
    await flushPromises();
    expect(second.recorder.openRun('vk')?.runId).toBe(runId);
    await second.core.end('vk', 'tib-anna');
    await second.recorder.flush();
    expect((await log.listRuns('vk')).map((r) => r.runId)).toEqual([runId]);
    const entries = await log.entries(runId);
    expect(entries.filter((e) => e.kind === 'convening')).toHaveLength(1);
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'active', reason: 'resumed-after-restart' }),
    );
    expect(entries.at(-1)?.kind).toBe('ended');

    clock.advance(1_000);
    await second.core.convene('vk', 'tib-anna');
    await second.recorder.flush();
    expect((await log.listRuns('vk')).map((r) => r.runId)).toEqual(['vk-20261128T090031Z', runId]);
  });

  it('closes a run left open as interrupted when the conference is convened anew', async () => {
    const log = new InMemoryConferenceLogStore();
    const clock = new FakeClock();
    const first = await rig({ log, clock });
    const runId = await convened(first);
    await first.recorder.flush();
    clock.advance(5_000);
    // Restarted without the conference state (it was not resumed): the next convene starts afresh.
    const second = await rig({ log, clock });
    await second.core.convene('vk', 'tib-anna');
    await second.recorder.flush();
    expect(await log.getRun(runId)).toMatchObject({
      endedAt: '2026-11-28T09:00:05.000Z',
      endReason: 'interrupted',
    });
    expect((await log.openRuns()).map((r) => r.runId)).toEqual(['vk-20261128T090005Z']);
  });

  it('removes ended runs past retention when it starts', async () => {
    const log = new InMemoryConferenceLogStore();
    await log.startRun({
      runId: 'vk-old',
      conferenceId: 'vk',
      conferenceName: 'Veckokonferens',
      startedAt: '2026-01-01T08:00:00.000Z',
      startedBy: null,
      startedHow: 'convened',
      endedAt: null,
      endReason: null,
      roster: [],
      onSite: null,
    });
    await log.endRun('vk-old', '2026-01-01T09:00:00.000Z', 'ended-by-request');
    const r = await rig({ log, retentionDays: 30 });
    await r.recorder.flush();
    expect(await log.getRun('vk-old')).toBeNull();
  });
});
