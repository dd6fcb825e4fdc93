import { describe, expect, it } from 'vitest';
import { IngestFormatError, parseMetricSamplesCsv } from '../../../packages/ingest/index.ts';

const file = 'uptime.csv';

describe('metric samples from CSV', () => {
  it('reads one sample a row, with every other column as a lower-cased dimension', () => {
    const text = 'metric,value,unit,at,Region,Service\nuptime,99.98,percent,2026-11-16,EU,API\n';
    const { samples, errors } = parseMetricSamplesCsv(text, { file });
    expect(errors).toEqual([]);
    expect(samples).toEqual([
      {
        metric: 'uptime',
        value: 99.98,
        unit: 'percent',
        at: '2026-11-16T00:00:00.000Z',
        dimensions: { region: 'eu', service: 'api' },
        ref: 'uptime.csv:2',
        key: '',
      },
    ]);
  });

  it('takes fields from mapped columns and fixed values from defaults', () => {
    const text = 'Day,Availability,Plan\n2026-11-16,99.9,Pro\n';
    const { samples, errors } = parseMetricSamplesCsv(text, {
      file,
      mapping: { at: 'Day', value: 'Availability', tier: 'Plan' },
      defaults: { metric: 'uptime', unit: 'percent', region: 'EU' },
    });
    expect(errors).toEqual([]);
    expect(samples[0]).toMatchObject({
      metric: 'uptime',
      unit: 'percent',
      value: 99.9,
      dimensions: { tier: 'pro', region: 'eu' },
    });
  });

  it('accepts unit spellings such as "business days" and "%"', () => {
    const text =
      'metric,value,unit,at\ndelivery_time,2,business days,2026-11-16T10:00:00Z\nuptime,99.5,%,2026-11-16\n';
    const { samples } = parseMetricSamplesCsv(text, { file });
    expect(samples.map((s) => s.unit)).toEqual(['business_days', 'percent']);
  });

  it('reads times without an offset in the given time zone', () => {
    const text = 'metric,value,unit,at\ndelivery_time,2,days,2026-11-16 10:00\n';
    const { samples } = parseMetricSamplesCsv(text, { file, timezone: 'Europe/Berlin' });
    expect(samples[0]?.at).toBe('2026-11-16T09:00:00.000Z');
  });

  it('reports bad rows with their line and reason and keeps the good ones', () => {
    const text = [
      'metric,value,unit,at,note',
      'uptime,99.9,percent,2026-11-16,ok',
      '',
      'uptime,fast,percent,2026-11-17,bad value',
      'uptime,99.9,parsecs,2026-11-18,bad unit',
      'uptime,99.9,percent,16/11/2026,bad date',
      ',99.9,percent,2026-11-19,no metric',
      'uptime,140,percent,2026-11-20,over 100',
      'delivery_time,-2,days,2026-11-20,negative',
      'uptime,99.7,percent,2026-11-21,"a note',
      'over two lines"',
      'uptime,99.6,percent,2026-11-22,ok',
    ].join('\n');
    const { samples, errors, rows } = parseMetricSamplesCsv(text, { file });
    expect(rows).toBe(9);
    expect(samples.map((s) => s.ref)).toEqual(['uptime.csv:2', 'uptime.csv:10', 'uptime.csv:12']);
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(errors[0]?.reason).toMatch(/value "fast" is not a number/);
    expect(errors[1]?.reason).toMatch(/unknown unit "parsecs"/);
    expect(errors[2]?.reason).toMatch(/malformed date "16\/11\/2026"/);
    expect(errors[3]?.reason).toBe('missing metric');
    expect(errors[4]?.reason).toMatch(/outside 0..100/);
    expect(errors[5]?.reason).toMatch(/negative/);
  });

  it.each([
    ['a header without a value column', 'metric,unit,at\nuptime,percent,2026-11-16\n', {}],
    ['a mapping to a column that does not exist', 'metric,value,unit,at\n', { at: 'When' }],
    ['an empty file', '', {}],
  ])('refuses %s, naming the file', (_name, text, mapping) => {
    expect(() => parseMetricSamplesCsv(text, { file, mapping })).toThrow(IngestFormatError);
    expect(() => parseMetricSamplesCsv(text, { file, mapping })).toThrow(/uptime\.csv/);
  });
});
