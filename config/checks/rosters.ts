/**
 * Roster selectors must select what the operator meant (issue 12): a tag key nobody carries is
 * an error (a typo would silently leave organisations out of a crisis conference), a value
 * nobody carries under a known key is a warning (a network may be empty for now), ids to add
 * or exclude must be participants, and a roster that resolves to nobody is an error.
 */
import { normaliseTags, type Tags, tagVocabulary } from '../../bridge/roster.js';
import { closest } from '../closest.js';
import type { FieldPath } from '../problem.js';
import type { RosterSelectorConfig } from '../schema.js';
import type { Check, CheckContext } from './context.js';
import { checkIds, participantIds } from './references.js';
import { configuredRoster } from './roster-of.js';

export const rosterSelectors: Check = (ctx) => {
  const { config } = ctx;
  const ids = participantIds(ctx);
  const vocabulary = tagVocabulary(
    config.participants.map((p) => ({ id: p.id, tags: normaliseTags(p.tags) })),
  );
  config.conferences.forEach((conference, i) => {
    const { roster } = conference;
    const path: FieldPath = ['conferences', i, 'roster'];
    if (roster === 'all' || Array.isArray(roster)) return;
    if (roster.tags !== undefined) checkTags(ctx, vocabulary, roster.tags, [...path, 'tags']);
    if (roster.add) checkIds(ctx, ids, roster.add, [...path, 'add']);
    if (roster.exclude) checkIds(ctx, ids, roster.exclude, [...path, 'exclude']);
    if (configuredRoster(config, conference).length === 0) {
      ctx.error(
        path,
        `expected a roster that selects at least one participant, found one that selects nobody`,
      );
    }
  });
};

function checkTags(
  ctx: CheckContext,
  vocabulary: ReadonlyMap<string, ReadonlySet<string>>,
  written: RosterSelectorConfig['tags'],
  path: FieldPath,
): void {
  if (written === undefined) return;
  // A flat list is the values of the `tag` key, and is reported at its own indexes.
  const flat = Array.isArray(written);
  const tags: Tags = normaliseTags(written);
  for (const [key, values] of Object.entries(tags)) {
    const keyPath = flat ? path : [...path, key];
    const known = vocabulary.get(key);
    if (!known) {
      const hint = closest(key, vocabulary.keys());
      const what = flat
        ? 'a flat tag list, but no participant has flat tags'
        : `tag key "${key}", which no participant has`;
      ctx.error(
        keyPath,
        `expected a tag key participants carry, found ${what}${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
      continue;
    }
    values.forEach((value, j) => {
      if (known.has(value)) return;
      const hint = closest(value, known);
      ctx.warn(
        [...keyPath, j],
        `no participant has ${flat ? 'tag' : `${key}:`} "${value}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    });
  }
}
