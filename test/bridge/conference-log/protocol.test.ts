import { describe, expect, it } from 'vitest';
import { protocolOf } from '../../../bridge/conference-log/protocol.js';
import { protocolCsv } from '../../../bridge/conference-log/protocol-csv.js';
import { protocolHtml } from '../../../bridge/conference-log/protocol-html.js';
import { entries, run } from './protocol-fixture.js';

describe('protocol of a conference run', () => {
  const p = protocolOf(run, entries);

  it('derives attendance: times in, paths used, minutes on radio, the absent with their last call outcome', () => {
    expect(p.attendance).toEqual([
      expect.objectContaining({
        participantId: 'polisen',
        intervals: [{ from: '2026-11-28T08:30:05.000Z', to: '2026-11-28T09:00:00.000Z' }],
        paths: ['phone', 'radio'],
        radioMinutes: 10,
        absent: false,
      }),
      expect.objectContaining({ participantId: 'kommun', paths: ['phone'], radioMinutes: 0, absent: false }),
      expect.objectContaining({
        participantId: 'kraft',
        intervals: [{ from: '2026-11-28T08:50:00.000Z', to: '2026-11-28T09:00:00.000Z' }],
        paths: ['on-site'],
        absent: false,
        lastCallOutcome: 'no-answer',
      }),
    ]);
  });

  it('collects roll calls, host actions with who, emergencies, recordings, sambandstester and what went wrong', () => {
    expect(p.rollCalls).toHaveLength(1);
    expect(p.hostActions.map((a) => [a.kind, a.by])).toEqual([
      ['convening', 'tib-åsa'],
      ['recording-started', 'tib-åsa'],
      ['roll-call', 'tib-åsa'],
      ['muted', 'tib-åsa'],
      ['refused', 'opcua-bo'],
      ['on-site-marked', 'tib-åsa'],
      ['recording-stopped', 'tib-åsa'],
      ['ended', 'tib-åsa'],
    ]);
    expect(p.emergencies).toEqual([expect.objectContaining({ participantId: 'polisen' })]);
    expect(p.recordings).toEqual([
      {
        file: 'recordings/vk-20261128T083300Z.wav',
        startedAt: '2026-11-28T08:33:00.000Z',
        stoppedAt: '2026-11-28T08:59:00.000Z',
        by: 'tib-åsa',
      },
    ]);
    expect(p.sambandstests).toEqual([
      { at: '2026-11-28T08:40:00.000Z', runId: 'st-20261128T084000Z-ab12', by: 'tekniker' },
    ]);
    expect(p.problems.map((x) => [x.kind, x.participantId])).toEqual([
      ['call-failed', 'kraft'],
      ['failover', 'polisen'],
      ['refused', null],
    ]);
  });

  it('CSV for Swedish Excel: BOM, semicolons, decimal comma, local times, CRLF', () => {
    const csv = protocolCsv(
      protocolOf(
        run,
        entries.map((e) => (e.seq === 14 ? { ...e, at: '2026-11-28T08:42:30.000Z' } : e)),
      ),
    );
    expect(csv.startsWith('\uFEFFKonferens;Körning;Start;Organisation;Funktion;')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      'Samverkanskonferens Västra Götaland;vk-20261128T083000Z;2026-11-28 09:30:00;Polismyndigheten;Polisen RLC;09:30:05–10:00:00;telefon, radio;10,5;;',
    );
    expect(lines[3]).toContain(';Ellevio;Driftcentral;09:50:00–10:00:00;på plats;0;');
  });

  it('lists the call-up: each delivery and reply, the latest reply per organisation in the CSV', () => {
    const at = (s: number) => new Date(Date.parse(run.startedAt) + s * 1000).toISOString();
    const withCallUp = protocolOf(run, [
      ...entries,
      { seq: 900, at: at(3), kind: 'call-up', participantId: 'polisen', detail: 'sms delivered' },
      { seq: 901, at: at(20), kind: 'call-up-reply', participantId: 'polisen', detail: 'sms: Kommer' },
      {
        seq: 902,
        at: at(25),
        kind: 'call-up-reply',
        participantId: 'kraft',
        detail: 'sds: Kan inte: på älven',
      },
      { seq: 903, at: at(26), kind: 'call-up-reply', detail: 'sms från okänd +46701749999: Vem?' },
    ]);
    expect(withCallUp.callUp.map((c) => [c.kind, c.participantId, c.detail])).toEqual([
      ['delivery', 'polisen', 'sms delivered'],
      ['reply', 'polisen', 'sms: Kommer'],
      ['reply', 'kraft', 'sds: Kan inte: på älven'],
      ['reply', null, 'sms från okänd +46701749999: Vem?'],
    ]);
    const lines = protocolCsv(withCallUp).split('\r\n');
    expect(lines[1]?.endsWith(';sms: Kommer')).toBe(true);
    expect(lines[3]?.endsWith(';sds: Kan inte: på älven')).toBe(true);
    const html = protocolHtml(withCallUp);
    expect(html).toContain('<h2>Kallelse och svar</h2>');
    expect(html).toContain('okänd avsändare');
  });

  it('HTML names the zone, the meeting place, and escapes what it shows', () => {
    const html = protocolHtml(p);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('2026-11-28 09:30 CET');
    expect(html).toContain('svensk tid (Europe/Stockholm)');
    expect(html).toContain('Länsstyrelsen, sal Vänern, Södra Hamngatan 3, Göteborg, Ta med RAKEL');
    expect(html).toContain('<h2>Vad gick fel</h2>');
    expect(protocolHtml(protocolOf({ ...run, conferenceName: '<script>' }, []))).not.toContain('<script>');
  });
});
