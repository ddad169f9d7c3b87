/**
 * The SambandstestStore port's contract: the in-memory store and the SQLite adapter both run it.
 * `reopen`, where a backend has one, stands for a restart after a crash: the suite then checks
 * that a run saved mid-way is found again and marked interrupted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SambandstestErrorCodes } from '../../bridge/sambandstest/errors.js';
import type { SambandstestRun, TargetResult, TrunkSnapshot } from '../../bridge/sambandstest/model.js';
import type { SambandstestStore } from '../../bridge/sambandstest/store.js';

export interface StoreHarness {
  store: SambandstestStore;
  /** A new store on the same data, as after a crash of the process (the old one is not closed first). */
  reopen?: () => Promise<SambandstestStore>;
  dispose(): Promise<void>;
}

export function aRun(
  id: string,
  startedAt = '2026-03-02T08:30:00.000Z',
  patch: Partial<SambandstestRun> = {},
): SambandstestRun {
  return {
    id,
    trigger: 'schedule',
    scheduleId: 'veckotest',
    requestedBy: null,
    scope: { participants: ['polisen', 'region'], paths: ['phone', 'radio'] },
    targetTimeoutMs: 20_000,
    state: 'running',
    startedAt,
    endedAt: null,
    trunksAtStart: aTrunkSnapshot(startedAt),
    trunksAtEnd: null,
    ...patch,
  };
}

/** Two carrier trunks, one of them down. */
export function aTrunkSnapshot(at: string, usable = true): TrunkSnapshot {
  return {
    at,
    usable,
    trunks: [
      {
        id: 'telia',
        state: usable ? 'up' : 'down',
        since: '2026-03-02T07:00:00.000Z',
        reason: usable ? 'OPTIONS answered 200' : '2 keep-alives unanswered',
        registration: usable ? 'registered' : 'failed',
        rttMs: usable ? 23.5 : null,
      },
      {
        id: 'tele2',
        state: 'down',
        since: '2026-03-02T06:00:00.000Z',
        reason: 'OPTIONS answered 503',
        registration: 'none',
        rttMs: 41,
      },
    ],
  };
}

export function aResult(
  runId: string,
  participantId: string,
  path: TargetResult['path'],
  patch: Partial<TargetResult> = {},
): TargetResult {
  return {
    runId,
    participantId,
    participantName: `Tjänsteman ${participantId}`,
    organisation: 'Sjöviks kommun',
    path,
    status: 'ok',
    timeToAnswerMs: 2300,
    rssiDbm: null,
    mos: null,
    fault: null,
    detail: 'answered and acknowledged',
    comment: null,
    at: '2026-03-02T08:30:03.000Z',
    ...patch,
  };
}

