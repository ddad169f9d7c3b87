/**
 * The ConferenceStateStore port's contract: the in-memory store and the SQLite adapter both run
 * it. `reopen`, where a backend has one, stands for a restart of the gateway: what was saved
 * before must load again, host flags included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ConferenceStateStore,
  PersistedConference,
  PersistedHostFlags,
} from '../../bridge/conference-store.js';

export interface ConferenceStoreHarness {
  store: ConferenceStateStore;
  /** A new store on the same data, as after a gateway restart (the old one is not closed first). */
  reopen?: () => Promise<ConferenceStateStore>;
  dispose(): Promise<void>;
}

export const vk: PersistedConference = {
  conferenceId: 'vk',
  state: 'active',
  since: '2026-11-28T08:30:00.000Z',
};

export const someFlags: PersistedHostFlags = {
  locked: true,
  muted: ['kraft', 'polisen'],
  removed: ['regionen'],
  onSite: ['kraft', 'regionen'],
  recording: { file: '/rec/vk-20261128T083500Z.wav', since: '2026-11-28T08:35:00.000Z' },
};

const byId = (rows: PersistedConference[]) =>
  [...rows].sort((a, b) => a.conferenceId.localeCompare(b.conferenceId));

export function runConferenceStateStoreContract(
  name: string,
  factory: () => Promise<ConferenceStoreHarness>,
): void {
  describe(`ConferenceStateStore contract: ${name}`, () => {
    let h: ConferenceStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('saves, replaces and clears one row per conference', async () => {
      expect(await h.store.load()).toEqual([]);
      await h.store.save({ ...vk, state: 'convening' });
      await h.store.save(vk);
      await h.store.save({ conferenceId: 'extra', state: 'ended', since: '2026-11-28T08:00:00.000Z' });
      expect(byId(await h.store.load())).toEqual([
        { conferenceId: 'extra', state: 'ended', since: '2026-11-28T08:00:00.000Z' },
        vk,
      ]);
      await h.store.clear('extra');
      await h.store.clear('never-saved');
      expect(await h.store.load()).toEqual([vk]);
    });

    it('keeps the host flags with the row, and a save without flags replaces them with none', async () => {
      await h.store.save({ ...vk, host: someFlags });
      await h.store.save({ conferenceId: 'plain', state: 'ended', since: vk.since });
      const [plain, kept] = byId(await h.store.load());
      expect(kept).toEqual({ ...vk, host: someFlags });
      expect(plain?.host).toBeUndefined();

      const cleared: PersistedHostFlags = { locked: false, muted: [], removed: [], recording: null };
      await h.store.save({ ...vk, state: 'convening', host: cleared });
      expect((await h.store.load()).find((c) => c.conferenceId === 'vk')).toEqual({
        ...vk,
        state: 'convening',
        host: cleared,
      });
      await h.store.save(vk);
      expect((await h.store.load()).find((c) => c.conferenceId === 'vk')?.host).toBeUndefined();
    });

    it('keeps the roster and subject a conference was convened with (issue 12)', async () => {
      const run = { roster: ['polisen', 'kraft'], subject: 'Höga flöden Umeälven' };
      await h.store.save({ ...vk, host: someFlags, run });
      await h.store.save({ conferenceId: 'plain', state: 'ended', since: vk.since });
      const [plain, kept] = byId(await h.store.load());
      expect(kept).toEqual({ ...vk, host: someFlags, run });
      expect(plain?.run).toBeUndefined();
      await h.store.save({ ...vk, run: { roster: ['polisen'], subject: null } });
      expect((await h.store.load()).find((c) => c.conferenceId === 'vk')?.run).toEqual({
        roster: ['polisen'],
        subject: null,
      });
    });

    it('hands out copies: changing a saved or loaded row changes nothing kept', async () => {
      const row: PersistedConference = { ...vk, host: structuredClone(someFlags) };
      await h.store.save(row);
      row.host?.muted.push('kraft2');
      const [loaded] = await h.store.load();
      loaded?.host?.removed.push('polisen');
      expect(await h.store.load()).toEqual([{ ...vk, host: someFlags }]);
    });

    it('loads what was saved before a restart, host flags included', async (context) => {
      if (!h.reopen) {
        // Only a durable store can be reopened; the in-memory one survives a core, not a process.
        context.skip();
        return;
      }
      await h.store.save({ ...vk, host: someFlags });
      const again = await h.reopen();
      expect(await again.load()).toEqual([{ ...vk, host: someFlags }]);
    });
  });
}
