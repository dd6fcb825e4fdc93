import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ExtractedPromise } from '../../../packages/core/index.ts';
import {
  DEFAULT_LIMITS,
  DocumentTooLargeError,
  detectFormat,
  extractDocument,
  extractFromHtml,
  extractFromPdf,
  PdfExtractionError,
  UnsupportedDocumentError,
} from '../../../packages/extract/index.ts';

const value = (p: ExtractedPromise) => [p.category, p.operator, p.threshold, p.unit];

const page = (main: string) => `<!doctype html><html><head><title>Support</title>
<style>.x{color:red}</style><script>var reply = "within 1 hour";</script></head><body>
<header><nav><a href="/">Home</a> <a href="/sla">We reply within 5 minutes</a></nav></header>
<div class="cookie-banner" role="dialog"><p>We answer cookie questions within 2 hours.</p></div>
<main>${main}</main>
<footer><p>Orders ship within 1 day. Copyright.</p></footer></body></html>`;

describe('HTML pages', () => {
  it('reads the main content only, not navigation, banners, scripts or footers', () => {
    const result = extractFromHtml(
      page('<p>Our team replies to every ticket within 4 hours.</p>'),
      'https://x.test/',
    );
    expect(result.promises.map(value)).toEqual([['response_time', '<=', 4, 'hours']]);
  });

  it('leaves out hidden elements', () => {
    const html = page(
      '<p hidden>Refunds within 1 day.</p><p style="display:none">Uptime 99.999%.</p><p>Refunds are processed within 5 business days.</p>',
    );
    expect(extractFromHtml(html, 'x').promises.map(value)).toEqual([
      ['refund_guarantee', '<=', 5, 'business_days'],
    ]);
  });

  it('qualifies the list under a plan heading with that plan', () => {
    const html = page(
      '<h2>Enterprise plan</h2><ul><li>Phone support 24/7</li><li>First response within 30 minutes</li></ul>',
    );
    const promises = extractFromHtml(html, 'x').promises;
    expect(promises.map((p) => [...value(p), p.qualifiers.tier])).toEqual([
      ['availability_hours', '>=', 168, 'hours_per_week', 'Enterprise plan'],
      ['response_time', '<=', 30, 'minutes', 'Enterprise plan'],
    ]);
  });

  it('reads an uptime band × service credit table as one credit per row', () => {
    const html = page(`<h2>Service credits</h2><table>
      <tr><th>Monthly uptime</th><th>Service credit</th></tr>
      <tr><td>99.0% to 99.9%</td><td>10%</td></tr>
      <tr><td>Below 99.0%</td><td>30%</td></tr></table>`);
    const promises = extractFromHtml(html, 'x').promises;
    expect(promises.map((p) => [...value(p), p.quote])).toEqual([
      ['credit_compensation', '==', 10, 'percent', '99.0% to 99.9% | 10%'],
      ['credit_compensation', '==', 30, 'percent', 'Below 99.0% | 30%'],
    ]);
  });

  it('reads a plan × support hours table with the plan from the column header', () => {
    const html = page(`<table><thead><tr><th>Support</th><th>Standard</th><th>Premier</th></tr></thead>
      <tbody><tr><td>Support hours</td><td>Mon-Fri 8am-6pm</td><td>24/7</td></tr></tbody></table>`);
    const promises = extractFromHtml(html, 'x').promises;
    expect(promises.map((p) => [...value(p), p.qualifiers.tier])).toEqual([
      ['availability_hours', '>=', 50, 'hours_per_week', 'Standard'],
      ['availability_hours', '>=', 168, 'hours_per_week', 'Premier'],
    ]);
  });

  it('reads deeply nested markup without overflowing the stack', () => {
    const depth = 20_000;
    const html = `${'<div>'.repeat(depth)}<p>We resolve incidents within 8 hours.</p>${'</div>'.repeat(depth)}`;
    expect(extractFromHtml(html, 'x').promises.map(value)).toEqual([['resolution_time', '<=', 8, 'hours']]);
  });
});

