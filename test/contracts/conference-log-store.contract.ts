/**
 * The ConferenceLogStore port's contract: the in-memory store and the SQLite adapter both run it.
 * `reopen`, where a backend has one, stands for a gateway killed and started again: every entry
 * appended before must be there, and the run still open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConferenceLogErrorCodes } from '../../bridge/conference-log/errors.js';
import type { ConferenceRun, NewLogEntry } from '../../bridge/conference-log/model.js';
import type { ConferenceLogStore } from '../../bridge/conference-log/store.js';

export interface ConferenceLogHarness {
  store: ConferenceLogStore;
  /** A new store on the same data, the old one left open as a killed gateway leaves it. */
  reopen?: () => Promise<ConferenceLogStore>;
  dispose(): Promise<void>;
}

export function aConferenceRun(runId: string, overrides: Partial<ConferenceRun> = {}): ConferenceRun {
  return {
    runId,
    conferenceId: 'vk',
    conferenceName: 'Samverkanskonferens Västra Götaland',
    startedAt: '2026-11-28T08:30:00.000Z',
    startedBy: 'tib-token',
    startedHow: 'convened',
    endedAt: null,
    endReason: null,
    roster: [
      { participantId: 'polisen', name: 'Polisen RLC', organisation: 'Polismyndigheten' },
      { participantId: 'kommun', name: 'Tjänsteman i beredskap', organisation: 'Göteborgs stad' },
    ],
    onSite: { name: 'Länsstyrelsen, sal Vänern', address: 'Södra Hamngatan 3, Göteborg' },
    ...overrides,
  };
}

const joined: NewLogEntry = {
  at: '2026-11-28T08:30:05.000Z',
  kind: 'path-changed',
  participantId: 'polisen',
  path: 'phone',
  reason: 'phone-up',
};
const muted: NewLogEntry = {
  at: '2026-11-28T08:31:00.000Z',
  kind: 'muted',
  participantId: 'polisen',
  by: 'tib',
};

