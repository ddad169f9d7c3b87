/**
 * Who is called depends on what happened and where (issue 12): participants carry tags
 * (`area: [umealven]`, `sector: [kommun]`), and a roster is `all`, a list of ids, or a selector
 * over the tags plus ids to add or exclude. Resolution is pure and happens twice: once for the
 * configured rosters (at start, and for `check-config --explain`) and again at convene time
 * for a selection the host makes on the spot.
 */

/** Tag key → values. A flat list of tags is kept under the key {@link FLAT_TAG_KEY}. */
export type Tags = Readonly<Record<string, readonly string[]>>;

/** The key a flat tag list (`tags: [dammagare, rakel]`) is filed under. */
export const FLAT_TAG_KEY = 'tag';

export interface RosterSelector {
  /** Within a key any of the values matches; every key given must match. */
  tags?: Tags;
  /** Participants taken whatever their tags. */
  add?: readonly string[];
  /** Participants left out; wins over `tags` and `add`. */
  exclude?: readonly string[];
}

export type RosterRule = 'all' | readonly string[] | RosterSelector;

/** What a participant needs for roster resolution. */
export interface Taggable {
  readonly id: string;
  readonly tags?: Tags;
}

/** A flat list or a keyed map, as written in the config or an API body, in one shape. */
export function normaliseTags(tags: readonly string[] | Tags | undefined): Tags {
  if (tags === undefined) return {};
  if (isList(tags)) return tags.length === 0 ? {} : { [FLAT_TAG_KEY]: [...tags] };
  return tags;
}

export function matchesTags(participant: Taggable, wanted: Tags): boolean {
  const own = participant.tags ?? {};
  return Object.entries(wanted).every(([key, values]) => {
    const have = own[key] ?? [];
    return values.some((v) => have.includes(v));
  });
}

/**
 * The participant ids a rule names, without duplicates. `all` and selectors keep the
 * participants' configured order (then added ids in the order given); an id list keeps its own.
 * A selector without `tags` starts from everyone (`{ exclude: [x] }` is "all but x") unless
 * it only adds. Unknown ids are dropped: the config checks report them, and an API caller's
 * are refused before resolution.
 */
export function resolveRoster(rule: RosterRule, participants: readonly Taggable[]): string[] {
  const known = new Set(participants.map((p) => p.id));
  if (rule === 'all') return participants.map((p) => p.id);
  if (isList(rule)) return unique(rule.filter((id) => known.has(id)));
  const excluded = new Set(rule.exclude ?? []);
  const base = rule.tags
    ? participants.filter((p) => matchesTags(p, rule.tags ?? {})).map((p) => p.id)
    : rule.add
      ? []
      : participants.map((p) => p.id);
  const added = (rule.add ?? []).filter((id) => known.has(id));
  return unique([...base, ...added]).filter((id) => !excluded.has(id));
}

/** How a selection made at convene time relates to the conference's configured roster. */
export type SelectionMode = 'replace' | 'extend';

/**
 * The roster of a conference convened with an on-the-spot selection: the selection alone
 * (`replace`), or the configured roster plus the selection (`extend`), where the selection's
 * `exclude` also takes people off the configured roster.
 */
export function selectRoster(
  configured: readonly string[],
  selection: RosterSelector,
  mode: SelectionMode,
  participants: readonly Taggable[],
): string[] {
  // `extend` with only exclusions means "the configured roster but these", not "everyone but".
  const selected =
    mode === 'extend' && !selection.tags && !selection.add
      ? []
      : resolveRoster({ tags: selection.tags, add: selection.add }, participants);
  const base = mode === 'extend' ? [...configured, ...selected] : selected;
  const excluded = new Set(selection.exclude ?? []);
  return unique(base).filter((id) => !excluded.has(id));
}

/** Every tag key in use, with the values seen under it (for checks and the convene dialog). */
export function tagVocabulary(participants: readonly Taggable[]): Map<string, Set<string>> {
  const vocabulary = new Map<string, Set<string>>();
  for (const p of participants) {
    for (const [key, values] of Object.entries(p.tags ?? {})) {
      const seen = vocabulary.get(key) ?? new Set<string>();
      for (const v of values) seen.add(v);
      vocabulary.set(key, seen);
    }
  }
  return vocabulary;
}

function isList<T>(value: readonly T[] | object): value is readonly T[] {
  return Array.isArray(value);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
