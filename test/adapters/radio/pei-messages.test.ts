import { describe, expect, it } from 'vitest';
import {
  CME_ERRORS,
  CME_NETWORK_TIMEOUT,
  CME_NO_NETWORK_SERVICE,
  CME_TERMINAL_BUSY,
  cmeError,
} from '../../../adapters/radio/cme-errors.js';
import { CmeError, RadioErrorCodes } from '../../../adapters/radio/errors.js';
import { parseFinal, parsePeiLine, toIssi, withSdsPayload } from '../../../adapters/radio/pei-messages.js';
import { classifySdsPayload, encodeSdsTlReport, encodeSdsTlText } from '../../../adapters/radio/sds-pdu.js';

describe('PEI parser: the real exchanges of PEI.md', () => {
  it('parses the incoming group call sequence', () => {
    expect(parsePeiLine('+CTICN: 1,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300000001,0')).toEqual({
      type: 'CTICN',
      cci: 1,
      callingIssi: '23404',
      calledIssi: '1',
      simplex: true,
      priority: 0,
    });
    expect(parsePeiLine('+CTXG: 1,3,0,0,3,09011638300023404')).toEqual({
      type: 'CTXG',
      cci: 1,
      grant: 'granted-to-other',
      talkerIssi: '23404',
    });
    expect(parsePeiLine('+CDTXC: 1,0')).toEqual({ type: 'CDTXC', cci: 1 });
    expect(parsePeiLine('+CTCR: 1,13')).toEqual({
      type: 'CTCR',
      cci: 1,
      cause: 13,
      causeText: 'expiry of timer',
    });
    expect(parsePeiLine('+CTCC: 2,1,1,0,0,1,1')).toEqual({ type: 'CTCC', cci: 2 });
  });

  it('reads the CTICN priority level (13th field), 15 being emergency, and tolerates its absence', () => {
    const emergency = parsePeiLine('+CTICN: 4,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300001001,15');
    expect(emergency).toMatchObject({ type: 'CTICN', cci: 4, callingIssi: '23404', priority: 15 });
    expect(parsePeiLine('+CTICN: 4,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300001001')).toMatchObject({
      priority: null,
    });
    expect(parsePeiLine('+CTICN: 4,0,0,5,09011638300023404,1,1,0,1,1,5,1001,99')).toMatchObject({
      priority: null,
    });
  });

  it('treats a 16-bit payload of AI service 13 as a status, even below 0x8000 (status 0 = emergency)', () => {
    const header = parsePeiLine('+CTSDSR: 13,23404,0,23401,0,16');
    if (header?.type !== 'CTSDSR') throw new Error('no header');
    expect(withSdsPayload(header, '0000')).toMatchObject({ payload: { kind: 'status', value: 0 } });
    expect(withSdsPayload(header, '8003')).toMatchObject({ payload: { kind: 'status', value: 0x8003 } });
    const text = parsePeiLine('+CTSDSR: 12,23404,0,23401,0,16');
    if (text?.type !== 'CTSDSR') throw new Error('no header');
    expect(withSdsPayload(text, '0000')).toMatchObject({ payload: { kind: 'unknown' } });
  });

  it('parses an incoming SDS header and classifies its payload', () => {
    const header = parsePeiLine('+CTSDSR: 12,23404,0,23401,0,112');
    expect(header).toEqual({ type: 'CTSDSR', aiService: 12, fromIssi: '23404', toIssi: '23401', bits: 112 });
    if (header?.type !== 'CTSDSR') throw new Error('no header');
    expect(withSdsPayload(header, '82040801476A61746A616A676A61')).toMatchObject({
      type: 'SDS',
      payload: { kind: 'text', text: 'Gjatjajgja', ref: 8, reportRequested: true },
    });
  });

  it('parses +CMGS local result and delivery reports', () => {
    expect(parsePeiLine('+CMGS: 0')).toEqual({ type: 'CMGS', instance: 0, status: null, ref: null });
    expect(parsePeiLine('+CMGS: 0,4,7')).toEqual({ type: 'CMGS', instance: 0, status: 4, ref: 7 });
    expect(parsePeiLine('+CMGS: 3,5,200')).toEqual({ type: 'CMGS', instance: 3, status: 5, ref: 200 });
  });

  it('converts +CSQ to dBm (−113 + 2n; 99 = no network)', () => {
    expect(parsePeiLine('+CSQ: 0,99')).toMatchObject({ dbm: -113 });
    expect(parsePeiLine('+CSQ: 20,99')).toMatchObject({ dbm: -73 });
    expect(parsePeiLine('+CSQ: 31,99')).toMatchObject({ dbm: -51 });
    expect(parsePeiLine('+CSQ: 99,99')).toMatchObject({ rssi: 99, dbm: null });
  });

  it('parses registration, mode, identity and talkgroup', () => {
    expect(parsePeiLine('+CREG: 1,1001,1638')).toMatchObject({ registered: true, la: '1001' });
    expect(parsePeiLine('+CREG: 5,1001,1638')).toMatchObject({ registered: true });
    expect(parsePeiLine('+CREG: 0')).toMatchObject({ registered: false });
    expect(parsePeiLine('+CTOM: 0')).toMatchObject({ modeName: 'TMO' });
    expect(parsePeiLine('+CTOM: 1')).toMatchObject({ modeName: 'DMO' });
    expect(parsePeiLine('+CNUMF: 6,09011638300023401')).toMatchObject({ issi: '23401' });
    expect(parsePeiLine('+CTGS: 1,09011638300001001')).toMatchObject({ gssi: '1001' });
  });

  it('recognises +CTXD, +CTXI, +CTXW, +CTDGR, +CLVL without acting', () => {
    for (const name of ['CTXD', 'CTXI', 'CTXW', 'CTDGR', 'CLVL']) {
      expect(parsePeiLine(`+${name}: 1,2`)).toEqual({ type: 'RECOGNISED', name, fields: ['1', '2'] });
    }
  });

  it('returns null for unknown and malformed lines, never throws', () => {
    for (const line of [
      '',
      'OK',
      'hello',
      '+XYZ: 1',
      '+CSQ: x',
      '+CTXG: 1,9',
      '+CTSDSR: 12',
      '+CTCR:',
      '+CMGS: a,4,1',
    ]) {
      expect(parsePeiLine(line)).toBeNull();
    }
  });

  it('parses final results', () => {
    expect(parseFinal('OK')).toEqual({ kind: 'ok' });
    expect(parseFinal('ERROR')).toEqual({ kind: 'error' });
    expect(parseFinal('+CME ERROR: 35')).toEqual({ kind: 'cme', n: 35 });
    expect(parseFinal('OKAY')).toBeNull();
  });

  it('turns a TSI or an SSI into an ISSI', () => {
    expect(toIssi('09011638300023404')).toBe('23404');
    expect(toIssi('23404')).toBe('23404');
    expect(toIssi('0')).toBe('0');
    expect(toIssi('abc')).toBeNull();
  });
});