export function runConferenceLogStoreContract(
  name: string,
  factory: () => Promise<ConferenceLogHarness>,
): void {
  describe(`ConferenceLogStore contract: ${name}`, () => {
    let h: ConferenceLogHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('keeps a run and its entries in the order appended, numbered from 1', async () => {
      await h.store.startRun(aConferenceRun('vk-1'));
      await h.store.append('vk-1', joined);
      await h.store.append('vk-1', muted);
      expect(await h.store.getRun('vk-1')).toEqual(aConferenceRun('vk-1'));
      expect(await h.store.entries('vk-1')).toEqual([
        { ...joined, seq: 1 },
        { ...muted, seq: 2 },
      ]);
    });

    it('keeps a roll call in full', async () => {
      await h.store.startRun(aConferenceRun('vk-1'));
      const rollCall = {
        conferenceId: 'vk',
        name: 'VK',
        state: 'active' as const,
        at: '2026-11-28T08:35:00.000Z',
        counts: { in: 1, phone: 1, radio: 0, onSite: 0, waiting: 0, notIn: 1, removed: 0 },
        entries: [],
      };
      await h.store.append('vk-1', { at: rollCall.at, kind: 'roll-call', by: 'tib', rollCall });
      expect((await h.store.entries('vk-1'))[0]?.rollCall).toEqual(rollCall);
    });

    it('ends a run once; an ended run takes no entries and does not end again', async () => {
      await h.store.startRun(aConferenceRun('vk-1'));
      await h.store.endRun('vk-1', '2026-11-28T09:00:00.000Z', 'ended-by-request');
      expect(await h.store.getRun('vk-1')).toMatchObject({
        endedAt: '2026-11-28T09:00:00.000Z',
        endReason: 'ended-by-request',
      });
      await expect(h.store.append('vk-1', muted)).rejects.toMatchObject({
        code: ConferenceLogErrorCodes.RUN_ENDED,
      });
      await expect(h.store.endRun('vk-1', '2026-11-28T09:10:00.000Z', 'again')).rejects.toMatchObject({
        code: ConferenceLogErrorCodes.RUN_ENDED,
      });
      expect((await h.store.getRun('vk-1'))?.endedAt).toBe('2026-11-28T09:00:00.000Z');
    });

    it('refuses unknown runs and a run id taken twice', async () => {
      await expect(h.store.append('nope', muted)).rejects.toMatchObject({
        code: ConferenceLogErrorCodes.UNKNOWN_RUN,
      });
      await expect(h.store.entries('nope')).rejects.toMatchObject({
        code: ConferenceLogErrorCodes.UNKNOWN_RUN,
      });
      expect(await h.store.getRun('nope')).toBeNull();
      await h.store.startRun(aConferenceRun('vk-1'));
      await expect(h.store.startRun(aConferenceRun('vk-1'))).rejects.toMatchObject({
        code: ConferenceLogErrorCodes.RUN_EXISTS,
      });
    });

    it("lists a conference's runs newest first, and the open ones oldest first", async () => {
      await h.store.startRun(aConferenceRun('vk-1', { startedAt: '2026-11-21T08:30:00.000Z' }));
      await h.store.endRun('vk-1', '2026-11-21T09:00:00.000Z', 'ended-by-request');
      await h.store.startRun(aConferenceRun('vk-2', { startedAt: '2026-11-28T08:30:00.000Z' }));
      await h.store.startRun(
        aConferenceRun('other-1', { conferenceId: 'other', startedAt: '2026-11-27T08:30:00.000Z' }),
      );
      expect((await h.store.listRuns('vk')).map((r) => r.runId)).toEqual(['vk-2', 'vk-1']);
      expect((await h.store.listRuns('vk', { limit: 1 })).map((r) => r.runId)).toEqual(['vk-2']);
      expect((await h.store.listRuns('none')).length).toBe(0);
      expect((await h.store.openRuns()).map((r) => r.runId)).toEqual(['other-1', 'vk-2']);
    });

    it('prunes whole runs that ended before a time, never an open one', async () => {
      await h.store.startRun(aConferenceRun('old', { startedAt: '2025-01-01T08:00:00.000Z' }));
      await h.store.append('old', muted);
      await h.store.endRun('old', '2025-01-01T09:00:00.000Z', 'ended-by-request');
      await h.store.startRun(aConferenceRun('open', { startedAt: '2024-01-01T08:00:00.000Z' }));
      await h.store.startRun(aConferenceRun('recent', { startedAt: '2026-11-28T08:00:00.000Z' }));
      await h.store.endRun('recent', '2026-11-28T09:00:00.000Z', 'ended-by-request');
      expect(await h.store.pruneEndedBefore('2026-01-01T00:00:00.000Z')).toBe(1);
      expect(await h.store.getRun('old')).toBeNull();
      expect((await h.store.listRuns('vk')).map((r) => r.runId).sort()).toEqual(['open', 'recent']);
    });

    it('hands out copies: changing what was given or loaded changes nothing kept', async () => {
      const run = aConferenceRun('vk-1');
      await h.store.startRun(run);
      run.roster.pop();
      const entry = { ...muted };
      await h.store.append('vk-1', entry);
      entry.by = 'someone else';
      const [loaded] = await h.store.entries('vk-1');
      if (loaded) loaded.by = 'changed';
      expect(await h.store.getRun('vk-1')).toEqual(aConferenceRun('vk-1'));
      expect(await h.store.entries('vk-1')).toEqual([{ ...muted, seq: 1 }]);
    });

    it('after a restart the open run goes on where it was', async (context) => {
      if (!h.reopen) {
        context.skip();
        return;
      }
      await h.store.startRun(aConferenceRun('vk-1'));
      await h.store.append('vk-1', joined);
      const again = await h.reopen();
      expect((await again.openRuns()).map((r) => r.runId)).toEqual(['vk-1']);
      await again.append('vk-1', muted);
      expect((await again.entries('vk-1')).map((e) => e.seq)).toEqual([1, 2]);
    });
  });
}
