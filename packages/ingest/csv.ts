// CSV reading with exact line numbers, streamed. RFC 4180 records are assembled from physical
// lines: a record continues onto the next line only while a quoted cell is open. A record that
// cannot be read (a stray quote, a quote never closed, a quote that swallows the following rows)
// is reported at the line it starts on and reading restarts on the line after it, so the good
// rows after a bad one are kept. Memory is bounded by the longest record allowed, whatever the
// file's size.

import { IngestFormatError } from './errors.ts';

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface RowError {
  line: number;
  reason: string;
}

/** One record of a file as read: a row of cells or a problem at a line. */
export type CsvEvent = ({ kind: 'row' } & CsvRow) | ({ kind: 'error' } & RowError);

export interface CsvLimits {
  /** Physical lines one quoted cell may span before it is taken for a stray quote (default 200). */
  maxRecordLines?: number;
  /** Characters one record may hold (default 1,000,000). */
  maxRecordChars?: number;
}

/** Where a quoted cell stands at the end of a physical line. */
const endsInsideQuote = (text: string, insideQuote: boolean): boolean => {
  let inside = insideQuote;
  let fieldStart = !insideQuote;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inside) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inside = false;
      }
      continue;
    }
    if (c === 44) fieldStart = true;
    else {
      if (c === 34 && fieldStart) inside = true;
      fieldStart = false;
    }
  }
  return inside;
};

type Split = { cells: string[] } | { problem: string };

/**
 * The cells of one complete record. A quote inside an unquoted cell (`5" screen`) is kept as a
 * character; text after a closing quote (`"a"b`) is a stray quote.
 */
const splitRecord = (text: string): Split => {
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return { problem: 'a quoted cell is not closed' };
        if (text.charCodeAt(j + 1) === 34) {
          value += text.slice(from, j + 1);
          j += 2;
          from = j;
          continue;
        }
        value += text.slice(from, j);
        break;
      }
      cells.push(value);
      i = j + 1;
      if (i >= n) return { cells };
      if (text.charCodeAt(i) !== 44) {
        return {
          problem: `stray quote in cell ${cells.length}: text follows its closing quote ("${text.slice(i, i + 20)}")`,
        };
      }
      i += 1;
      continue;
    }
    const comma = text.indexOf(',', i);
    if (comma < 0) {
      cells.push(text.slice(i));
      return { cells };
    }
    cells.push(text.slice(i, comma));
    i = comma + 1;
  }
};

/**
 * Turns physical lines into records. Push lines with `line(text)`, then `end()`; each call
 * returns the events it completed, in line order.
 */
