/** A run's scope from a request: which participants and paths, validated and in canonical order. */
import type { ParticipantView } from '../core-api.js';
import { LINK_PATHS, type LinkPath } from '../model.js';
import { InvalidScopeError } from './errors.js';

/** Default: everyone, in configuration order. Duplicates are dropped. @throws InvalidScopeError */
export function scopeViews(all: ParticipantView[], ids: readonly string[] | undefined): ParticipantView[] {
  if (ids === undefined) return all;
  if (ids.length === 0)
    throw new InvalidScopeError('participants, when given, must name at least one participant');
  const byId = new Map(all.map((v) => [v.participant.id, v]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new InvalidScopeError(`unknown participant(s): ${unknown.join(', ')}`);
  return [...new Set(ids)].map((id) => byId.get(id)).filter((v): v is ParticipantView => v !== undefined);
}

/** Default: every path. @throws InvalidScopeError */
export function scopePaths(paths: readonly LinkPath[] | undefined): LinkPath[] {
  if (paths === undefined) return [...LINK_PATHS];
  if (paths.length === 0) throw new InvalidScopeError('paths, when given, must name at least one path');
  const bad = paths.filter((p) => !LINK_PATHS.includes(p));
  if (bad.length > 0) throw new InvalidScopeError(`unknown path(s): ${bad.join(', ')}`);
  // Canonical order, so that equal scopes compare equal and reports read the same way.
  return LINK_PATHS.filter((p) => paths.includes(p));
}
