import { describe, expect, it } from 'vitest';
import { SambandstestErrorCodes } from '../../../bridge/sambandstest/errors.js';
import { aRun } from '../../contracts/sambandstest-store.contract.js';
import { answerAfter, rig } from './harness.js';
import { spec, TELIA_UP } from './support.js';

describe('sambandstest service', () => {
  it('marks runs a crash left running as interrupted at start-up', async () => {
    const r = rig();
    await r.store.saveRun(aRun('crashed'));
    expect(await r.service.recoverInterrupted()).toEqual(['crashed']);
    expect((await r.service.getRun('crashed')).run).toMatchObject({
      state: 'interrupted',
      endedAt: '2026-03-02T08:30:00.000Z',
    });
  });

  it('closing mid-run cancels the calls, saves the run as interrupted and leaves no timer', async () => {
    const r = rig([spec('polisen'), spec('region')]);
    answerAfter(r, (pid) => (pid === 'polisen' ? 1000 : null));
    await r.service.startRun({ trigger: 'manual', paths: ['phone'] });
    await r.clock.advanceAsync(5000, 100);
    await r.service.close();
    const record = await r.store.getRun('run-1');
    expect(record?.run.state).toBe('interrupted');
    expect(record?.results.map((x) => `${x.participantId}/${x.status}`)).toEqual(['polisen/ok']);
    expect(r.telephony.hangups).toContain('region');
    expect(r.events.of('run.interrupted')).toHaveLength(1);
    expect(r.clock.pendingTimers()).toBe(0);
    await expect(r.service.startRun({ trigger: 'manual' })).rejects.toMatchObject({
      code: SambandstestErrorCodes.CLOSED,
    });
  });

  it('runs one test at a time, even when two requests arrive together', async () => {
    const r = rig();
    const [first, second] = await Promise.allSettled([
      r.service.startRun({ trigger: 'api' }),
      r.service.startRun({ trigger: 'api' }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: SambandstestErrorCodes.RUN_IN_PROGRESS },
    });
    expect(r.service.current()?.id).toBe('run-1');
    await r.service.close();
  });

  it('rejects unknown participants and empty scopes', async () => {
    const r = rig();
    await expect(
      r.service.startRun({ trigger: 'api', participants: ['polisen', 'ghost'] }),
    ).rejects.toMatchObject({
      code: SambandstestErrorCodes.INVALID_SCOPE,
      message: 'unknown participant(s): ghost',
    });
    await expect(r.service.startRun({ trigger: 'api', paths: [] })).rejects.toMatchObject({
      code: SambandstestErrorCodes.INVALID_SCOPE,
    });
    expect(r.service.current()).toBeNull();
  });

  it('keeps the scope in canonical order, without duplicates', async () => {
    const r = rig();
    const run = await r.service.startRun({
      trigger: 'api',
      participants: ['region', 'polisen', 'region'],
      paths: ['radio', 'phone'],
      requestedBy: 'technician',
    });
    expect(run.scope).toEqual({ participants: ['region', 'polisen'], paths: ['phone', 'radio'] });
    expect(run).toMatchObject({
      trigger: 'api',
      requestedBy: 'technician',
      state: 'running',
      targetTimeoutMs: 20_000,
    });
    await r.service.close();
  });

  it('reports the change since the previous run with the same scope', async () => {
    const r = rig([
      spec('polisen', { radio: { issi: '2420102' } }),
      spec('region', { radio: { issi: '2420103' } }),
    ]);
    let off = '2420102';
    r.radio.outcomeFor = (issi) =>
      issi === off
        ? { delivered: false, fault: 'terminal-off', reason: 'off' }
        : { delivered: true, roundTripMs: 400 };
    await r.runToEnd({ paths: ['radio'] });
    await r.runToEnd({ paths: ['phone'] }); // another scope: not comparable
    off = '2420103'; // a week later polisen's terminal is back, region's is off
    const { summary } = await r.runToEnd({ paths: ['radio'] });
    expect(summary.change?.previousRunId).toBe('run-1');
    expect(summary.change?.newlyFailing.map((t) => t.participantId)).toEqual(['region']);
    expect(summary.change?.recovered.map((t) => t.participantId)).toEqual(['polisen']);
    expect(summary.nonResponders.map((t) => `${t.participantId}/${t.fault}`)).toEqual([
      'region/terminal-off',
    ]);
    const first = await r.service.getRun('run-1');
    expect(first.summary.change).toBeNull();
    expect((await r.service.getRun('run-3')).summary.change?.previousRunId).toBe('run-1');
  });

  it('records the carrier trunks at the start and at the end of a run, in the run and its summary', async () => {
    const r = rig([spec('polisen'), spec('region')]);
    answerAfter(r, () => 1000);
    const started = await r.service.startRun({ trigger: 'manual', paths: ['phone'] });
    expect(started.trunksAtStart).toEqual({
      at: '2026-03-02T08:30:00.000Z',
      usable: true,
      trunks: [TELIA_UP],
    });
    expect(started.trunksAtEnd).toBeNull();
    expect(r.events.of('run.started')[0]?.summary.trunksAtStart?.usable).toBe(true);

    // The trunk goes down mid-run: the end says so, the start is not rewritten.
    const down = { ...TELIA_UP, state: 'down' as const, reason: '2 keep-alives unanswered', rttMs: 23 };
    await r.clock.advanceAsync(500, 100);
    r.trunks.statuses = [down];
    r.trunks.usable = false;
    await r.clock.advanceAsync(2000, 100);
    await r.service.whenIdle();
    const { run } = await r.service.getRun('run-1');
    expect(run.endedAt).toBe('2026-03-02T08:30:01.100Z');
    const end = { at: run.endedAt, usable: false, trunks: [down] };
    expect(run.trunksAtStart).toEqual(started.trunksAtStart);
    expect(run.trunksAtEnd).toEqual(end);
    const completed = r.events.of('run.completed')[0];
    expect(completed?.run.trunksAtEnd).toEqual(end);
    expect(completed?.summary).toMatchObject({ trunksAtStart: started.trunksAtStart, trunksAtEnd: end });
    // A snapshot, not a view: later changes of the trunks do not reach a finished run.
    r.trunks.statuses[0] = TELIA_UP;
    expect((await r.service.getRun('run-1')).run.trunksAtEnd).toEqual(end);
  });

  it('comments a result and tells listeners', async () => {
    const r = rig([spec('polisen')]);
    await r.runToEnd({ paths: ['radio'] });
    const result = await r.service.setComment('run-1', 'polisen', 'radio', '  Bytt batteri  ', 'technician');
    expect(result.comment).toBe('Bytt batteri');
    expect(r.events.of('result.commented')).toEqual([{ result, by: 'technician' }]);
    expect((await r.service.setComment('run-1', 'polisen', 'radio', ' ', 'technician')).comment).toBeNull();
    await expect(r.service.getRun('ghost')).rejects.toMatchObject({
      code: SambandstestErrorCodes.RUN_NOT_FOUND,
    });
  });

  it('emits started, one result per target, then completed', async () => {
    const r = rig();
    answerAfter(r, () => 500);
    await r.runToEnd({ paths: ['phone', 'radio'] });
    const names = r.events.names();
    expect(names[0]).toBe('run.started');
    expect(names.filter((n) => n === 'run.result')).toHaveLength(4);
    expect(names.at(-1)).toBe('run.completed');
    const progress = r.events.of('run.result').map((e) => e.summary.done);
    expect(progress).toEqual([1, 2, 3, 4]);
  });
});
