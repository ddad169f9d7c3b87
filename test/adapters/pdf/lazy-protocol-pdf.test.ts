/** The gateway's PDF renderer loads pdfkit on first use and renders what the direct one renders. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lazyPdfProtocolRenderer } from '../../../adapters/pdf/lazy-protocol-pdf.js';
import { protocolPdf } from '../../../adapters/pdf/protocol-pdf.js';
import { protocolOf } from '../../../bridge/conference-log/protocol.js';
import { entries, run } from '../../bridge/conference-log/protocol-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'samband-lazy-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function text(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

it('renders the same protocol as the pdfkit renderer, on every call', async () => {
  const protocol = protocolOf(run, entries);
  const [first, second] = await Promise.all([
    lazyPdfProtocolRenderer.render(protocol),
    lazyPdfProtocolRenderer.render(protocol),
  ]);
  const direct = text(await protocolPdf(protocol), 'direct.pdf');
  expect(direct).toContain('Närvaro');
  expect(text(first, 'first.pdf')).toBe(direct);
  expect(text(second, 'second.pdf')).toBe(direct);
  expect(text(await lazyPdfProtocolRenderer.render(protocol), 'third.pdf')).toBe(direct);
});
