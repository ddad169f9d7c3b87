/** The PDF protocol read back with a real PDF parser (pdftotext from poppler-utils). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { protocolPdf } from '../../../adapters/pdf/protocol-pdf.js';
import type { LogEntry } from '../../../bridge/conference-log/model.js';
import { protocolOf } from '../../../bridge/conference-log/protocol.js';
import { entries, run } from '../../bridge/conference-log/protocol-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'samband-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(bytes: Uint8Array, name: string): { text: string; info: string } {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
  };
}

describe('protocol PDF', () => {
  it('is A4, renders å, ä and ö with the embedded font, and carries every section', async () => {
    const bytes = await protocolPdf(protocolOf(run, entries));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text, info } = pdfText(bytes, 'one.pdf');
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(text).toContain('Protokoll – Samverkanskonferens Västra Götaland');
    expect(text).toContain('Göteborgs stad');
    expect(text).toContain('tib-åsa');
    expect(text).toContain('2026-11-28 09:30 CET');
    for (const title of [
      'Närvaro',
      'Upprop',
      'Värdens åtgärder',
      'Nödanrop på radio',
      'Inspelningar',
      'Vad gick fel',
    ]) {
      expect(text).toContain(title);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(text).toContain(`Sida 1 av ${pages}`);
  });

  it('numbers its pages when the log runs long', async () => {
    const many: LogEntry[] = Array.from({ length: 150 }, (_, i) => ({
      seq: i + 1,
      at: new Date(Date.parse(run.startedAt) + i * 1000).toISOString(),
      kind: 'muted',
      participantId: 'kommun',
      by: 'tib-åsa',
    }));
    const { text, info } = pdfText(await protocolPdf(protocolOf(run, many)), 'long.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Sida ${pages} av ${pages}`);
  });
});
