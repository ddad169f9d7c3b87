/**
 * The protocol as titled tables of text, in Swedish: what HTML and PDF both lay out, so the two
 * never say different things.
 */
import type { Protocol } from './protocol.js';
import {
  ACTION_SV,
  absenceText,
  clockTime,
  decimal,
  intervalsText,
  nameOf,
  PATH_SV,
  PROBLEM_SV,
} from './protocol-labels.js';

export interface ProtocolSection {
  title: string;
  columns: string[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty: string;
  /** Rows to highlight (absent members), by index. */
  marked?: number[];
}

export function protocolSections(p: Protocol): ProtocolSection[] {
  const who = (id: string | null) => nameOf(p, id);
  return [
    {
      title: 'Närvaro',
      columns: ['Organisation', 'Funktion', 'Inne (från–till)', 'Vägar', 'Min. radio', 'Frånvaro'],
      rows: p.attendance.map((r) => [
        r.organisation,
        r.name,
        intervalsText(r),
        r.paths.map((path) => PATH_SV[path]).join(', '),
        decimal(r.radioMinutes),
        absenceText(r),
      ]),
      marked: p.attendance.flatMap((r, i) => (r.absent ? [i] : [])),
      empty: 'Ingen deltagarlista.',
    },
    {
      title: 'Upprop',
      columns: ['Tid', 'Av', 'Inne', 'Saknas'],
      rows: p.rollCalls.map(({ at, by, rollCall }) => {
        const c = rollCall.counts;
        const onSite = rollCall.entries.filter((e) => e.status === 'in' && e.via === 'on-site').length;
        const missing = rollCall.entries
          .filter((e) => e.status !== 'in')
          .map((e) => `${e.organisation} (${e.name})`);
        return [
          clockTime(at),
          by ?? '',
          `${c.in} av ${rollCall.entries.length} (telefon ${c.phone}, radio ${c.radio}, på plats ${onSite})`,
          missing.join(', ') || '–',
        ];
      }),
      empty: 'Inget upprop togs.',
    },
    {
      title: 'Värdens åtgärder',
      columns: ['Tid', 'Av', 'Åtgärd', 'Gäller', 'Detalj'],
      rows: p.hostActions.map((a) => [
        clockTime(a.at),
        a.by ?? '',
        ACTION_SV[a.kind] ?? a.kind,
        who(a.participantId),
        a.detail ?? '',
      ]),
      empty: 'Inga åtgärder.',
    },
    {
      title: 'Kallelse och svar',
      columns: ['Tid', 'Aktör', 'Vad', 'Detalj'],
      rows: p.callUp.map((c) => [
        clockTime(c.at),
        c.participantId ? who(c.participantId) : 'okänd avsändare',
        c.kind === 'reply' ? 'Svar' : 'Leverans',
        c.detail,
      ]),
      empty: 'Ingen kallelse skickades.',
    },
    {
      title: 'Nödanrop på radio',
      columns: ['Tid', 'Aktör', 'Detalj'],
      rows: p.emergencies.map((e) => [clockTime(e.at), who(e.participantId), e.detail]),
      empty: 'Inga nödanrop.',
    },
    {
      title: 'Inspelningar',
      columns: ['Fil', 'Start', 'Stopp', 'Av'],
      rows: p.recordings.map((r) => [
        r.file,
        clockTime(r.startedAt),
        r.stoppedAt ? clockTime(r.stoppedAt) : 'pågår',
        r.by ?? '',
      ]),
      empty: 'Ingen inspelning.',
    },
    {
      title: 'Sambandstester under konferensen',
      columns: ['Tid', 'Körning', 'Av'],
      rows: p.sambandstests.map((s) => [clockTime(s.at), s.runId, s.by ?? 'schema']),
      empty: 'Inga.',
    },
    {
      title: 'Vad gick fel',
      columns: ['Tid', 'Vad', 'Gäller', 'Detalj'],
      rows: p.problems.map((x) => [clockTime(x.at), PROBLEM_SV[x.kind], who(x.participantId), x.detail]),
      empty: 'Inga fel noterade.',
    },
  ];
}

/** The on-site meeting place, as one line, when the conference has one. */
export function onSiteLine(p: Protocol): string | null {
  const place = p.run.onSite;
  if (!place) return null;
  return [place.name, place.address, place.note].filter(Boolean).join(', ');
}
