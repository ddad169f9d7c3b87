/**
 * Properties of roster selectors (issue 12), over generated participants and selectors:
 * whom a selector resolves to does not depend on the order anything is written in, and an
 * exclusion always wins over tags and `add`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RosterSelector,
  resolveRoster,
  selectRoster,
  type Taggable,
  type Tags,
} from '../../bridge/roster.js';

const KEYS = ['area', 'sector', 'tag'] as const;
const VALUES = ['umealven', 'demoalven', 'kommun', 'dammagare', 'rakel'] as const;
const IDS = Array.from({ length: 12 }, (_, i) => `p${i}`);

const tagsArb: fc.Arbitrary<Tags> = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }),
  { maxKeys: 3 },
);
const participantsArb: fc.Arbitrary<Taggable[]> = fc
  .uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: IDS.length })
  .chain((ids) => fc.tuple(...ids.map((id) => tagsArb.map((tags): Taggable => ({ id, tags })))));
const selectorArb: fc.Arbitrary<RosterSelector> = fc.record(
  {
    tags: tagsArb,
    add: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 4 }),
    exclude: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 4 }),
  },
  { requiredKeys: [] },
);

/** The same selector with every list and every key in another order. */
function shuffled(selector: RosterSelector, seed: number): RosterSelector {
  const turn = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = (seed * (i + 7)) % (i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return {
    ...(selector.tags
      ? { tags: Object.fromEntries(turn(Object.entries(selector.tags)).map(([k, v]) => [k, turn(v)])) }
      : {}),
    ...(selector.add ? { add: turn(selector.add) } : {}),
    ...(selector.exclude ? { exclude: turn(selector.exclude) } : {}),
  };
}

const asSet = (ids: readonly string[]) => [...ids].sort();

describe('roster selector properties', () => {
  it('resolution does not depend on the order of values, keys, add/exclude lists or participants', () => {
    fc.assert(
      fc.property(participantsArb, selectorArb, fc.nat(1000), (participants, selector, seed) => {
        const once = resolveRoster(selector, participants);
        const reordered = resolveRoster(shuffled(selector, seed), [...participants].reverse());
        expect(asSet(reordered)).toEqual(asSet(once));
        // No one twice, whatever the overlap of tags and add.
        expect(new Set(once).size).toBe(once.length);
      }),
    );
  });

  it('an exclusion always wins: over matching tags, over add, and over the configured roster when extending', () => {
    fc.assert(
      fc.property(
        participantsArb,
        selectorArb,
        fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 6 }),
        (participants, selector, configured) => {
          const excluded = new Set(selector.exclude ?? []);
          for (const id of resolveRoster(selector, participants)) expect(excluded.has(id)).toBe(false);
          for (const mode of ['replace', 'extend'] as const) {
            for (const id of selectRoster(configured, selector, mode, participants))
              expect(excluded.has(id)).toBe(false);
          }
        },
      ),
    );
  });

  it('selects exactly those matching every key (any value within a key), plus added ids, minus excluded', () => {
    fc.assert(
      fc.property(participantsArb, selectorArb, (participants, selector) => {
        const tags = selector.tags ?? {};
        const matches = (p: Taggable) =>
          Object.entries(tags).every(([k, vs]) => vs.some((v) => (p.tags?.[k] ?? []).includes(v)));
        const known = new Set(participants.map((p) => p.id));
        const expected = new Set<string>();
        const base = selector.tags ? participants.filter(matches) : selector.add ? [] : participants;
        for (const p of base) expected.add(p.id);
        for (const id of selector.add ?? []) if (known.has(id)) expected.add(id);
        for (const id of selector.exclude ?? []) expected.delete(id);
        expect(asSet(resolveRoster(selector, participants))).toEqual(asSet([...expected]));
      }),
    );
  });
});
