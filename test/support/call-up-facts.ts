/** A night call-up's facts, shared by the text and SMS encoding tests. */
import type { CallUpFacts } from '../../bridge/call-up/text.js';

export const FLOOD_CALL_UP: CallUpFacts = {
  conferenceName: 'Älvgruppen Umeälven',
  subject: 'Höga flöden Umeälven',
  convenedBy: 'Länsstyrelsen Västerbotten (tib-anna)',
  // 02:12 UTC in December is 03:12 in Stockholm.
  atMs: Date.parse('2026-12-08T02:12:00Z'),
  timeZone: 'Europe/Stockholm',
  dialIn: '+46701740691',
};
