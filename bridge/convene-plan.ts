/**
 * Convening on the spot (issue 12): the host names a subject and may make a selection that
 * replaces or extends the configured roster. The plan resolves it against the participants
 * now, says who is busy in another live conference (an organisation is in at most one), and is
 * what the convene dialog previews before anyone is called — so what the host saw is what runs.
 */
import { CoreErrorCodes, ValidationError } from './errors.js';
import type { ParticipantSpec } from './model.js';
import {
  normaliseTags,
  type RosterSelector,
  type SelectionMode,
  selectRoster,
  type Tags,
  tagVocabulary,
} from './roster.js';

/** The longest subject kept: it goes into an SMS/SDS call-up and onto the board. */
export const MAX_SUBJECT_LENGTH = 120;

export interface ConveneRequest {
  /** What happened, e.g. "Höga flöden Umeälven". */
  subject?: string;
  /** A selection made on the spot; without it the configured roster is called. */
  selection?: { tags?: Tags | readonly string[]; add?: readonly string[]; exclude?: readonly string[] };
  /** `replace` (default) or `extend` the configured roster with the selection. */
  mode?: SelectionMode;
  /** Leave out organisations busy in another live conference instead of refusing to convene. */
  skipBusy?: boolean;
  /** Send the call-up (kallelse) by SDS and SMS; default true. */
  callUp?: boolean;
}

export interface RosterPreviewEntry {
  participantId: string;
  name: string;
  organisation: string;
  /** The live conference this organisation is in now, if any. */
  busyIn: string | null;
}

export interface RosterPreview {
  conferenceId: string;
  subject: string | null;
  /** Everyone the request selects, in roster order, busy ones included. */
  selected: RosterPreviewEntry[];
  counts: { selected: number; busy: number; toCall: number };
}

export interface ConvenePlan {
  preview: RosterPreview;
  /** Who will be called: the selection, less busy organisations when `skipBusy`. */
  roster: string[];
}

export function planConvene(options: {
  conferenceId: string;
  configuredRoster: readonly string[];
  request: ConveneRequest;
  participants: ReadonlyMap<string, ParticipantSpec>;
  busyIn: (participantId: string) => string | null;
}): ConvenePlan {
  const { conferenceId, request, participants } = options;
  const subject = subjectOf(request.subject);
  const selected = request.selection
    ? selectRoster(
        options.configuredRoster,
        selectorOf(request.selection, participants),
        request.mode ?? 'replace',
        [...participants.values()],
      )
    : [...options.configuredRoster];
  const entries = selected.map((pid): RosterPreviewEntry => {
    const p = participants.get(pid);
    return {
      participantId: pid,
      name: p?.name ?? pid,
      organisation: p?.organisation ?? '',
      busyIn: options.busyIn(pid),
    };
  });
  const busy = entries.filter((e) => e.busyIn !== null).length;
  const roster = entries.filter((e) => !(request.skipBusy && e.busyIn)).map((e) => e.participantId);
  return {
    preview: {
      conferenceId,
      subject,
      selected: entries,
      counts: { selected: entries.length, busy, toCall: request.skipBusy ? roster.length : entries.length },
    },
    roster,
  };
}

function subjectOf(subject: string | undefined): string | null {
  const trimmed = subject?.replace(/\s+/g, ' ').trim() ?? '';
  if (trimmed.length > MAX_SUBJECT_LENGTH) {
    throw new ValidationError(
      CoreErrorCodes.INVALID_SELECTION,
      `a subject of at most ${MAX_SUBJECT_LENGTH} characters, found ${trimmed.length}`,
    );
  }
  return trimmed === '' ? null : trimmed;
}

/** A selection naming an unknown participant or tag key is refused: a typo must not drop anyone. */
function selectorOf(
  selection: NonNullable<ConveneRequest['selection']>,
  participants: ReadonlyMap<string, ParticipantSpec>,
): RosterSelector {
  for (const id of [...(selection.add ?? []), ...(selection.exclude ?? [])]) {
    if (!participants.has(id)) {
      throw new ValidationError(CoreErrorCodes.INVALID_SELECTION, `no participant with id "${id}"`);
    }
  }
  const tags = selection.tags === undefined ? undefined : normaliseTags(selection.tags);
  const vocabulary = tagVocabulary([...participants.values()]);
  for (const key of Object.keys(tags ?? {})) {
    if (!vocabulary.has(key)) {
      const known = [...vocabulary.keys()].join(', ') || 'none';
      throw new ValidationError(
        CoreErrorCodes.INVALID_SELECTION,
        `no participant has tag key "${key}" (known keys: ${known})`,
      );
    }
  }
  return { tags, add: selection.add, exclude: selection.exclude };
}