describe('SDS-TL PDUs', () => {
  it('encodes text as 82 04 <ref> 01 <latin-1> with its length in bits', () => {
    expect(encodeSdsTlText(8, 'Gjatjajgja')).toEqual({ hex: '82040801476A61746A616A676A61', bits: 112 });
    expect(encodeSdsTlText(0x1ff, 'å').hex).toBe('8204FF01E5');
    expect(encodeSdsTlText(1, '€').hex.endsWith('3F')).toBe(true);
  });

  it('round-trips text through the classifier', () => {
    const pdu = encodeSdsTlText(42, 'Samverkan kl 10, Räddningstjänsten');
    expect(classifySdsPayload(pdu.hex, pdu.bits)).toMatchObject({
      kind: 'text',
      ref: 42,
      text: 'Samverkan kl 10, Räddningstjänsten',
    });
  });

  it('classifies by protocol identifier', () => {
    expect(classifySdsPayload('8003', 16)).toEqual({ kind: 'status', value: 0x8003 });
    expect(classifySdsPayload(encodeSdsTlReport(7).hex)).toEqual({
      kind: 'report',
      ref: 7,
      status: 0,
      delivered: true,
    });
    expect(classifySdsPayload('82100007')).toMatchObject({ kind: 'report', ref: 7 });
    expect(classifySdsPayload('821000FF')).toMatchObject({ kind: 'report', delivered: true });
    expect(classifySdsPayload('82104107')).toMatchObject({ kind: 'report', delivered: false });
    expect(classifySdsPayload('020148656A')).toMatchObject({ kind: 'text', pid: 2, text: 'Hej' });
    expect(classifySdsPayload('03AABBCC')).toMatchObject({ kind: 'location', pid: 3 });
    expect(classifySdsPayload('0A1122334455')).toMatchObject({ kind: 'location', pid: 0x0a });
    expect(classifySdsPayload('0C0102')).toMatchObject({ kind: 'concatenated' });
    expect(classifySdsPayload('ZZ')).toMatchObject({ kind: 'unknown' });
    expect(classifySdsPayload('123')).toMatchObject({ kind: 'unknown' });
  });
});

describe('+CME ERROR table', () => {
  it('maps every n in 0–45 to a distinct stable code and a sentence', () => {
    expect(CME_ERRORS).toHaveLength(46);
    const codes = new Set(CME_ERRORS.map((e) => e.code));
    expect(codes.size).toBe(46);
    for (const [n, e] of CME_ERRORS.entries()) {
      expect(e.n).toBe(n);
      expect(e.code).toMatch(/^RADIO_ERR_CME_[A-Z0-9_]+$/);
      expect(e.message.length).toBeGreaterThan(10);
    }
    expect(cmeError(CME_NO_NETWORK_SERVICE).code).toBe('RADIO_ERR_CME_NO_NETWORK_SERVICE');
    expect(cmeError(CME_NETWORK_TIMEOUT).code).toBe('RADIO_ERR_CME_NETWORK_TIMEOUT');
    expect(cmeError(CME_TERMINAL_BUSY).code).toBe('RADIO_ERR_CME_TERMINAL_BUSY');
    expect(cmeError(99).code).toBe('RADIO_ERR_CME_UNKNOWN');
  });

  it('keeps radio error codes distinct from the CME codes', () => {
    const codes = Object.values(RadioErrorCodes);
    for (const e of CME_ERRORS) expect(codes).not.toContain(e.code);
    const error = new CmeError(35, 'AT+CTSP=9');
    expect(error.code).toBe('RADIO_ERR_CME_SYNTAX_ERROR');
    expect(error.message).toContain('AT+CTSP=9: +CME ERROR: 35');
  });
});