export const createRecordAssembler = (limits: CsvLimits = {}) => {
  const maxLines = limits.maxRecordLines ?? 200;
  const maxChars = limits.maxRecordChars ?? 1_000_000;
  let lineNo = 0;
  let width: number | undefined;
  /** Lines of a record whose quoted cell is still open. */
  let pending: { no: number; text: string }[] = [];
  let pendingChars = 0;

  const judge = (first: number, text: string, lines: number, out: CsvEvent[]): boolean => {
    const split = splitRecord(text);
    if ('problem' in split) {
      out.push({ kind: 'error', line: first, reason: `unreadable CSV row: ${split.problem}` });
      return lines === 1;
    }
    const { cells } = split;
    if (width === undefined) {
      if (cells.every((c) => c.trim() === '')) return true;
      width = cells.length;
      out.push({ kind: 'row', line: first, cells });
      return true;
    }
    if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
      const reason =
        lines > 1
          ? `unreadable CSV row: a quote opened on this line closes only on line ${first + lines - 1}, which leaves ${cells.length} cells where the header has ${width}`
          : `unreadable CSV row: ${cells.length} cells where the header has ${width} (an unquoted comma in a value?)`;
      out.push({ kind: 'error', line: first, reason });
      return lines === 1;
    }
    if (lines > 1 && cells.length < width) {
      out.push({
        kind: 'error',
        line: first,
        reason: `unreadable CSV row: a quote opened on this line closes only on line ${first + lines - 1}, which leaves ${cells.length} cells where the header has ${width}`,
      });
      return false;
    }
    if (!cells.every((c) => c.trim() === '')) out.push({ kind: 'row', line: first, cells });
    return true;
  };

  /** The pending record failed: report its first line and read the lines after it again. */
  const restart = (out: CsvEvent[], reason?: string) => {
    const [first, ...rest] = pending;
    pending = [];
    pendingChars = 0;
    if (!first) return;
    if (reason) out.push({ kind: 'error', line: first.no, reason });
    for (const l of rest) feed(l.no, l.text, out);
  };

  const feed = (no: number, text: string, out: CsvEvent[]): void => {
    if (pending.length === 0) {
      if (!endsInsideQuote(text, false)) {
        judge(no, text, 1, out);
        return;
      }
      pending = [{ no, text }];
      pendingChars = text.length;
      return;
    }
    pending.push({ no, text });
    pendingChars += text.length + 1;
    if (!endsInsideQuote(text, true)) {
      const first = pending[0]?.no ?? no;
      const lines = pending.length;
      const ok = judge(first, pending.map((l) => l.text).join('\n'), lines, out);
      if (ok) {
        pending = [];
        pendingChars = 0;
      } else restart(out);
      return;
    }
    if (pending.length > maxLines || pendingChars > maxChars) {
      restart(
        out,
        `unreadable CSV row: a quote opened on this line is not closed within ${maxLines} lines (a stray quote?)`,
      );
    }
  };

  return {
    line(text: string): CsvEvent[] {
      lineNo += 1;
      const out: CsvEvent[] = [];
      let t = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (lineNo === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      feed(lineNo, t, out);
      return out;
    },
    end(): CsvEvent[] {
      const out: CsvEvent[] = [];
      while (pending.length > 0)
        restart(out, 'unreadable CSV row: a quote opened on this line is never closed');
      return out;
    },
    get lines() {
      return lineNo;
    },
  };
};

export type CsvSource = string | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Physical lines of a source, decoded as UTF-8 across chunk boundaries. */
async function* linesOf(source: CsvSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    let from = 0;
    for (;;) {
      const nl = source.indexOf('\n', from);
      if (nl < 0) break;
      yield source.slice(from, nl);
      from = nl + 1;
    }
    if (from < source.length) yield source.slice(from);
    return;
  }
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      yield text.slice(from, nl);
      from = nl + 1;
    }
    carry = text.slice(from);
  }
  carry += decoder.decode();
  if (carry.length > 0) yield carry;
}

export interface CsvStream {
  /** Column names as written (trimmed). */
  header: string[];
  /** The data rows and bad records after the header, in line order. */
  records: AsyncGenerator<CsvEvent>;
}

/**
 * Opens a CSV source: reads up to its header row, then streams the rest. Problems before the
 * header (an unreadable first row) are reported as events of `records`.
 */
export const openCsv = async (source: CsvSource, file: string, limits?: CsvLimits): Promise<CsvStream> => {
  const assembler = createRecordAssembler(limits);
  const lines = linesOf(source)[Symbol.asyncIterator]();
  const early: CsvEvent[] = [];
  let header: string[] | undefined;
  const take = (events: CsvEvent[]) => {
    for (const e of events) {
      if (!header && e.kind === 'row') header = e.cells.map((c) => c.trim());
      else early.push(e);
    }
  };
  while (!header) {
    const next = await lines.next();
    if (next.done) {
      take(assembler.end());
      break;
    }
    take(assembler.line(next.value));
  }
  if (!header) throw new IngestFormatError(file, 'the file is empty: expected a header row');
  async function* records(): AsyncGenerator<CsvEvent> {
    yield* early;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      yield* assembler.line(next.value);
    }
    yield* assembler.end();
  }
  return { header, records: records() };
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
