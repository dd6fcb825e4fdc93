// The metrics CSV parser (packages/ingest, read here, not changed) under thousands of generated
// files: it throws nothing but its named format error, keeps every good row exactly as written
// (quoted commas, quotes and newlines in values, LF or CRLF), and reports each bad row at its line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestFormatError, parseMetricSamplesCsv } from '../../packages/ingest/index.ts';

const RUNS = 2000;
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const row = fc.record({
  value: fc.integer({ min: 0, max: 100_000 }),
  minute: fc.integer({ min: 0, max: 59 }),
  region: fc
    .string({ maxLength: 8, unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '=', '{') })
    .filter((s) => s.trim() === s && s !== ''),
});
const HEADER = 'metric,value,unit,at,region';
const line = (r: { value: number | string; minute: number; region: string }) =>
  `m,${r.value},minutes,2026-11-16T10:${String(r.minute).padStart(2, '0')}:00Z,${csvCell(r.region)}`;

describe('parseMetricSamplesCsv', () => {
  it(`throws only IngestFormatError on arbitrary text (${RUNS} files)`, () => {
    const unit = fc.constantFrom(
      'a',
      ',',
      '"',
      '\n',
      '\r',
      '1',
      'metric',
      'minutes',
      '2026-11-16T10:00:00Z',
      ' ',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit }), fc.boolean(), (text, withHeader) => {
        try {
          const out = parseMetricSamplesCsv(withHeader ? `${HEADER}\n${text}` : text, { file: 'f.csv' });
          expect(out.samples.length).toBeLessThanOrEqual(out.rows);
        } catch (error) {
          expect(error).toBeInstanceOf(IngestFormatError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps every good row exactly as written, LF or CRLF (${RUNS} files)`, () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean(), (rows, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const out = parseMetricSamplesCsv([HEADER, ...rows.map(line)].join(nl) + nl, { file: 'f.csv' });
        expect(out.errors).toEqual([]);
        expect(out.samples.map((s) => [s.value, s.dimensions.region])).toEqual(
          rows.map((r) => [r.value, r.region.toLowerCase()]),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it(`reports each bad row at its own line and keeps the others (${RUNS} files)`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.boolean()), { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = [HEADER];
        const badLines: number[] = [];
        let at = 1;
        for (const [r, bad] of rows) {
          at += 1;
          if (bad) badLines.push(at);
          lines.push(line({ ...r, value: bad ? 'abc' : r.value }));
          at += (r.region.match(/\n/g) ?? []).length;
        }
        const out = parseMetricSamplesCsv(`${lines.join('\n')}\n`, { file: 'f.csv' });
        expect(out.errors.map((e) => e.line)).toEqual(badLines);
        expect(out.samples).toHaveLength(rows.filter(([, bad]) => !bad).length);
      }),
      { numRuns: RUNS },
    );
  });

  // constructor and prototype are refused at the header, naming the column; other names every
  // object has are kept as plain own values of a prototype-less map.
  it.each(['constructor', 'prototype'])(
    'refuses a "%s" dimension column at the header line, naming it',
    (name) => {
      expect(() =>
        parseMetricSamplesCsv(`metric,value,unit,at,${name}\nm,1,minutes,2026-11-16T10:00:00Z,x\n`, {
          file: 'f.csv',
        }),
      ).toThrow(new RegExp(`f\\.csv:1: column "${name}"`));
    },
  );

  it.each(['toString', 'hasOwnProperty'])('keeps a "%s" dimension column as an own value', (name) => {
    const out = parseMetricSamplesCsv(`metric,value,unit,at,${name}\nm,1,minutes,2026-11-16T10:00:00Z,x\n`, {
      file: 'f.csv',
    });
    expect(out.samples).toHaveLength(1);
    for (const s of out.samples) expect(Object.hasOwn(s.dimensions, name.toLowerCase())).toBe(true);
  });
});