export function runSambandstestStoreContract(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`SambandstestStore contract: ${name}`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('saves a run and reads it back with no results', async () => {
      await h.store.saveRun(aRun('r1'));
      expect(await h.store.getRun('r1')).toEqual({ run: aRun('r1'), results: [] });
      expect(await h.store.getRun('nope')).toBeNull();
    });

    it('refuses a second run with the same id', async () => {
      await h.store.saveRun(aRun('r1'));
      await expect(h.store.saveRun(aRun('r1'))).rejects.toMatchObject({
        code: SambandstestErrorCodes.DUPLICATE_RUN,
      });
    });

    it('keeps results in the order they were taken; saving one again replaces it in place', async () => {
      await h.store.saveRun(aRun('r1'));
      await h.store.saveResult(
        aResult('r1', 'polisen', 'phone', { status: 'no-answer', fault: 'timeout', timeToAnswerMs: null }),
      );
      await h.store.saveResult(aResult('r1', 'region', 'radio', { rssiDbm: -81.5, timeToAnswerMs: 400 }));
      await h.store.saveResult(aResult('r1', 'polisen', 'phone', { detail: 'again' }));
      const record = await h.store.getRun('r1');
      expect(record?.results.map((r) => `${r.participantId}/${r.path}`)).toEqual([
        'polisen/phone',
        'region/radio',
      ]);
      expect(record?.results[0]).toEqual(aResult('r1', 'polisen', 'phone', { detail: 'again' }));
      expect(record?.results[1]?.rssiDbm).toBe(-81.5);
    });

    it('round-trips nulls, decimals and Swedish text exactly', async () => {
      await h.store.saveRun(
        aRun('r1', undefined, { trigger: 'api', scheduleId: null, requestedBy: 'tekniker Åsa' }),
      );
      const result = aResult('r1', 'sjovik', 'phone', {
        participantName: 'Tjänsteman i beredskap, "Sjövik"',
        mos: 4.35,
        comment: 'Växeln i Ålunda svarade; "ring igen"',
      });
      await h.store.saveResult(result);
      const record = await h.store.getRun('r1');
      expect(record?.run.requestedBy).toBe('tekniker Åsa');
      expect(record?.results[0]).toEqual(result);
    });

    it('refuses a result for a run it does not have', async () => {
      await expect(h.store.saveResult(aResult('ghost', 'polisen', 'phone'))).rejects.toMatchObject({
        code: SambandstestErrorCodes.RUN_NOT_FOUND,
      });
    });

    it('completes a run, keeping the carrier trunks at its start and at its end', async () => {
      await h.store.saveRun(aRun('r1'));
      const atEnd = aTrunkSnapshot('2026-03-02T08:30:20.000Z', false);
      await h.store.completeRun('r1', '2026-03-02T08:30:20.000Z', atEnd);
      const record = await h.store.getRun('r1');
      expect(record?.run).toEqual({
        ...aRun('r1'),
        state: 'completed',
        endedAt: '2026-03-02T08:30:20.000Z',
        trunksAtStart: aTrunkSnapshot('2026-03-02T08:30:00.000Z'),
        trunksAtEnd: atEnd,
      });
      expect((await h.store.listRuns())[0]).toEqual(record?.run);
      await expect(h.store.completeRun('ghost', 'x', atEnd)).rejects.toMatchObject({
        code: SambandstestErrorCodes.RUN_NOT_FOUND,
      });
    });

    it('marks only running runs interrupted, once', async () => {
      await h.store.saveRun(aRun('done', '2026-03-02T08:00:00.000Z'));
      await h.store.completeRun(
        'done',
        '2026-03-02T08:00:20.000Z',
        aTrunkSnapshot('2026-03-02T08:00:20.000Z'),
      );
      await h.store.saveRun(aRun('left', '2026-03-02T09:00:00.000Z'));
      expect(await h.store.markInterrupted('2026-03-02T10:00:00.000Z')).toEqual(['left']);
      expect(await h.store.markInterrupted('2026-03-02T11:00:00.000Z')).toEqual([]);
      expect((await h.store.getRun('left'))?.run).toMatchObject({
        state: 'interrupted',
        endedAt: '2026-03-02T10:00:00.000Z',
      });
      expect((await h.store.getRun('done'))?.run.state).toBe('completed');
    });

    it('lists runs newest first, up to a limit', async () => {
      await h.store.saveRun(aRun('a', '2026-03-02T08:00:00.000Z'));
      await h.store.saveRun(aRun('c', '2026-03-16T08:00:00.000Z'));
      await h.store.saveRun(aRun('b', '2026-03-09T08:00:00.000Z'));
      expect((await h.store.listRuns()).map((r) => r.id)).toEqual(['c', 'b', 'a']);
      expect((await h.store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual(['c', 'b']);
    });

    it('sets and clears an operator comment', async () => {
      await h.store.saveRun(aRun('r1'));
      await h.store.saveResult(aResult('r1', 'polisen', 'radio'));
      const commented = await h.store.setComment(
        'r1',
        'polisen',
        'radio',
        'Terminalen var avstängd för service',
      );
      expect(commented.comment).toBe('Terminalen var avstängd för service');
      expect((await h.store.getRun('r1'))?.results[0]?.comment).toBe('Terminalen var avstängd för service');
      expect((await h.store.setComment('r1', 'polisen', 'radio', null)).comment).toBeNull();
      await expect(h.store.setComment('r1', 'polisen', 'phone', 'x')).rejects.toMatchObject({
        code: SambandstestErrorCodes.RESULT_NOT_FOUND,
      });
      await expect(h.store.setComment('ghost', 'polisen', 'radio', 'x')).rejects.toMatchObject({
        code: SambandstestErrorCodes.RUN_NOT_FOUND,
      });
    });

    it('crash safety: a run saved mid-way is found after a restart and marked interrupted', async (context) => {
      if (!h.reopen) {
        // Only a durable store can be reopened; the in-memory store has nothing to survive a crash.
        context.skip();
        return;
      }
      await h.store.saveRun(aRun('mid'));
      await h.store.saveResult(aResult('mid', 'polisen', 'phone'));
      const after = await h.reopen();
      const found = await after.getRun('mid');
      expect(found?.run.state).toBe('running');
      expect(found?.results).toEqual([aResult('mid', 'polisen', 'phone')]);
      expect(await after.markInterrupted('2026-03-02T09:00:00.000Z')).toEqual(['mid']);
      expect((await after.getRun('mid'))?.run.state).toBe('interrupted');
    });
  });
}
