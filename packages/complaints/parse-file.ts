// Complaint files (CSV and JSON Lines) and the HTTP item shape, checked by the same rules: bad rows are
// reported with their line and reason, good rows are kept.

import { parse as parseCsv } from 'csv-parse/sync';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { Complaint } from '../core/index.ts';
import { ComplaintsFileError } from './errors.ts';

export interface ComplaintRowError {
  line: number;
  reason: string;
}

export interface ParsedComplaints {
  complaints: Complaint[];
  errors: ComplaintRowError[];
}

/** Date only (UTC midnight), or date and time with Z or an offset: a local time would depend on the server. */
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/** The instant as a canonical ISO string, or the reason it is not one. */
export const readTimestamp = (value: string): { at: string } | { reason: string } => {
  const trimmed = value.trim();
  if (!ISO_TIMESTAMP.test(trimmed)) {
    return {
      reason: `"at" must be an ISO timestamp with a time zone (e.g. 2026-11-16T09:30:00Z), got "${trimmed}"`,
    };
  }
  const date = new Date(trimmed.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) return { reason: `"at" is not a real date: "${trimmed}"` };
  return { at: date.toISOString() };
};

const MAX_TEXT = 20_000;

// zod/mini: this module is in the evaluate-digest Lambda's import graph, where classic zod's
// namespace would add ~440 KB. Mini has no messages of its own; the English ones are configured.
z.config(en());

const trimmed = (min: number, max: number, minMessage?: string) =>
  z.string().check(z.trim(), z.minLength(min, minMessage), z.maxLength(max));

/** One complaint as the HTTP API takes it: `{ id, at, text, channel?, dimensions? }`. */
export const complaintSchema = z.strictObject({
  id: trimmed(1, 256, 'id must not be empty'),
  at: z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const read = readTimestamp(value);
      if ('reason' in read) {
        ctx.issues.push({ code: 'custom', message: read.reason, input: value });
        return z.NEVER;
      }
      return read.at;
    }),
  ),
  text: trimmed(1, MAX_TEXT, 'text must not be empty'),
  channel: z.optional(trimmed(1, 64)),
  dimensions: z._default(z.record(z.string(), z.string().check(z.maxLength(256))), {}),
});

const FIELDS = ['id', 'at', 'text', 'channel'] as const;
type Field = (typeof FIELDS)[number];

/** Reads one row (CSV record or JSON object) into a complaint, or the reason it cannot be one. */
const readRow = (
  row: Record<string, unknown>,
  mapping: Record<string, string>,
): { complaint: Complaint } | { reason: string } => {
  const columnOf = (field: Field): string => mapping[field] ?? field;
  const used = new Set(FIELDS.map(columnOf));
  const text = (field: Field): string | undefined => {
    const value = row[columnOf(field)];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && field === 'id') return String(value);
    return undefined;
  };
  const problems: string[] = [];
  const id = text('id')?.trim();
  if (!id) problems.push(`missing "${columnOf('id')}" (id)`);
  const rawAt = text('at');
  let at: string | undefined;
  if (!rawAt?.trim()) problems.push(`missing "${columnOf('at')}" (at)`);
  else {
    const read = readTimestamp(rawAt);
    if ('reason' in read) problems.push(read.reason);
    else at = read.at;
  }
  const body = text('text')?.trim();
  if (!body) problems.push(`missing "${columnOf('text')}" (text)`);
  else if (body.length > MAX_TEXT) problems.push(`text longer than ${MAX_TEXT} characters`);
  if (problems.length > 0 || !id || !at || !body) return { reason: problems.join('; ') };

  const dimensions: Record<string, string> = {};
  const addDimension = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value.trim()) dimensions[key.trim().toLowerCase()] = value.trim();
    else if (typeof value === 'number' || typeof value === 'boolean')
      dimensions[key.trim().toLowerCase()] = String(value);
  };
  for (const [key, value] of Object.entries(row)) {
    if (used.has(key)) continue;
    if (key === 'dimensions' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) addDimension(k, v);
    } else addDimension(key, value);
  }
  const channel = text('channel')?.trim();
  return { complaint: { id, at, text: body, ...(channel ? { channel } : {}), dimensions } };
};

const checkDuplicate = (seen: Map<string, number>, id: string, line: number): string | null => {
  const first = seen.get(id);
  if (first !== undefined) return `duplicate id "${id}" (first on line ${first})`;
  seen.set(id, line);
  return null;
};

const parseJsonLines = (text: string, mapping: Record<string, string>): ParsedComplaints => {
  const out: ParsedComplaints = { complaints: [], errors: [] };
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.errors.push({
        line,
        reason: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.errors.push({ line, reason: 'not a JSON object' });
      return;
    }
    const read = readRow(value as Record<string, unknown>, mapping);
    if ('reason' in read) out.errors.push({ line, reason: read.reason });
    else {
      const dup = checkDuplicate(seen, read.complaint.id, line);
      if (dup) out.errors.push({ line, reason: dup });
      else out.complaints.push(read.complaint);
    }
  });
  return out;
};

interface CsvRecordWithInfo {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}

const parseCsvFile = (text: string, mapping: Record<string, string>): ParsedComplaints => {
  const out: ParsedComplaints = { complaints: [], errors: [] };
  const skipped = new Map<number, string>();
  let records: CsvRecordWithInfo[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        if (!skipped.has(line)) skipped.set(line, error?.message ?? 'unreadable CSV row');
        return undefined;
      },
    }) as unknown as CsvRecordWithInfo[];
  } catch (error) {
    throw new ComplaintsFileError(
      `cannot read the CSV: ${error instanceof Error ? error.message : String(error)}`,
      'csv',
      { cause: error },
    );
  }
  for (const [line, reason] of skipped) out.errors.push({ line, reason: `unreadable CSV row: ${reason}` });
  const seen = new Map<string, number>();
  for (const { record, info, raw } of records) {
    // info.lines is where the record ends; a quoted field may span several lines.
    const inner = raw.replace(/\r?\n$/, '');
    const line = info.lines - (inner.match(/\n/g)?.length ?? 0);
    const read = readRow(record, mapping);
    if ('reason' in read) out.errors.push({ line, reason: read.reason });
    else {
      const dup = checkDuplicate(seen, read.complaint.id, line);
      if (dup) out.errors.push({ line, reason: dup });
      else out.complaints.push(read.complaint);
    }
  }
  out.errors.sort((a, b) => a.line - b.line);
  return out;
};

/**
 * Reads a complaints file. Required per row: id, at (ISO timestamp), text; optional channel; every other
 * column or field becomes a dimension (tier, priority…). `mapping` maps our field name to the file's
 * column name, e.g. `{ id: 'ticket_id', at: 'created_at', text: 'body' }`.
 */
export const parseComplaintsFile = (
  text: string,
  format: 'csv' | 'jsonl',
  mapping: Record<string, string> = {},
): ParsedComplaints => {
  if (format === 'jsonl') return parseJsonLines(text, mapping);
  if (format === 'csv') return parseCsvFile(text, mapping);
  throw new ComplaintsFileError(
    `unknown complaints file format "${String(format)}" (expected csv or jsonl)`,
    String(format),
  );
};
