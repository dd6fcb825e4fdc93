// Metric samples from CSV: one measurement a row, columns metric, value, unit, at, and every
// other column as a dimension. A mapping renames columns; defaults fill fields the file lacks.

import type { MetricSample } from '../core/index.ts';
import { columnIndex, normaliseColumn, type RowError, readCsv, resolveColumn } from './csv.ts';
import { IngestFormatError } from './errors.ts';
import { KNOWN_UNITS, parseUnit } from './normalise.ts';
import { parseTimestamp, TIMESTAMP_HINT } from './timestamps.ts';
import { parseNumber, valueProblem } from './values.ts';

export interface SamplesCsvOptions {
  /** Our field (metric, value, unit, at, or a dimension name) → the file's column name. */
  mapping?: Record<string, string>;
  /** Fixed values for every row, e.g. { metric: 'uptime', unit: 'percent', region: 'eu' }. */
  defaults?: Record<string, string>;
  /** Shown in errors and kept in each sample's `ref` (file:line). */
  file: string;
  /** Time zone for timestamps without an offset (default UTC). */
  timezone?: string;
}

export interface ParseResult {
  samples: MetricSample[];
  errors: RowError[];
  /** Data rows read (good and bad). */
  rows: number;
}

const FIELDS = ['metric', 'value', 'unit', 'at'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_ALIASES: Record<Field, string[]> = {
  metric: ['metric', 'metric name', 'name'],
  value: ['value'],
  unit: ['unit', 'units'],
  at: ['at', 'timestamp', 'time', 'date', 'day'],
};

const dimensionName = (column: string): string => normaliseColumn(column).replace(/ /g, '_');

export const parseMetricSamplesCsv = (text: string, options: SamplesCsvOptions): ParseResult => {
  const { file } = options;
  const mapping = options.mapping ?? {};
  const defaults = options.defaults ?? {};
  const table = readCsv(text, file);
  const find = columnIndex(table.header);

  const fieldColumn = new Map<Field, number>();
  for (const field of FIELDS) {
    const i = resolveColumn(find, field, mapping[field], FIELD_ALIASES[field], file);
    if (i !== undefined) fieldColumn.set(field, i);
    else if (defaults[field] === undefined) {
      throw new IngestFormatError(
        file,
        `no "${field}" column (columns: ${table.header.join(', ')}); map one with ${field}=COLUMN or give a default`,
        1,
      );
    }
  }
  const taken = new Set(fieldColumn.values());
  const renamed = new Map<number, string>();
  for (const [ours, theirs] of Object.entries(mapping)) {
    if ((FIELDS as readonly string[]).includes(ours)) continue;
    const i = find(theirs);
    if (i === undefined) {
      throw new IngestFormatError(file, `mapping ${ours}=${theirs}: no column "${theirs}" in the header`, 1);
    }
    renamed.set(i, dimensionName(ours));
  }
  const dimensionColumns = table.header
    .map((name, i) => ({ i, key: renamed.get(i) ?? dimensionName(name) }))
    .filter(({ i, key }) => !taken.has(i) && key !== '');
  const fixedDimensions = Object.fromEntries(
    Object.entries(defaults)
      .filter(([key]) => !(FIELDS as readonly string[]).includes(key))
      .map(([key, value]) => [dimensionName(key), value.trim().toLowerCase()]),
  );

  const samples: MetricSample[] = [];
  const errors = [...table.errors];
  const cell = (cells: string[], field: Field): string => {
    const i = fieldColumn.get(field);
    const raw = i === undefined ? undefined : cells[i]?.trim();
    return raw === undefined || raw === '' ? (defaults[field]?.trim() ?? '') : raw;
  };
  for (const { line, cells } of table.rows) {
    const fail = (reason: string) => errors.push({ line, reason });
    const metric = cell(cells, 'metric').toLowerCase();
    if (!metric) {
      fail('missing metric');
      continue;
    }
    const rawValue = cell(cells, 'value');
    const value = parseNumber(rawValue);
    if (value === null) {
      fail(rawValue ? `value "${rawValue}" is not a number` : 'missing value');
      continue;
    }
    const rawUnit = cell(cells, 'unit');
    const unit = parseUnit(rawUnit);
    if (!unit) {
      fail(`unknown unit "${rawUnit}" (expected one of ${KNOWN_UNITS.join(', ')})`);
      continue;
    }
    const problem = valueProblem(value, unit);
    if (problem) {
      fail(problem);
      continue;
    }
    const rawAt = cell(cells, 'at');
    const at = parseTimestamp(rawAt, options.timezone);
    if (!at) {
      fail(rawAt ? `malformed date "${rawAt}" (${TIMESTAMP_HINT})` : 'missing date');
      continue;
    }
    const dimensions: Record<string, string> = { ...fixedDimensions };
    for (const { i, key } of dimensionColumns) {
      const v = cells[i]?.trim().toLowerCase();
      if (v) dimensions[key] = v;
    }
    samples.push({ metric, value, unit, at: at.toISOString(), dimensions, ref: `${file}:${line}` });
  }
  errors.sort((a, b) => a.line - b.line);
  return { samples, errors, rows: table.rows.length };
};
