import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../../bridge/sambandstest/model.js';
import {
  median,
  previousComparable,
  sameScope,
  stats,
  summarize,
} from '../../../bridge/sambandstest/summary.js';
import { aResult, aRun } from '../../contracts/sambandstest-store.contract.js';

const ok = (pid: string, path: TargetResult['path'], ms: number | null) =>
  aResult('r', pid, path, { status: 'ok', timeToAnswerMs: ms });
const bad = (pid: string, path: TargetResult['path'], status: 'no-answer' | 'failed' = 'no-answer') =>
  aResult('r', pid, path, { status, timeToAnswerMs: null, fault: 'timeout' });
const skipped = (pid: string, path: TargetResult['path']) =>
  aResult('r', pid, path, { status: 'skipped', timeToAnswerMs: null, fault: 'no-agent' });

describe('summary maths', () => {
  it('median of odd and even counts, rounded to whole ms; null for none', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([1000, 2000, 9000])).toBe(2000);
    expect(median([1000, 2001])).toBe(1501);
    expect(median([400, 1000, 3000, 20_000])).toBe(2000);
  });

  it('share answered leaves skipped targets out; times come from answered targets only', () => {
    const s = stats([
      ok('a', 'phone', 3000),
      ok('b', 'phone', 1000),
      bad('c', 'phone'),
      skipped('d', 'agent'),
      ok('e', 'agent', null),
    ]);
    expect(s).toEqual({
      tested: 4,
      answered: 3,
      answeredShare: 0.75,
      medianTimeToAnswerMs: 2000,
      worstTimeToAnswerMs: 3000,
    });
    expect(stats([skipped('d', 'agent')]).answeredShare).toBeNull();
  });

  it('summarises per path, counts statuses and lists non-responders', () => {
    const run = aRun('r', undefined, { scope: { participants: ['a', 'b', 'c'], paths: ['phone', 'radio'] } });
    const results = [
      ok('a', 'phone', 2000),
      ok('a', 'radio', 400),
      bad('b', 'phone', 'failed'),
      ok('b', 'radio', 600),
      bad('c', 'radio'),
    ];
    const s = summarize({ run, results });
    expect(s).toMatchObject({
      runId: 'r',
      targets: 6,
      done: 5,
      counts: { ok: 3, 'no-answer': 1, failed: 1, skipped: 0 },
      answeredShare: 3 / 5,
      medianTimeToAnswerMs: 600,
      worstTimeToAnswerMs: 2000,
      change: null,
    });
    expect(s.byPath.phone).toMatchObject({
      tested: 2,
      answered: 1,
      answeredShare: 0.5,
      medianTimeToAnswerMs: 2000,
    });
    expect(s.byPath.radio).toMatchObject({
      tested: 3,
      answered: 2,
      medianTimeToAnswerMs: 500,
      worstTimeToAnswerMs: 600,
    });
    expect(s.byPath.agent).toBeUndefined();
    expect(s.nonResponders.map((t) => `${t.participantId}/${t.path}/${t.status}`)).toEqual([
      'b/phone/failed',
      'c/radio/no-answer',
    ]);
  });

  it('change since previous: newly failing and recovered; skipped and new targets are neither', () => {
    const run = aRun('now');
    const before = {
      run: aRun('before'),
      results: [ok('a', 'phone', 1), bad('b', 'phone'), ok('c', 'phone', 1), skipped('d', 'phone')],
    };
    const now = {
      run,
      results: [
        bad('a', 'phone'),
        ok('b', 'phone', 1),
        ok('c', 'phone', 1),
        bad('d', 'phone'),
        bad('e', 'phone'),
      ],
    };
    const s = summarize(now, before);
    expect(s.change?.previousRunId).toBe('before');
    expect(s.change?.newlyFailing.map((t) => t.participantId)).toEqual(['a']);
    expect(s.change?.recovered.map((t) => t.participantId)).toEqual(['b']);
  });

  it('the previous comparable run is the newest earlier completed run with the same scope', () => {
    const current = aRun('now', '2026-03-16T08:30:00.000Z');
    const runs = [
      aRun('later', '2026-03-23T08:30:00.000Z', { state: 'completed' }),
      aRun('other-scope', '2026-03-10T08:30:00.000Z', {
        state: 'completed',
        scope: { participants: ['polisen'], paths: ['phone'] },
      }),
      aRun('interrupted', '2026-03-09T08:30:00.000Z', { state: 'interrupted' }),
      aRun('match', '2026-03-02T08:30:00.000Z', {
        state: 'completed',
        scope: { participants: ['region', 'polisen'], paths: ['radio', 'phone'] },
      }),
      aRun('older', '2026-02-23T08:30:00.000Z', { state: 'completed' }),
    ];
    expect(previousComparable(runs, current)?.id).toBe('match');
    expect(sameScope(current.scope, { participants: ['polisen'], paths: ['phone', 'radio'] })).toBe(false);
  });
});
