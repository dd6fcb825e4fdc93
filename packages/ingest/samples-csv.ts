// Metric samples from CSV: one measurement a row, columns metric, value, unit, at, and every
// other column as a dimension. A mapping renames columns; defaults fill fields the file lacks.
//
// A sample's identity is what it says (series, instant, value), never the file or line it was
// read from: the same file imported from another folder, or re-sorted, stores nothing twice. Two
// identical rows in one file are two measurements (the second is keyed "#2", the third "#3").

import type { MetricSample } from '../core/index.ts';
import { type CsvRow, columnIndex, normaliseColumn, type RowError, resolveColumn } from './csv.ts';
import { dimensionNameProblem, emptyDimensions, MAX_DIMENSION_VALUE } from './dimensions.ts';
import { IngestFormatError } from './errors.ts';
import { KNOWN_UNITS, parseUnit } from './normalise.ts';
import { type ParseResult, type RowReader, readTable, WarningTally } from './rows.ts';
import { readTimestamp, type TimestampRange } from './timestamps.ts';
import { readNumber, valueProblem } from './values.ts';

export type { ParseResult } from './rows.ts';

export interface SamplesCsvOptions extends TimestampRange {
  /** Our field (metric, value, unit, at, or a dimension name) → the file's column name. */
  mapping?: Record<string, string>;
  /** Fixed values for every row, e.g. { metric: 'uptime', unit: 'percent', region: 'eu' }. */
  defaults?: Record<string, string>;
  /** Shown in errors and kept in each sample's `ref` (file:line) as evidence. */
  file: string;
  /** Time zone for timestamps without an offset (default UTC). */
  timezone?: string;
}

const FIELDS = ['metric', 'value', 'unit', 'at'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_ALIASES: Record<Field, string[]> = {
  metric: ['metric', 'metric name', 'name'],
  value: ['value'],
  unit: ['unit', 'units'],
  at: ['at', 'timestamp', 'time', 'date', 'day'],
};
const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

const dimensionName = (column: string): string => normaliseColumn(column).replace(/ /g, '_');

/** A 53-bit hash of a row's meaning, to count identical rows without keeping their text. */
const meaningHash = (text: string): number => {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 2246822519);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
};

const own = (record: Record<string, string>, key: string): string | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** The reader of one samples file's rows, once its header is known; throws when the header cannot work. */
export const createSamplesReader = (header: string[], options: SamplesCsvOptions): RowReader => {
  const { file } = options;
  const mapping = options.mapping ?? {};
  const defaults = options.defaults ?? {};
  const find = columnIndex(header);

  const fieldColumn = new Map<Field, number>();
  for (const field of FIELDS) {
    const i = resolveColumn(find, field, own(mapping, field), FIELD_ALIASES[field], file);
    if (i !== undefined) fieldColumn.set(field, i);
    else if (own(defaults, field) === undefined) {
      throw new IngestFormatError(
        file,
        `no "${field}" column (columns: ${header.join(', ')}); map one with ${field}=COLUMN or give a default`,
        1,
      );
    }
  }
  const taken = new Set(fieldColumn.values());
  const renamed = new Map<number, string>();
  for (const [ours, theirs] of Object.entries(mapping)) {
    if (isField(ours)) continue;
    const i = find(theirs);
    if (i === undefined) {
      throw new IngestFormatError(file, `mapping ${ours}=${theirs}: no column "${theirs}" in the header`, 1);
    }
    renamed.set(i, dimensionName(ours));
  }
  const dimensionColumns = header
    .map((name, i) => ({ i, key: renamed.get(i) ?? dimensionName(name) }))
    .filter(({ i, key }) => !taken.has(i) && key !== '');
  const fixed: [string, string][] = Object.entries(defaults)
    .filter(([key]) => !isField(key))
    .map(([key, value]) => [dimensionName(key), value.trim().toLowerCase()]);
  for (const key of [...dimensionColumns.map((d) => d.key), ...fixed.map(([k]) => k)]) {
    const problem = dimensionNameProblem(key);
    if (problem) throw new IngestFormatError(file, `column "${key}": ${problem}`, 1);
  }
  const occurrences = new Map<number, number>();
  const cell = (cells: string[], field: Field): string => {
    const i = fieldColumn.get(field);
    const raw = i === undefined ? undefined : cells[i]?.trim();
    return raw === undefined || raw === '' ? (own(defaults, field)?.trim() ?? '') : raw;
  };
  const read = ({ line, cells }: CsvRow): MetricSample[] | RowError => {
    const fail = (reason: string): RowError => ({ line, reason });
    const metric = cell(cells, 'metric').toLowerCase();
    if (!metric) return fail('missing metric');
    const rawValue = cell(cells, 'value');
    if (!rawValue) return fail('missing value');
    const number = readNumber(rawValue);
    if (!('value' in number)) return fail(`value ${number.problem}`);
    const { value } = number;
    const rawUnit = cell(cells, 'unit');
    const unit = parseUnit(rawUnit);
    if (!unit) return fail(`unknown unit "${rawUnit}" (expected one of ${KNOWN_UNITS.join(', ')})`);
    const problem = valueProblem(value, unit);
    if (problem) return fail(problem);
    const rawAt = cell(cells, 'at');
    if (!rawAt) return fail('missing date');
    const at = readTimestamp(rawAt, options.timezone, options);
    if (!('at' in at)) return fail(at.problem);
    const dimensions = emptyDimensions();
    for (const [k, v] of fixed) dimensions[k] = v;
    for (const { i, key } of dimensionColumns) {
      const v = cells[i]?.trim().toLowerCase();
      if (!v) continue;
      if (v.length > MAX_DIMENSION_VALUE) {
        return fail(`"${header[i]}" is over ${MAX_DIMENSION_VALUE} characters: not a dimension value`);
      }
      dimensions[key] = v;
    }
    const iso = at.at.toISOString();
    const meaning = `${metric}\u0000${Object.entries(dimensions).join('\u0000')}\u0000${iso}\u0000${value}\u0000${unit}`;
    const h = meaningHash(meaning);
    const n = (occurrences.get(h) ?? 0) + 1;
    occurrences.set(h, n);
    return [
      { metric, value, unit, at: iso, dimensions, ref: `${file}:${line}`, key: n === 1 ? '' : `#${n}` },
    ];
  };
  const warnings = new WarningTally();
  return { read, warnings: () => warnings.list() };
};

/** Parses a whole file held in memory (tests, small files); imports stream through createSamplesReader. */
export const parseMetricSamplesCsv = (text: string, options: SamplesCsvOptions): ParseResult =>
  readTable(text, options.file, (header) => createSamplesReader(header, options));
