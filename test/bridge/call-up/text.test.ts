import { describe, expect, it } from 'vitest';
import { CALL_UP_MAX_CHARS, callUpText } from '../../../bridge/call-up/text.js';

const facts = {
  conferenceName: 'Älvgruppen Umeälven',
  subject: 'Höga flöden Umeälven',
  convenedBy: 'Länsstyrelsen Västerbotten (tib-anna)',
  // 02:12 UTC in December is 03:12 in Stockholm.
  atMs: Date.parse('2026-12-08T02:12:00Z'),
  timeZone: 'Europe/Stockholm',
  dialIn: '+46701740691',
};

describe('call-up text (kallelse)', () => {
  it('says subject, conference, who convenes, when (local time) and the number to dial', () => {
    expect(callUpText(facts)).toBe(
      'KALLELSE: Höga flöden Umeälven (Älvgruppen Umeälven). Sammankallad av Länsstyrelsen Västerbotten (tib-anna) kl 03:12. Ring in: +46701740691.',
    );
  });

  it('without subject or dial-in number says the conference and that they will be called', () => {
    expect(callUpText({ ...facts, subject: null, dialIn: null })).toBe(
      'KALLELSE: Älvgruppen Umeälven. Sammankallad av Länsstyrelsen Västerbotten (tib-anna) kl 03:12. Ni rings upp.',
    );
  });

  it('fits one SMS: a long subject is cut, never who convenes, when or the number', () => {
    const text = callUpText({ ...facts, subject: 'Dammbrott '.repeat(12).trim() });
    expect(text.length).toBeLessThanOrEqual(CALL_UP_MAX_CHARS);
    expect(text).toMatch(
      /^KALLELSE: Dammbrott Dammbrott .*…\. Sammankallad av .* kl 03:12\. Ring in: \+46701740691\.$/,
    );
  });
});
