import { describe, expect, it } from 'vitest';
import type { ExtractedPromise } from '../../../packages/core/index.ts';
import { textToBlocks } from '../../../packages/extract/blocks.ts';
import { recoverColumns, splitHeader } from '../../../packages/extract/columns.ts';
import { htmlToBlocks } from '../../../packages/extract/html.ts';
import { extractFromText } from '../../../packages/extract/index.ts';

const rows = (text: string) => recoverColumns(textToBlocks(text)).filter((b) => b.kind === 'row');
const find = (promises: ExtractedPromise[], threshold: number, unit: string) =>
  promises.filter((p) => p.threshold === threshold && p.unit === unit);

describe('pipe tables read by their structure', () => {
  it('joins a row the layout broke in two and keeps the plans as the group over a measure row', () => {
    const text = [
      '| Support type | Core (included) |',
      'Plus (paid add-on) |',
      '|---|---|---|',
      '| Level | First reply | First reply |',
      '| Blocker | 3 hours | 45 minutes |',
      '| Routine | 3 business days | 1 business day |',
    ].join('\n');
    const table = rows(text);
    expect(table).toHaveLength(2);
    expect(table[0]?.header).toEqual(['Level', 'First reply', 'First reply']);
    expect(table[0]?.headerGroup).toEqual(['Support type', 'Core (included)', 'Plus (paid add-on)']);
  });

  it('does not take a row of words for a second header unless every column names a measure', () => {
    const text = [
      '| Feature | Lite | Pro |',
      '|---|---|---|',
      '| Ticket priority | Included | Included |',
      '| First reply | 1 business day | 2 hours |',
    ].join('\n');
    const table = rows(text);
    expect(table[0]?.header).toEqual(['Feature', 'Lite', 'Pro']);
    expect(table[0]?.headerGroup).toBeUndefined();
  });

  it('moves a header without a cell over the label column onto its own columns', () => {
    const text = [
      '| Lite plan | Pro plan | |',
      '|---|---|---|',
      '| P1 — site down | 1 business day | 2 hours |',
      '| P2 — page broken | 3 business days | 8 hours |',
    ].join('\n');
    expect(rows(text)[0]?.header).toEqual(['', 'Lite plan', 'Pro plan']);
    const { promises } = extractFromText(text, 'test://shifted');
    const pro = find(promises, 2, 'hours')[0];
    expect(pro?.qualifiers.tier).toMatch(/^Pro/);
    expect(pro?.qualifiers.severity).toBe('P1');
  });
});

describe('tables that lost their borders', () => {
  it('splits names that share a word, after the label column words', () => {
    expect(splitHeader('Fault level Bronze Plan Silver Plan', 2)).toEqual(['Bronze Plan', 'Silver Plan']);
    expect(splitHeader('Hours Unlimited Unlimited', 2)).toBeNull();
  });

  it('puts a row that fills fewer columns under the last ones, grouped by the line above it', () => {
    const text = [
      'Response targets',
      'Bronze Plan Silver Plan Gold Plan',
      'Severity 1 (Outage)',
      'First reply 6 hours 2 hours 30 minutes',
      'Severity 2 (Degraded)',
      'First reply 1 business day 4 hours',
    ].join('\n');
    const blocks = recoverColumns(textToBlocks(text));
    const second = blocks.find((b) => b.text.startsWith('First reply 1 business day'));
    expect(second?.cells).toEqual(['First reply', '', '1 business day', '4 hours']);
    expect(second?.header).toEqual(['', 'Bronze Plan', 'Silver Plan', 'Gold Plan']);
    // The group line heads its rows; the header line is no longer a section heading.
    expect(blocks.find((b) => b.text === 'Severity 2 (Degraded)')?.kind).toBe('heading');
    expect(blocks.find((b) => b.text.startsWith('Bronze Plan'))?.kind).toBe('paragraph');
    const { promises } = extractFromText(text, 'test://flattened');
    const gold = find(promises, 4, 'hours')[0];
    expect(gold?.qualifiers.tier).toMatch(/Gold/);
    expect(gold?.qualifiers.severity).toMatch(/Severity 2/);
  });
});

describe('cards and one value per line', () => {
  it('reads a label over a lone value as a label, so the plan heading above stays in force', () => {
    const text = [
      'Plans',
      'Harbour',
      'Availability',
      '99.8%',
      'Help desk',
      'Email only',
      'First response',
      '12 hours',
      'Lighthouse',
      'Availability',
      '99.95%',
      'First response',
      '2 hours',
    ].join('\n');
    const blocks = textToBlocks(text);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual([
      'Plans',
      'Harbour',
      'Lighthouse',
    ]);
    const html = htmlToBlocks(
      '<h2>Harbour</h2><h3>First response</h3><p>12 hours</p><h3>Availability</h3><p>99.8%</p>',
    );
    expect(html.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(['Harbour']);
  });
});

describe('several levels in one cell', () => {
  it('gives each figure the level named just before it', () => {
    const text = [
      '| Feature | Basic | Premier |',
      '|---|---|---|',
      '| Reply targets | Not offered | L1: 1 hour L2: 6 hours L3: 2 business days |',
    ].join('\n');
    const { promises } = extractFromText(text, 'test://levels');
    expect(find(promises, 6, 'hours')[0]?.qualifiers.severity).toBe('L2');
    expect(find(promises, 2, 'business_days')[0]?.qualifiers.severity).toBe('L3');
  });
});
