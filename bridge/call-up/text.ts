/**
 * The call-up (kallelse) text: subject, who convenes, when, and the number to dial — short
 * enough for one SMS in the GSM 7-bit alphabet (160 characters; å ä ö Å Ä Ö é are in it), so
 * that it arrives in one piece on every phone, and well inside one SDS.
 */
export const CALL_UP_MAX_CHARS = 160;

export interface CallUpFacts {
  conferenceName: string;
  subject: string | null;
  /** Who convenes: the organisation (callUp.sender) and/or the host's user name. */
  convenedBy: string;
  atMs: number;
  timeZone: string;
  /** The conference's dial-in number, if it has one. */
  dialIn: string | null;
}

export function callUpText(f: CallUpFacts): string {
  const when = clock(f.atMs, f.timeZone);
  const dial = f.dialIn ? ` Ring in: ${f.dialIn}.` : ' Ni rings upp.';
  const by = ` Sammankallad av ${f.convenedBy} kl ${when}.`;
  const about = f.subject ? `${f.subject} (${f.conferenceName})` : f.conferenceName;
  const full = `KALLELSE: ${about}.${by}${dial}`;
  if (full.length <= CALL_UP_MAX_CHARS) return full;
  // Too long: the subject matters more than the conference's name, and is cut last.
  const subject = f.subject ?? f.conferenceName;
  const room = CALL_UP_MAX_CHARS - `KALLELSE: .${by}${dial}`.length;
  const cut = room <= 1 ? '' : subject.length <= room ? subject : `${subject.slice(0, room - 1)}…`;
  return `KALLELSE: ${cut}.${by}${dial}`.slice(0, CALL_UP_MAX_CHARS);
}

function clock(atMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' }).format(atMs);
}
