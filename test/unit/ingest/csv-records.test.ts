import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import {
  type CsvEvent,
  createRecordAssembler,
  IngestFormatError,
  openCsv,
  parseMetricSamplesCsv,
  parseTicketsCsv,
  readNumber,
  readTimestamp,
  validateSamples,
} from '../../../packages/ingest/index.ts';

const eventsOf = (text: string): CsvEvent[] => {
  const a = createRecordAssembler();
  const out: CsvEvent[] = [];
  for (const line of text.split('\n')) out.push(...a.line(line));
  out.push(...a.end());
  return out;
};
const rowsOf = (events: CsvEvent[]) => events.filter((e) => e.kind === 'row');
const errorsOf = (events: CsvEvent[]) => events.filter((e) => e.kind === 'error');

const calendar = createBusinessCalendar({
  timezone: 'UTC',
  hours: {
    mon: ['09:00', '17:00'],
    tue: ['09:00', '17:00'],
    wed: ['09:00', '17:00'],
    thu: ['09:00', '17:00'],
    fri: ['09:00', '17:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
});
const now = () => new Date('2026-12-01T12:00:00Z');

describe('CSV records with exact lines', () => {
  it('reports a row a stray quote would merge with the next rows, and reads the rows after it', () => {
    const lines = ['Id,Created at,First reply at,Subject'];
    for (let i = 1; i <= 11; i++) {
      const subject = i === 4 ? '"Printer broken, says "urgent' : `Subject ${i}`;
      lines.push(`${i},2026-11-24 10:00,2026-11-24 11:00,${subject}`);
    }
    const { samples, errors, rows } = parseTicketsCsv(lines.join('\n'), { calendar, file: 't.csv', now });
    expect(rows).toBe(11);
    expect(errors).toEqual([{ line: 5, reason: expect.stringMatching(/stray quote/) }]);
    expect(new Set(samples.map((s) => s.ref)).size).toBe(10);
  });

  it('reports an unterminated quote at its own line and keeps the good rows after it', () => {
    const lines = ['metric,value,unit,at,note', 'uptime,99.9,percent,2026-11-20,"never closed'];
    for (let d = 0; d < 50; d++)
      lines.push(`uptime,99.${d},percent,2026-11-${String(1 + (d % 28)).padStart(2, '0')},ok`);
    const { samples, errors } = parseMetricSamplesCsv(lines.join('\n'), { file: 'u.csv', now });
    expect(errors).toEqual([
      { line: 2, reason: expect.stringMatching(/quote opened on this line is never closed/) },
    ]);
    expect(samples).toHaveLength(50);
    expect(samples[0]?.ref).toBe('u.csv:3');
  });

  it('keeps line numbers right in a CRLF file with quoted newlines', () => {
    const text =
      'metric,value,unit,at,note\r\nuptime,99,percent,2026-11-20,"two\r\nlines"\r\nuptime,98,percent,2026-11-21,x\r\nuptime,bad,percent,2026-11-22,y\r\n';
    const { samples, errors } = parseMetricSamplesCsv(text, { file: 'c.csv', now });
    expect(samples.map((s) => s.ref)).toEqual(['c.csv:2', 'c.csv:4']);
    expect(errors).toEqual([{ line: 5, reason: expect.stringMatching(/not a number/) }]);
  });

  it('streams a file in chunks that split lines and characters anywhere', async () => {
    const text = 'a,b\n1,"é\nx"\n2,ü\n';
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const { header, records } = await openCsv(chunks(), 'f.csv');
    const seen: CsvEvent[] = [];
    for await (const e of records) seen.push(e);
    expect(header).toEqual(['a', 'b']);
    expect(seen).toEqual([
      { kind: 'row', line: 2, cells: ['1', 'é\nx'] },
      { kind: 'row', line: 4, cells: ['2', 'ü'] },
    ]);
  });

  // A generated file: each row is a list of cells, some quoted (with commas, quotes, newlines),
  // and some lines are damaged with a lone quote. Every intact row must come out at its line.
  const cell = fc.oneof(
    fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
    fc.stringMatching(/^[a-z,"\n ]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
  );
  const row = fc.array(cell, { minLength: 3, maxLength: 3 });
  const file = fc.array(fc.record({ cells: row, damaged: fc.boolean() }), { minLength: 1, maxLength: 30 });

  it('never throws, and returns every intact row at the line it starts on (property)', () => {
    fc.assert(
      fc.property(file, fc.boolean(), (rows, crlf) => {
        const lines: string[] = ['h1,h2,h3'];
        const expected: { line: number; raw: string[] }[] = [];
        let line = 2;
        for (const r of rows) {
          const text = r.damaged ? `"${r.cells.join(',').replace(/"/g, '')}` : r.cells.join(',');
          const physical = text.split('\n').length;
          if (!r.damaged && r.cells.some((c) => c.replace(/""/g, '').length > 0))
            expected.push({ line, raw: r.cells });
          lines.push(text);
          line += physical;
        }
        const events = eventsOf(lines.join(crlf ? '\r\n' : '\n').replace(/\r\n/g, '\n'));
        const rowsByLine = new Map(rowsOf(events).map((e) => [e.line, e]));
        // Damaged lines may swallow the lines after them only until reading restarts: every row
        // that did not follow a damaged one is read at its own line.
        let afterDamage = false;
        let at = 2;
        for (const r of rows) {
          const text = r.damaged ? 'x' : r.cells.join(',');
          if (r.damaged) afterDamage = true;
          else if (!afterDamage) {
            const unquoted = r.cells.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
            if (unquoted.some((c) => c.trim() !== '')) expect(rowsByLine.get(at)?.cells).toEqual(unquoted);
          }
          at += text.split('\n').length;
        }
        for (const e of [...rowsOf(events), ...errorsOf(events)]) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThan(line + 1);
        }
        expect(expected.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('recovers the rows after a damaged one: only damaged lines and rows merged into them are lost (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (damage) => {
        const lines = ['metric,value,unit,at'];
        for (const [i, bad] of damage.entries()) {
          lines.push(bad ? `uptime,"9${i},percent,2026-11-20` : `uptime,${i},percent,2026-11-20`);
        }
        const { samples, errors } = parseMetricSamplesCsv(lines.join('\n'), { file: 'p.csv', now });
        const good = damage.map((bad, i) => (bad ? -1 : i)).filter((i) => i >= 0);
        expect(samples.map((s) => s.value)).toEqual(good);
        expect(errors.map((e) => e.line)).toEqual(damage.flatMap((bad, i) => (bad ? [i + 2] : [])));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any text without an unnamed error (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '1', ' ', 'é') }), (text) => {
        try {
          parseMetricSamplesCsv(`metric,value,unit,at\n${text}`, { file: 'f.csv', now });
        } catch (error) {
          expect((error as Error).name).toMatch(/^(IngestFormatError)$/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('values a reader could misread', () => {
  it.each([
    ['1,500', null],
    ['12,500', null],
    ['1,500,000', 1_500_000],
    ['1,500.25', 1500.25],
    ['1.500,25', 1500.25],
    ['12,5', 12.5],
    ['0,25', 0.25],
    ['1.5', 1.5],
    ['99.95%', 99.95],
  ])('reads %s as %s', (raw, value) => {
    const r = readNumber(raw);
    if (value === null) expect(r).toEqual({ problem: expect.stringMatching(/ambiguous/) });
    else expect(r).toEqual({ value });
  });

  it.each([
    ['0001-01-01', /before 2000/],
    ['1999-12-31T23:59:59Z', /before 2000/],
    ['2099-01-01', /more than a day in the future/],
    ['2026-11-24T10:00:00+25:00', /real offsets/],
    ['2026-11-24T10:00:00+14:30', /real offsets/],
    ['2026-11-24T10:00:00-13:00', /real offsets/],
  ])('refuses %s with the reason', (raw, reason) => {
    expect(readTimestamp(raw, 'UTC', { now })).toEqual({ problem: expect.stringMatching(reason) });
  });

  it('refuses a 2099 row by line, so it cannot move the latest week with data', () => {
    const text = 'metric,value,unit,at\nuptime,99,percent,2026-11-20\nuptime,99,percent,2099-11-20\n';
    const { samples, errors } = parseMetricSamplesCsv(text, { file: 'u.csv', now });
    expect(samples.map((s) => s.at)).toEqual(['2026-11-20T00:00:00.000Z']);
    expect(errors).toEqual([{ line: 3, reason: expect.stringMatching(/future/) }]);
  });

  it.each(['constructor', '__proto__', 'prototype'])(
    'refuses %s as a dimension column, with a named error',
    (name) => {
      const text = `metric,value,unit,at,${name}\nuptime,99,percent,2026-11-20,x\n`;
      expect(() => parseMetricSamplesCsv(text, { file: 'u.csv' })).toThrow(IngestFormatError);
      expect(() => parseMetricSamplesCsv(text, { file: 'u.csv' })).toThrow(
        /cannot be a dimension name|may hold only/,
      );
    },
  );

  it('reads "constructor" as an unknown unit, not as Object', () => {
    const { samples, errors } = parseMetricSamplesCsv(
      'metric,value,unit,at\nuptime,99,constructor,2026-11-20\n',
      { file: 'u.csv' },
    );
    expect(samples).toEqual([]);
    expect(errors).toEqual([{ line: 2, reason: expect.stringMatching(/unknown unit "constructor"/) }]);
  });

  it.each(['__proto__', 'constructor'])('names a sample whose dimension is %s instead of failing', (name) => {
    const item = JSON.parse(
      `{"metric":"uptime","value":1,"unit":"percent","at":"2026-11-20T00:00:00Z","dimensions":{"${name}":"x"}}`,
    ) as unknown;
    const { samples, errors } = validateSamples([item]);
    expect(samples).toEqual([]);
    expect(errors[0]?.reason).toMatch(/reserved/);
  });

  it('warns once per unknown priority and per plan no promise names, keeping the tickets', () => {
    const text = [
      'Id,Created at,First reply at,Priority,Plan',
      '1,2026-11-24 10:00,2026-11-24 11:00,Sev9,Pro',
      '2,2026-11-24 10:00,2026-11-24 11:00,Sev9,Gold',
      '3,2026-11-24 10:00,2026-11-24 11:00,Urgent,Pro',
    ].join('\n');
    const { samples, warnings } = parseTicketsCsv(text, {
      calendar,
      file: 't.csv',
      now,
      knownTiers: new Set(['pro']),
    });
    expect(samples).toHaveLength(6);
    expect(warnings).toEqual([
      { line: 2, rows: 2, reason: expect.stringMatching(/priority "Sev9" is not a level/) },
      { line: 3, rows: 1, reason: expect.stringMatching(/plan "Gold" is named by no promise/) },
    ]);
  });

  it('gives the same identity to a file read under another name or order', () => {
    const rows = [
      'uptime,99,percent,2026-11-20,api',
      'uptime,98,percent,2026-11-21,api',
      'uptime,98,percent,2026-11-21,api',
    ];
    const a = parseMetricSamplesCsv(`metric,value,unit,at,service\n${rows.join('\n')}`, {
      file: 'data/u.csv',
    });
    const b = parseMetricSamplesCsv(`metric,value,unit,at,service\n${[...rows].reverse().join('\n')}`, {
      file: '../x/u.csv',
    });
    const id = (s: { at: string; value: number; key?: string }) => `${s.at}|${s.value}|${s.key}`;
    expect(a.samples.map(id).sort()).toEqual(b.samples.map(id).sort());
    expect(a.samples.map((s) => s.key).sort()).toEqual(['', '', '#2']);
  });
});
