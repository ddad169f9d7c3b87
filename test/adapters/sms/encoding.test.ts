import { describe, expect, it } from 'vitest';
import {
  decodeGsm,
  encodeForModem,
  fromUcs2Hex,
  isGsm7,
  MAX_PARTS,
  planSms,
  SmsTooLongError,
  ucs2Hex,
} from '../../../adapters/sms/encoding.js';
import { callUpText } from '../../../bridge/call-up/text.js';
import { FLOOD_CALL_UP } from '../../support/call-up-facts.js';

describe('SMS text encoding (3GPP TS 23.038 / 27.005 text mode)', () => {
  it('sends Swedish in the GSM 7-bit alphabet: å ä ö Å Ä Ö é are in it, as their GSM codes', () => {
    expect(isGsm7('Höga flöden Umeälven, Åsele, Älvsbyn, Örnsköldsvik, café')).toBe(true);
    expect(encodeForModem('äöåÄÖÅé', 'GSM')).toBe('\x7b\x7c\x0f\x5b\x5c\x0e\x05');
    expect(decodeGsm(encodeForModem('Höga flöden Umeälven', 'GSM'))).toBe('Höga flöden Umeälven');
  });

  it('the call-up fits one GSM SMS', () => {
    const text = callUpText(FLOOD_CALL_UP);
    expect(planSms(text)).toEqual({ charset: 'GSM', dcs: 0, parts: [text] });
  });

  it('falls back to UCS2 (hex, 70 per SMS) for anything outside the alphabet, and for @ and Ctrl-Z risks', () => {
    expect(isGsm7('Ting – “citat”')).toBe(false);
    expect(isGsm7('mejl@kommun.se')).toBe(false);
    expect(planSms('Bränd ”skog”')).toMatchObject({ charset: 'UCS2', dcs: 8, parts: ['Bränd ”skog”'] });
    expect(ucs2Hex('Hä')).toBe('004800E4');
    expect(fromUcs2Hex(ucs2Hex('Umeälven – höga flöden'))).toBe('Umeälven – höga flöden');
  });

  it('splits a long text into numbered parts (text mode cannot concatenate), at most 3, refusing a longer one whole', () => {
    const long = 'Vattenföring över 100-årsflöde. '.repeat(8);
    const plan = planSms(long);
    expect(plan.charset).toBe('GSM');
    expect(plan.parts).toHaveLength(2);
    expect(plan.parts[0]?.startsWith('(1/2) Vattenföring')).toBe(true);
    expect(plan.parts.every((p) => [...p].length <= 160)).toBe(true);
    const three = planSms('ö”'.repeat(96));
    expect(three).toMatchObject({ charset: 'UCS2' });
    expect(three.parts).toHaveLength(MAX_PARTS);
    expect(three.parts.every((p) => [...p].length <= 70)).toBe(true);
    expect(three.parts.map((p) => p.slice(6)).join('')).toBe('ö”'.repeat(96));
    expect(() => planSms('ö”'.repeat(97))).toThrow(SmsTooLongError);
    expect(() => planSms('ö”'.repeat(200))).toThrow(/needs 7 SMS \(400 characters in UCS2\).*not sent/);
  });
});
