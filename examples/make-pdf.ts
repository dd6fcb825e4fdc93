// Writes examples/site/sla.pdf, the example company's Enterprise SLA, with pdf-lib.
// Deterministic: fixed metadata dates, so re-running it leaves the committed file unchanged.
// Run: npx tsx examples/make-pdf.ts [--out examples/site/sla.pdf]

import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

/** One block of the document, in reading order. */
type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: number[]; header: string[]; rows: string[][] };

export const SLA_BLOCKS: Block[] = [
  { kind: 'title', text: 'Tallyfern Enterprise Service Level Agreement' },
  {
    kind: 'paragraph',
    text: 'Version 3.2, effective July 1, 2026. This agreement applies to customers on the Tallyfern Enterprise plan and covers the Tallyfern dashboard, the payments API and Enterprise support. Where it differs from the general service level agreement on our website, this agreement applies.',
  },
  { kind: 'heading', text: '1. Availability' },
  {
    kind: 'paragraph',
    text: 'Tallyfern will maintain at least 99.95% monthly uptime for the dashboard and the payments API. Uptime is the share of minutes in a calendar month in which the service answers from at least two of our three monitoring locations. Scheduled maintenance announced at least 72 hours in advance is excluded.',
  },
  { kind: 'heading', text: '2. Support coverage' },
  {
    kind: 'paragraph',
    text: 'Enterprise support is available 24 hours a day, 7 days a week, by phone, email and live chat. Every Enterprise account has a named account manager, available Monday to Friday during business hours (9am to 6pm Eastern Time).',
  },
  { kind: 'heading', text: '3. Enterprise response and restoration targets' },
  {
    kind: 'paragraph',
    text: 'Tallyfern assigns each request a severity level. The first response by a support engineer and the restoration of service, or a workaround, will happen within these times, measured from when the request is received.',
  },
  {
    kind: 'table',
    columns: [130, 170, 170],
    header: ['Severity', 'Enterprise first response', 'Enterprise restoration'],
    rows: [
      ['P1 - Urgent', '30 minutes', '4 hours'],
      ['P2 - High', '1 hour', '1 business day'],
      ['P3 - Normal', '4 business hours', '5 business days'],
      ['P4 - Low', '1 business day', 'Next product release'],
    ],
  },
  { kind: 'heading', text: '4. Service credits' },
  {
    kind: 'paragraph',
    text: 'If monthly uptime falls below 99.95%, the customer receives a service credit on the next invoice, as a share of the monthly Enterprise fee:',
  },
  {
    kind: 'table',
    columns: [240, 230],
    header: ['Monthly uptime', 'Service credit'],
    rows: [
      ['99.0% to below 99.95%', '10%'],
      ['95.0% to below 99.0%', '25%'],
      ['Below 95.0%', '50%'],
    ],
  },
  {
    kind: 'paragraph',
    text: 'The customer must request a credit within 30 days after the end of the affected month. Credits are the sole remedy for missed availability and never exceed 50% of the monthly fee.',
  },
  { kind: 'heading', text: '5. Exclusions' },
  {
    kind: 'paragraph',
    text: "This agreement does not cover failures of the customer's network or internet connection, of card networks or issuing banks, or of terminals that were modified. Beta features are excluded.",
  },
];

const PAGE = { width: 612, height: 792, margin: 60 };

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Splits text into lines that fit `width` at `size`. */
const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
};

/** Lays the blocks out top to bottom, starting a new page when one is full. */
const layout = (doc: PDFDocument, fonts: Fonts, blocks: Block[]): void => {
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const textWidth = PAGE.width - 2 * PAGE.margin;
  const ensure = (height: number): void => {
    if (y - height >= PAGE.margin) return;
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
  };
  const line = (text: string, font: PDFFont, size: number, x = PAGE.margin): void => {
    page.drawText(text, { x, y, size, font, color: rgb(0.1, 0.12, 0.18) });
  };

  for (const block of blocks) {
    if (block.kind === 'title') {
      ensure(40);
      line(block.text, fonts.bold, 17);
      y -= 32;
    } else if (block.kind === 'heading') {
      ensure(36);
      y -= 6;
      line(block.text, fonts.bold, 12.5);
      y -= 20;
    } else if (block.kind === 'paragraph') {
      const lines = wrap(block.text, fonts.regular, 10.5, textWidth);
      ensure(lines.length * 14);
      for (const l of lines) {
        line(l, fonts.regular, 10.5);
        y -= 14;
      }
      y -= 8;
    } else {
      const rowHeight = 18;
      ensure((block.rows.length + 1) * rowHeight + 10);
      const drawRow = (cells: string[], font: PDFFont): void => {
        let x = PAGE.margin;
        cells.forEach((cell, i) => {
          line(cell, font, 10.5, x + 4);
          x += block.columns[i] ?? 120;
        });
        const width = block.columns.reduce((a, b) => a + b, 0);
        page.drawLine({
          start: { x: PAGE.margin, y: y - 5 },
          end: { x: PAGE.margin + width, y: y - 5 },
          thickness: 0.5,
          color: rgb(0.75, 0.78, 0.82),
        });
        y -= rowHeight;
      };
      drawRow(block.header, fonts.bold);
      for (const row of block.rows) drawRow(row, fonts.regular);
      y -= 10;
    }
  }
};

/** Builds the Enterprise SLA as PDF bytes. */
export const makeSlaPdf = async (): Promise<Uint8Array> => {
  const doc = await PDFDocument.create();
  const fixed = new Date('2026-07-01T00:00:00Z');
  doc.setTitle('Tallyfern Enterprise Service Level Agreement');
  doc.setAuthor('Tallyfern Payments, Inc.');
  doc.setSubject('Enterprise SLA, version 3.2');
  doc.setCreator('promisegap examples/make-pdf.ts');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  layout(doc, fonts, SLA_BLOCKS);
  return doc.save({ useObjectStreams: false });
};

const main = async (): Promise<void> => {
  const here = dirname(fileURLToPath(import.meta.url));
  const flag = process.argv.indexOf('--out');
  const out =
    flag >= 0 && process.argv[flag + 1]
      ? resolve(process.argv[flag + 1] as string)
      : resolve(here, 'site/sla.pdf');
  const bytes = await makeSlaPdf();
  writeFileSync(out, bytes);
  process.stdout.write(`wrote ${out} (${bytes.length} bytes)\n`);
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
