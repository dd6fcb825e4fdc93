// The document as a reader sees it: a flat sequence of headings, paragraphs, list items and table
// rows. HTML, PDF and plain text are all turned into blocks, so one engine reads them all.

export type BlockKind = 'heading' | 'paragraph' | 'item' | 'row';

export interface Block {
  kind: BlockKind;
  text: string;
  /** Heading level (1 = most important); text headings are level 2. */
  level?: number;
  /** Table rows: the cells, and the header cell above each (same index) when the table has one. */
  cells?: string[];
  header?: string[];
  /** Rows of one table share a table number, so a header row is only used for its own table. */
  table?: number;
  /** A header of two rows ("First response" spanning "Standard | Premier"): the upper row's cells. */
  headerGroup?: string[];
  /** A row recovered from a line whose table lost its borders: its evidence is the whole line. */
  recovered?: boolean;
  /** A heading-like line that labels the lone value below it (a card's or a one-cell-per-line table's). */
  label?: boolean;
}

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// A run of white space that is not already a single plain space: one that starts with another
// white-space character, or a space followed by more. Single spaces between words are left alone,
// so a clean text costs one scan and no copies.
const UNTIDY_SPACE = /[^\S ][\s]*| \s+/g;

/** Collapses runs of white space and strips invisible characters. */
export const cleanText = (text: string): string =>
  text.replace(INVISIBLE, '').replace(UNTIDY_SPACE, ' ').trim();

