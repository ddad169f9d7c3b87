/**
 * The roll call (upprop): the roster in the order the host calls it — by priority (1 first),
 * then in roster order — with where each member stands. A pure function of a conference
 * snapshot, so the HTTP view and any future printout agree.
 */
import type {
  ConferenceSnapshot,
  ParticipantSpec,
  RollCall,
  RollCallEntry,
  RollCallStatus,
} from './model.js';

export function rollCallOf(
  conference: ConferenceSnapshot,
  participants: ReadonlyMap<string, ParticipantSpec>,
  at: string,
): RollCall {
  const running = conference.state === 'convening' || conference.state === 'active';
  const members = new Map(conference.members.map((m) => [m.participantId, m]));
  const ordered = conference.roster
    .map((id, index) => ({ id, index, spec: participants.get(id) }))
    // Unknown roster ids (config checks prevent them) sort last rather than vanish.
    .sort(
      (a, b) =>
        (a.spec?.priority ?? Number.POSITIVE_INFINITY) - (b.spec?.priority ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    );
  const counts = { in: 0, phone: 0, radio: 0, waiting: 0, notIn: 0, removed: 0 };
  const entries = ordered.map(({ id, spec }, i): RollCallEntry => {
    const member = members.get(id);
    const removed = member?.removed ?? false;
    const path = member?.activePath ?? 'none';
    const waiting = running && !removed ? (member?.waiting ?? null) : null;
    const status: RollCallStatus = removed
      ? 'removed'
      : running && path !== 'none'
        ? 'in'
        : waiting
          ? 'waiting'
          : 'not-in';
    const via = status === 'in' ? path : 'none';
    if (status === 'in') counts.in += 1;
    if (status === 'removed') counts.removed += 1;
    if (status === 'waiting') counts.waiting += 1;
    if (status === 'not-in') counts.notIn += 1;
    if (via === 'phone') counts.phone += 1;
    if (via === 'radio') counts.radio += 1;
    return {
      position: i + 1,
      participantId: id,
      name: spec?.name ?? id,
      organisation: spec?.organisation ?? '',
      priority: spec?.priority ?? null,
      status,
      via,
      phoneConnected: member?.phoneConnected ?? false,
      muted: member?.muted ?? false,
      removed,
      lastCallOutcome: member?.lastCallOutcome ?? null,
      waiting,
    };
  });
  return { conferenceId: conference.id, name: conference.name, state: conference.state, at, counts, entries };
}
