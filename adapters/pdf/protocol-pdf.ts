/**
 * The conference protocol as an A4 PDF (pdfkit), for WIS: heading, then each section's table,
 * absent members shaded, "Sida n av m" on every page. The fonts are DejaVu Sans from the
 * `dejavu-fonts-ttf` package and embedded, so å, ä and ö render on any machine — never a
 * system font.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Protocol } from '../../bridge/conference-log/protocol.js';
import { headingLines, protocolTitle } from '../../bridge/conference-log/protocol-labels.js';
import {
  onSiteLine,
  type ProtocolSection,
  protocolSections,
} from '../../bridge/conference-log/protocol-sections.js';
import type { ProtocolPdf } from '../../bridge/conference-log/protocols.js';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = join(FONT_DIR, 'DejaVuSans.ttf');
const FONT_BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const MARGIN = 42; // ~15 mm
const SIZE = { title: 15, section: 11.5, text: 8.5 } as const;
const CELL_PAD = 3;

/** Relative column widths per section (by column count where no better is known). */
const WIDTHS: Record<string, number[]> = {
  Närvaro: [3, 3, 3.2, 2, 1.2, 2.4],
  'Värdens åtgärder': [1.2, 2, 2.4, 3, 3.4],
  'Vad gick fel': [1.2, 2.6, 3, 5],
};

export const pdfProtocolRenderer: ProtocolPdf = { render: protocolPdf };

export function protocolPdf(protocol: Protocol): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: protocolTitle(protocol), Creator: 'Samband' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(SIZE.title).text(protocolTitle(protocol));
  doc.moveDown(0.4);
  const place = onSiteLine(protocol);
  for (const [label, value] of headingLines(protocol).concat(
    place ? [['Mötesplats vid avbrott', place]] : [],
  )) {
    doc.font('bold').fontSize(SIZE.text).text(`${label}: `, { continued: true });
    doc.font('body').text(value);
  }
  for (const section of protocolSections(protocol)) table(doc, section);
  pageNumbers(doc);
  doc.end();
  return done;
}

function table(doc: PDFKit.PDFDocument, section: ProtocolSection): void {
  const width = doc.page.width - 2 * MARGIN;
  const weights = WIDTHS[section.title] ?? section.columns.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  doc.moveDown(0.8);
  ensureRoom(doc, 40);
  doc.font('bold').fontSize(SIZE.section).text(section.title, MARGIN);
  doc.moveDown(0.2);
  if (section.rows.length === 0) {
    doc.font('body').fontSize(SIZE.text).fillColor('#555').text(section.empty, MARGIN).fillColor('#000');
    return;
  }
  const marked = new Set(section.marked ?? []);
  row(doc, section.columns, widths, { bold: true, fill: '#eeeeee' });
  section.rows.forEach((cells, i) => {
    row(doc, cells, widths, { bold: false, fill: marked.has(i) ? '#fde2e2' : null }, section.columns);
  });
}

function row(
  doc: PDFKit.PDFDocument,
  cells: string[],
  widths: number[],
  style: { bold: boolean; fill: string | null },
  header?: string[],
): void {
  doc.font(style.bold ? 'bold' : 'body').fontSize(SIZE.text);
  const height =
    Math.max(
      ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] ?? 0) - 2 * CELL_PAD })),
    ) +
    2 * CELL_PAD;
  if (ensureRoom(doc, height) && header) row(doc, header, widths, { bold: true, fill: '#eeeeee' });
  doc.font(style.bold ? 'bold' : 'body').fontSize(SIZE.text);
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const w = widths[i] ?? 0;
    if (style.fill) doc.rect(x, top, w, height).fill(style.fill).fillColor('#000');
    doc.rect(x, top, w, height).lineWidth(0.5).stroke('#bbbbbb');
    doc.text(cell, x + CELL_PAD, top + CELL_PAD, { width: w - 2 * CELL_PAD });
    x += w;
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

/** Starts a new page when `height` does not fit; true when it did. */
function ensureRoom(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= doc.page.height - MARGIN - 14) return false;
  doc.addPage();
  return true;
}

function pageNumbers(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 6;
    // Writing below the bottom margin would make pdfkit add a page: lift the margin meanwhile.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .text(`Sida ${i - start + 1} av ${count}`, MARGIN, bottom, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}
