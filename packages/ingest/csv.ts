// CSV reading with exact line numbers: each record knows the line it starts on, blank lines are
// skipped, and a record csv-parse cannot read becomes a bad row instead of ending the import.

import { CsvError, parse } from 'csv-parse/sync';
import { IngestFormatError } from './errors.ts';

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface RowError {
  line: number;
  reason: string;
}

export interface CsvTable {
  /** Column names as written (trimmed). */
  header: string[];
  rows: CsvRow[];
  errors: RowError[];
}

export const readCsv = (text: string, file: string): CsvTable => {
  const errors: RowError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error)
          errors.push({ line: Number(error.lines) || 0, reason: `unreadable CSV: ${error.message}` });
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (cause) {
    const line = cause instanceof CsvError ? Number(cause.lines) || undefined : undefined;
    throw new IngestFormatError(file, `not readable as CSV: ${(cause as Error).message}`, line, { cause });
  }
  let previousEnd = 0;
  let header: string[] | undefined;
  const rows: CsvRow[] = [];
  // Skipped records end on the lines in `errors`: the next record starts after them.
  const skippedEnds = errors.map((e) => e.line).sort((a, b) => a - b);
  let skipped = 0;
  for (const { record, info } of records) {
    while (skipped < skippedEnds.length && (skippedEnds[skipped] ?? 0) < info.lines) {
      previousEnd = Math.max(previousEnd, skippedEnds[skipped] ?? 0);
      skipped += 1;
    }
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.every((cell) => cell.trim() === '')) continue;
    if (!header) {
      header = record.map((cell) => cell.trim());
      continue;
    }
    rows.push({ line, cells: record });
  }
  if (!header) throw new IngestFormatError(file, 'the file is empty: expected a header row');
  return { header, rows, errors };
};

/** Column lookup by name, case- and space-insensitive. */
export const columnIndex = (header: string[]): ((name: string) => number | undefined) => {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = normaliseColumn(name);
    if (!index.has(key)) index.set(key, i);
  });
  return (name) => index.get(normaliseColumn(name));
};

/**
 * The column of one of our fields: the column the mapping names (an error when the header lacks
 * it), else the first of the field's usual names that the header has.
 */
export const resolveColumn = (
  find: (name: string) => number | undefined,
  field: string,
  mapped: string | undefined,
  aliases: readonly string[],
  file: string,
): number | undefined => {
  if (mapped === undefined) return aliases.map(find).find((n) => n !== undefined);
  const i = find(mapped);
  if (i === undefined) {
    throw new IngestFormatError(file, `mapping ${field}=${mapped}: no column "${mapped}" in the header`, 1);
  }
  return i;
};

export const normaliseColumn = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
