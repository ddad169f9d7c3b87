/** Whom a configured roster resolves to, for the checks and `check-config --explain`. */
import { normaliseTags, type RosterRule, resolveRoster } from '../../bridge/roster.js';
import type { ConferenceConfig, Config } from '../schema.js';

export function configuredRoster(config: Config, conference: Pick<ConferenceConfig, 'roster'>): string[] {
  const participants = config.participants.map((p) => ({ id: p.id, tags: normaliseTags(p.tags) }));
  return resolveRoster(rosterRule(conference.roster), participants);
}

/** A configured roster in the core's shape (a flat tag list in a selector becomes the `tag` key). */
export function rosterRule(roster: ConferenceConfig['roster']): RosterRule {
  if (roster === 'all' || Array.isArray(roster)) return roster;
  return { ...roster, tags: roster.tags === undefined ? undefined : normaliseTags(roster.tags) };
}
