import { describe, expect, it } from 'vitest';
import { CALL_UP_MAX_CHARS, callUpText } from '../../../bridge/call-up/text.js';
import { FLOOD_CALL_UP } from '../../support/call-up-facts.js';

const facts = FLOOD_CALL_UP;

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