const makePdf = async (lines: string[]): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const p = pdf.addPage([595, 842]);
  lines.forEach((line, i) => {
    p.drawText(line, { x: 50, y: 780 - i * 20, size: 11, font });
  });
  return pdf.save();
};

describe('PDF documents', () => {
  it('reads the text of a PDF made here', async () => {
    const bytes = await makePdf([
      'Service Level Agreement',
      'Monthly availability of the hosted service is at least 99.8%.',
      'Priority 1 incidents receive a response within 15 minutes.',
    ]);
    const result = await extractFromPdf(bytes, 'sla.pdf');
    expect(result.promises.map(value)).toEqual([
      ['uptime', '>=', 99.8, 'percent'],
      ['response_time', '<=', 15, 'minutes'],
    ]);
  });

  it('detects a PDF by its bytes even when the name says .txt', async () => {
    const bytes = await makePdf(['Refunds are paid back within 3 business days.']);
    const result = await extractDocument({ source: 'x', body: bytes, fileName: 'misnamed.txt' });
    expect(result.promises.map(value)).toEqual([['refund_guarantee', '<=', 3, 'business_days']]);
  });

  it('refuses a broken PDF with a named error', async () => {
    const broken = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage');
    await expect(extractFromPdf(broken, 'broken.pdf')).rejects.toBeInstanceOf(PdfExtractionError);
  });
});

describe('bad input', () => {
  it('returns an empty result for an empty file', async () => {
    expect(await extractDocument({ source: 'empty.txt', body: new Uint8Array() })).toEqual({
      source: 'empty.txt',
      promises: [],
      claims: [],
    });
  });

  it('refuses binary junk with a clear error', async () => {
    const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    await expect(extractDocument({ source: 'junk.bin', body: junk })).rejects.toBeInstanceOf(
      UnsupportedDocumentError,
    );
  });

  it('refuses a page over the size limit before parsing it', async () => {
    const big = new Uint8Array(DEFAULT_LIMITS.maxBytes + 1).fill(0x61);
    await expect(extractDocument({ source: 'big.html', body: big })).rejects.toBeInstanceOf(
      DocumentTooLargeError,
    );
  });

  it('reads a 9 MB page of repeated text in bounded time', async () => {
    const filler = '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(140_000);
    const html = `<html><body><main><p>We reply within 2 hours.</p>${filler}</main></body></html>`;
    const started = process.hrtime.bigint();
    const result = await extractDocument({ source: 'big.html', body: html });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(result.promises.map(value)).toEqual([['response_time', '<=', 2, 'hours']]);
    expect(seconds).toBeLessThan(20);
  });

  it('decodes a page in its declared encoding', async () => {
    const latin1 = Uint8Array.from(
      [...'<p>Réponse garantie: we reply within 3 hours.</p>'].map((c) => c.charCodeAt(0)),
    );
    const result = await extractDocument({
      source: 'x',
      body: latin1,
      contentType: 'text/html; charset=iso-8859-1',
    });
    expect(result.promises[0]?.quote).toBe('Réponse garantie: we reply within 3 hours.');
  });

  it('falls back to a readable decoding when the declared charset is unknown', async () => {
    const body = new TextEncoder().encode('<p>We reply within 3 hours.</p>');
    const result = await extractDocument({ source: 'x', body, contentType: 'text/html; charset=x-made-up' });
    expect(result.promises.map(value)).toEqual([['response_time', '<=', 3, 'hours']]);
  });

  it.each([
    [{ contentType: 'text/html' }, '<p>x</p>', 'html'],
    [{ fileName: 'a.htm' }, 'x', 'html'],
    [{ fileName: 'a.txt' }, '<p>x</p>', 'text'],
    [{}, '<!doctype html><p>x</p>', 'html'],
    [{}, 'plain words', 'text'],
    [{ contentType: 'text/html' }, '%PDF-1.4', 'pdf'],
  ] as const)('detects the format from %j and the content', (hints, body, expected) => {
    expect(detectFormat({ source: 'x', body, ...hints }, body)).toBe(expected);
  });
});
