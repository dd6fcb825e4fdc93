// What the file parsers share: a reader turns one CSV row into samples or a bad row; warnings
// (values that are kept but that no promise will read) are tallied per distinct message.

import type { MetricSample } from '../core/index.ts';
import { type CsvEvent, type CsvRow, createRecordAssembler, type RowError } from './csv.ts';
import { IngestFormatError } from './errors.ts';

export interface ImportWarning {
  /** The first line it was seen on. */
  line: number;
  reason: string;
  /** Rows it applies to. */
  rows: number;
}

export interface RowReader {
  read(row: CsvRow): MetricSample[] | RowError;
  warnings(): ImportWarning[];
}

export interface ParseResult {
  samples: MetricSample[];
  errors: RowError[];
  /** Data rows read (good and bad, unreadable records included). */
  rows: number;
  warnings: ImportWarning[];
}

/** Counts each distinct warning once, with the line it first appeared on; bounded in size. */
export class WarningTally {
  private readonly byReason = new Map<string, ImportWarning>();
  constructor(private readonly limit = 100) {}
  add(line: number, reason: string): void {
    const known = this.byReason.get(reason);
    if (known) known.rows += 1;
    else if (this.byReason.size < this.limit) this.byReason.set(reason, { line, reason, rows: 1 });
  }
  list(): ImportWarning[] {
    return [...this.byReason.values()].sort((a, b) => a.line - b.line);
  }
}

/** The rows of a file held in memory, through the same record reader that streams files. */
export const readTable = (
  text: string,
  file: string,
  makeReader: (header: string[]) => RowReader,
): ParseResult => {
  const assembler = createRecordAssembler();
  const events: CsvEvent[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) break;
    events.push(...assembler.line(text.slice(from, nl)));
    from = nl + 1;
  }
  if (from < text.length) events.push(...assembler.line(text.slice(from)));
  events.push(...assembler.end());
  const headerAt = events.findIndex((e) => e.kind === 'row');
  const headerEvent = events[headerAt];
  if (headerEvent?.kind !== 'row')
    throw new IngestFormatError(file, 'the file is empty: expected a header row');
  const reader = makeReader(headerEvent.cells.map((c) => c.trim()));
  const samples: MetricSample[] = [];
  const errors: RowError[] = [];
  let rows = 0;
  events.forEach((e, i) => {
    if (i === headerAt) return;
    if (i > headerAt) rows += 1;
    if (e.kind === 'error') {
      errors.push({ line: e.line, reason: e.reason });
      return;
    }
    const r = reader.read(e);
    if (Array.isArray(r)) samples.push(...r);
    else errors.push(r);
  });
  errors.sort((a, b) => a.line - b.line);
  return { samples, errors, rows, warnings: reader.warnings() };
};
