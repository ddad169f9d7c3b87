/**
 * The roll call (upprop): the roster in the order the host calls it — by priority (1 first),
 * then in roster order — with where each member stands. A pure function of a conference
 * snapshot, so the HTTP view and any future printout agree.
 *
 * A member the host marked on site (på plats) is `in` via `on-site` — also when removed (its
 * phone hung up) — unless phone or radio carries it: then that path wins (it is what the
 * conference hears) and `onSite` still says the member is in the room.
 */
import type {
  AttendancePath,
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
  const counts = { in: 0, phone: 0, radio: 0, onSite: 0, waiting: 0, notIn: 0, removed: 0 };
  const entries = ordered.map(({ id, spec }, i): RollCallEntry => {
    const member = members.get(id);
    const removed = member?.removed ?? false;
    const path = member?.activePath ?? 'none';
    const onSite = running && (member?.onSite ?? false);
    const carried = running && path !== 'none' && !removed;
    const waiting = running && !removed && !onSite ? (member?.waiting ?? null) : null;
    const status: RollCallStatus =
      carried || onSite ? 'in' : removed ? 'removed' : waiting ? 'waiting' : 'not-in';
    const via: AttendancePath = carried ? path : onSite ? 'on-site' : 'none';
    if (status === 'in') counts.in += 1;
    if (status === 'removed') counts.removed += 1;
    if (status === 'waiting') counts.waiting += 1;
    if (status === 'not-in') counts.notIn += 1;
    if (via === 'phone') counts.phone += 1;
    if (via === 'radio') counts.radio += 1;
    if (via === 'on-site') counts.onSite += 1;
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
      onSite,
    };
  });
  return { conferenceId: conference.id, name: conference.name, state: conference.state, at, counts, entries };
}