const BULLET = /^\s*(?:[-*•·▪◦‣●○–]|\d{1,2}[.)]|\(?[a-z][.)])\s+/;
const RULE = /^\s*\|?\s*:?-{3,}/;
const TABLE_LINE = /\S\s*\|\s*\S|^\s*\|/;
const TERMINAL = /[.!?:;]["”’)]?\s*$/;
const JOIN_AFTER =
  /(?:\b(?:the|a|an|of|to|at|our|your|and|or|for|with|within|are|is|be|by|in|on|from|than)|[,(“"–-])\s*$/i;
const UNIT_START = /^\s*(?:business|working|calendar)?\s*(?:days?|hours?|minutes?|weeks?|hrs?)\b/i;

/** Whether a line of plain text reads as a heading: short, no figure, no sentence punctuation. */
export const looksLikeHeading = (line: string): boolean => {
  const t = line.trim();
  if (/^#{1,6}\s/.test(t)) return true;
  return t.length > 0 && t.length <= 60 && !/[.:;,!?)]$/.test(t) && !/\d/.test(t) && /^[A-Z]/.test(t);
};

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => cleanText(c));

/**
 * Whether two lines are one sentence a layout wrapped: the next starts in lower case, or this one
 * ends on a word that cannot end a sentence, or a number waits for its unit on the next line.
 */
const wrapped = (prev: string, next: string): boolean =>
  next.trim() !== '' &&
  prev.trim() !== '' &&
  !TERMINAL.test(prev) &&
  (/^\s*[a-z]/.test(next) ||
    JOIN_AFTER.test(prev) ||
    (/\d\W?$/.test(prev) && UNIT_START.test(next.replace(/^\W+/, ''))));

const unwrap = (lines: string[]): string[] => {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    const prev = out[out.length - 1];
    const joinable =
      prev !== undefined &&
      !TABLE_LINE.test(prev) &&
      !TABLE_LINE.test(line) &&
      !BULLET.test(line) &&
      wrapped(prev, line);
    if (joinable) out[out.length - 1] = `${prev} ${line.trim()}`;
    else out.push(line);
  }
  return out;
};

/** Joins paragraphs that are pieces of one sentence (a page that puts each visual line in a <p>). */
export const joinWrappedParagraphs = (blocks: Block[]): Block[] => {
  const out: Block[] = [];
  for (const block of blocks) {
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'paragraph' && block.kind === 'paragraph' && wrapped(prev.text, block.text)) {
      out[out.length - 1] = { ...prev, text: `${prev.text} ${block.text}` };
    } else {
      out.push(block);
    }
  }
  return out;
};

/** A short value standing alone: "99.5%", "< 1 hour", "Within 4 hours", "$12.95". */
const VALUE_LINE = /^\s*(?:[<>≤≥~]=?|up to|within|under|less than|about|from)?\s*[$€£]?\d/i;

/**
 * A heading-like line right above a lone value ("Response time" over "< 4 hours") labels that
 * value, as a card or a table put one cell per line does: it is not a section heading, so the
 * heading above it (the card's plan, the section's name) stays in force.
 */
export const demoteLabels = (blocks: Block[]): Block[] => {
  for (let i = 0; i + 1 < blocks.length; i++) {
    const b = blocks[i];
    const next = blocks[i + 1];
    if (!b || !next || b.kind !== 'heading' || (b.level ?? 2) <= 1) continue;
    if (next.kind !== 'paragraph' && next.kind !== 'item') continue;
    if (next.text.length > 40 || !VALUE_LINE.test(next.text) || b.text.split(/\s+/).length > 5) continue;
    blocks[i] = { kind: 'paragraph', text: b.text, label: true };
  }
  // Within such a card, a label whose value is words ("Support" over "Email only") looks like two
  // headings: between a labelled value and the next label, two heading-like lines are one more pair.
  for (let i = 1; i + 2 < blocks.length; i++) {
    const [before, a, b, after] = [blocks[i - 1], blocks[i], blocks[i + 1], blocks[i + 2]];
    if (!before || !a || !b || !after || a.kind !== 'heading' || b.kind !== 'heading') continue;
    if (!after.label || !blocks[i - 2]?.label || !VALUE_LINE.test(before.text)) continue;
    blocks[i] = { kind: 'paragraph', text: a.text, label: true };
    blocks[i + 1] = { kind: 'paragraph', text: b.text };
  }
  return blocks;
};

/** A line that is one table cell and its border: "Standard |", "2-3 business days |", or a lone "|". */
const CELL_LINE = /^[^|]*\|\s*$/;

/**
 * A table whose cells were put one per line, each closed by its border ("|"): the row width is the
 * smallest that makes every row after the first start with a label and hold a figure.
 */
const cellPerLineTable = (cells: string[], table: number): Block[] | null => {
  for (let k = 2; k <= 8; k++) {
    if (cells.length % k !== 0 || cells.length / k < 2) continue;
    const rows: string[][] = [];
    for (let i = 0; i < cells.length; i += k) rows.push(cells.slice(i, i + k));
    const [header = [], ...body] = rows;
    if (header.some((c) => /\d/.test(c))) continue;
    if (!body.every((r) => !/\d/.test(r[0] ?? '') && r.slice(1).some((c) => /\d/.test(c)))) continue;
    return body.map((cells) => ({
      kind: 'row' as const,
      text: cells.filter((c) => c !== '').join(' | '),
      cells,
      header,
      table,
    }));
  }
  return null;
};

/** A table line broken after its first cells: "Premium (paid) |" closing the row above, a table line after it. */
const continuesRow = (lines: readonly string[], i: number): boolean => {
  const line = lines[i] ?? '';
  const prev = lines[i - 1] ?? '';
  const next = lines[i + 1] ?? '';
  return (
    CELL_LINE.test(line) &&
    !/^\s*\|/.test(line) &&
    /\|\s*$/.test(prev) &&
    TABLE_LINE.test(prev) &&
    TABLE_LINE.test(next)
  );
};

/**
 * A header with no cell over the label column ("| Basic | Plus | Max | |" over "| Hours | … |"):
 * its names move one column right, so each stands over its own column.
 */
const alignHeader = (header: string[], body: readonly string[][]): string[] => {
  const width = Math.max(0, ...body.map((r) => r.length));
  const named = header.filter((c) => c !== '').length;
  const labelled = body.length > 0 && body.every((r) => (r[0] ?? '') !== '' && !/^\W*\d/.test(r[0] ?? ''));
  if (header[0] && header[header.length - 1] === '' && named === width - 1 && labelled)
    return ['', ...header.slice(0, -1)];
  return header;
};

const MEASURE =
  /\b(?:response|repl(?:y|ies)|answer|acknowledg\w*|resolution|resolve|fix|restor\w*|uptime|availability|credits?|price|cost|delivery|dispatch|turnaround|time|hours|target)\b/i;

/**
 * A row that is a second header: short labels, no figures, a measure named in every column but
 * the first ("Severity | First reply | First reply").
 */
const isSubHeader = (row: readonly string[]): boolean => {
  const rest = row.slice(1).filter((c) => c !== '');
  if (rest.length < 2 || row.some((c) => /\d/.test(c) || c.length > 40)) return false;
  return rest.every((c) => MEASURE.test(c));
};

/** Splits plain text (or text pulled from a PDF) into blocks. */
export const textToBlocks = (text: string): Block[] => {
  const lines = unwrap(text.replace(/\r\n?/g, '\n').split('\n')).filter((l) => l.trim() !== '');
  const blocks: Block[] = [];
  let table = 0;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    if (CELL_LINE.test(line)) {
      let end = i;
      while (end < lines.length && CELL_LINE.test(lines[end] ?? '')) end++;
      const cells = lines.slice(i, end).map((l) => cleanText(l.replace(/\|\s*$/, '')));
      const rows = end - i >= 6 ? cellPerLineTable(cells, table + 1) : null;
      if (rows) {
        table++;
        blocks.push(...rows);
        i = end;
        continue;
      }
    }
    if (TABLE_LINE.test(line)) {
      const rows: string[][] = [];
      let ruled = false;
      while (i < lines.length) {
        const current = lines[i] ?? '';
        if (TABLE_LINE.test(current)) {
          if (RULE.test(current)) ruled = true;
          else rows.push(cellsOf(current));
        } else if (continuesRow(lines, i)) {
          // A row the layout broke in two: its second half closes it.
          rows[rows.length - 1]?.push(...cellsOf(current));
        } else break;
        i++;
      }
      table++;
      const first = rows[0] ?? [];
      // A first row is a header when a rule line follows it or it carries no figures.
      const hasHeader = rows.length > 1 && (ruled || !first.some((c) => /\d/.test(c)));
      let header = hasHeader ? alignHeader(first, rows.slice(1)) : undefined;
      let body = hasHeader ? rows.slice(1) : rows;
      // A second header row under the first (plans above, the measure below each): the upper row
      // is the columns' group, the lower their header.
      let headerGroup: string[] | undefined;
      const second = body[0];
      if (header && second && body.length > 1 && isSubHeader(second)) {
        headerGroup = header;
        header = second;
        body = body.slice(1);
      }
      for (const cells of body) {
        const nonEmpty = cells.filter((c) => c !== '');
        if (nonEmpty.length === 0) continue;
        if (nonEmpty.length === 1 && cells.length <= 2) {
          blocks.push({
            kind: looksLikeHeading(nonEmpty[0] ?? '') ? 'heading' : 'paragraph',
            text: nonEmpty[0] ?? '',
            level: 3,
          });
          continue;
        }
        blocks.push({
          kind: 'row',
          text: nonEmpty.join(' | '),
          cells,
          header,
          table,
          ...(headerGroup ? { headerGroup } : {}),
        });
      }
      continue;
    }
    if (BULLET.test(line)) {
      const body = cleanText(line.replace(BULLET, ''));
      if (body) blocks.push({ kind: 'item', text: body });
    } else if (looksLikeHeading(line)) {
      blocks.push({ kind: 'heading', text: cleanText(line.replace(/^\s*#+\s*/, '')), level: 2 });
    } else {
      blocks.push({ kind: 'paragraph', text: cleanText(line) });
    }
    i++;
  }
  return demoteLabels(blocks);
};
