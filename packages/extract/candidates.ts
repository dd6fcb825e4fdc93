// Candidates: every figure the figure readers find in a document's blocks, with the context a
// reader uses to decide what it means: its clause and sentence, the headings above it, the short
// lines just before it, and for a table cell its column header and row label. The generator
// over-generates on purpose; the learned decision (decide.ts) says which candidates are promises.

import type { Block } from './blocks.ts';
import { type Figure, findFigures, mayHoldFigure } from './figures.ts';
import { splitClauses } from './sentences.ts';

export interface Candidate {
  figure: Figure;
  /** The clause or table cell the figure was read from (figure offsets are into this text). */
  text: string;
  /** The sentence, list item or table row (up to the figure's cell): the promise's evidence. */
  quote: string;
  /** Index of the block in the document's block list. */
  block: number;
  blockKind: Block['kind'];
  /** Headings above the block, nearest first. */
  headings: string[];
  /**
   * Per heading above the block (same order): whether its section is laid out like another
   * section's under a heading of the same level (the same table header, the same labels): parallel
   * sections are plans, methods or levels side by side, and their headings name them.
   */
  parallel?: boolean[];
  /** Up to three short blocks just before this one, nearest first (labels, one-cell-per-line rows). */
  previous: string[];
  /** For a table cell: the column's header, the row's first cell, the cell's index, the row's cells. */
  header?: string;
  rowLabel?: string;
  cell?: number;
  cells?: string[];
  /** The upper header row's cell above the column, when the header has two rows. */
  headerGroup?: string;
  /** The header row of the cell's table, when it has one. */
  headerRow?: string[];
  /** How many figures the same clause or cell holds, and this one's position among them. */
  siblings: number;
  position: number;
  /** A value line: the figure with at most a few words around it. */
  valueLine: boolean;
  /** For a value line of a table put one cell per line: the row label it belongs to. */
  leadLabel?: string;
}

/** A cell that holds only a number ("10", "25*"): a credit table's figure without its % sign. */
const BARE_NUMBER = /^\s*(\d{1,3}(?:\.\d+)?)\s*[*¹²³†]*\s*$/;

const bareFigure = (text: string): Figure | undefined => {
  const m = BARE_NUMBER.exec(text);
  if (!m?.[1]) return undefined;
  const start = text.indexOf(m[1]);
  return {
    kind: 'number',
    value: Number(m[1]),
    unit: null,
    start,
    end: start + m[1].length,
    bound: 'none',
    band: false,
    incidental: false,
    alternative: false,
    notice: false,
    shareOfTime: false,
  };
};

const SHORT = 80;

const isShort = (block: Block): boolean => block.text.length <= SHORT && block.kind !== 'row';

/** Words other than the figures: few of them make a line a value, not a sentence. */
const wordsOutside = (text: string, figures: readonly Figure[]): number => {
  let rest = text;
  for (const f of [...figures].reverse()) rest = rest.slice(0, f.start) + rest.slice(f.end);
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).length;
};

/** A row label of a table put one cell per line: "Severity 1", "P2 - High", "Level 3". */
const ROW_LABEL = /^\s*(?:(?:severity|priority|sev|level|tier|category)\s*-?\s*\w{1,3}\b|[PS]\d\b)/i;

/**
 * The cells before a value line that put its table one cell per line: back to the nearest row
 * label within five blocks ("Severity 1", its description, "Within 60 minutes", then this line).
 */
const rowLead = (blocks: readonly Block[], index: number): string | undefined => {
  const lead: string[] = [];
  for (let k = index - 1; k >= 0 && k >= index - 5; k--) {
    const b = blocks[k];
    if (!b || b.kind === 'row' || b.text.length > 300) return undefined;
    lead.unshift(b.text);
    if (b.text.length <= 40 && ROW_LABEL.test(b.text)) return lead.join(' ');
  }
  return undefined;
};

/** The row label a one-cell-per-line row starts with, if it has one. */
const rowLeadLabel = (blocks: readonly Block[], index: number): string | undefined => {
  for (let k = index - 1; k >= 0 && k >= index - 5; k--) {
    const b = blocks[k];
    if (!b || b.kind === 'row' || b.text.length > 300) return undefined;
    if (b.text.length <= 40 && ROW_LABEL.test(b.text)) return b.text;
  }
  return undefined;
};

/** What a block shows of its section's layout: a table's header, a label line, a figure line's words. */
const layoutMarks = (block: Block): string[] => {
  if (block.kind === 'heading') return [];
  if (block.kind === 'row') {
    const marks: string[] = [];
    if (block.header) marks.push(`H:${block.header.join('|').toLowerCase()}`);
    const label = (block.cells ?? []).find((c) => c !== '');
    if (label && label.length <= 40 && !/\d/.test(label)) marks.push(`R:${label.toLowerCase()}`);
    return marks;
  }
  const text = block.text.trim();
  if (text.length > 60) return [];
  const shape = text
    .toLowerCase()
    .replace(/[\d.,%$£€]+/g, '#')
    .replace(/\s+/g, ' ');
  return [`${/\d/.test(text) ? 'F' : 'L'}:${shape}`];
};

/**
 * For every heading block, whether its section repeats the layout of another section under a
 * heading of the same level: two of the same marks, or the same table header.
 */
const parallelHeadings = (blocks: readonly Block[]): Set<number> => {
  const sections: { at: number; level: number; marks: Set<string> }[] = [];
  const open: { at: number; level: number; marks: Set<string> }[] = [];
  blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      const level = block.level ?? 2;
      while ((open[open.length - 1]?.level ?? 0) >= level) open.pop();
      const section = { at: index, level, marks: new Set<string>() };
      sections.push(section);
      open.push(section);
      return;
    }
    const marks = layoutMarks(block);
    for (const section of open) for (const m of marks) section.marks.add(m);
  });
  const parallel = new Set<number>();
  const byLevel = new Map<number, typeof sections>();
  for (const s of sections) {
    if (s.marks.size === 0) continue;
    const list = byLevel.get(s.level) ?? [];
    list.push(s);
    byLevel.set(s.level, list);
  }
  for (const list of byLevel.values()) {
    if (list.length > 60) continue;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (!a) continue;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j];
        if (!b) continue;
        let shared = 0;
        let header = false;
        for (const m of a.marks) {
          if (!b.marks.has(m)) continue;
          shared++;
          if (m.startsWith('H:')) header = true;
        }
        if (header || shared >= 2) {
          parallel.add(a.at);
          parallel.add(b.at);
        }
      }
    }
  }
  return parallel;
};

/** Every figure of every block, with its context. */
export const findCandidates = (blocks: readonly Block[]): Candidate[] => {
  const out: Candidate[] = [];
  const headings: { level: number; text: string; at: number }[] = [];
  let headingTexts: string[] = [];
  let headingParallel: boolean[] = [];
  const parallel = parallelHeadings(blocks);
  const setHeadings = () => {
    const nearest = [...headings].reverse();
    headingTexts = nearest.map((h) => h.text);
    headingParallel = nearest.map((h) => parallel.has(h.at));
  };
  for (const [index, block] of blocks.entries()) {
    const previous: string[] = [];
    for (let k = index - 1; k >= 0 && previous.length < 3; k--) {
      const b = blocks[k];
      if (!b || !isShort(b)) break;
      previous.push(b.text);
    }
    if (block.kind === 'row') {
      const cells = block.cells ?? [];
      const header = block.header;
      const rowLabel = cells.find((c) => c !== '') ?? '';
      const quoted: string[] = [];
      cells.forEach((cell, i) => {
        if (cell !== '') quoted.push(cell);
        if (!cell || (!mayHoldFigure(cell) && !BARE_NUMBER.test(cell))) return;
        let figures: readonly Figure[] = findFigures(cell);
        if (figures.length === 0) {
          const bare = bareFigure(cell);
          figures = bare ? [bare] : [];
        }
        // A row whose figure comes before any label ("0-2h | High | Gold") is quoted whole: its
        // labels follow the figure.
        const labelled = cells.slice(0, i).some((c) => c !== '' && !/\d/.test(c));
        const quote = block.recovered || !labelled ? block.text : quoted.join(' | ');
        figures.forEach((figure, position) => {
          out.push({
            figure,
            text: cell,
            quote,
            block: index,
            blockKind: 'row',
            headings: headingTexts,
            parallel: headingParallel,
            previous,
            header: header?.[i] ?? '',
            ...(block.headerGroup ? { headerGroup: block.headerGroup[i] ?? '' } : {}),
            rowLabel: i > 0 ? rowLabel : '',
            cell: i,
            cells,
            ...(header ? { headerRow: header } : {}),
            siblings: figures.length,
            position,
            valueLine: true,
          });
        });
      });
      continue;
    }
    if (block.kind === 'heading') {
      const level = block.level ?? 2;
      while ((headings[headings.length - 1]?.level ?? 0) >= level) headings.pop();
      setHeadings();
    }
    if (mayHoldFigure(block.text)) {
      for (const { clause, sentence } of splitClauses(block.text)) {
        if (!mayHoldFigure(clause)) continue;
        const figures = findFigures(clause);
        if (figures.length === 0) continue;
        const valueLine = block.text.length <= 60 && wordsOutside(block.text, figures) <= 4;
        // A value line carries the short lines above it (its label, or the row of a table that lost
        // its borders); a sentence is its own evidence.
        const lead = valueLine ? (rowLead(blocks, index) ?? previous.slice(0, 2).reverse().join(' ')) : '';
        const quote = lead ? `${lead} ${sentence}` : sentence;
        const leadLabel = valueLine ? rowLeadLabel(blocks, index) : undefined;
        figures.forEach((figure, position) => {
          out.push({
            figure,
            text: clause,
            quote,
            block: index,
            blockKind: block.kind,
            headings: headingTexts,
            parallel: headingParallel,
            previous,
            siblings: figures.length,
            position,
            valueLine,
            ...(leadLabel ? { leadLabel } : {}),
          });
        });
      }
    }
    if (block.kind === 'heading') {
      headings.push({ level: block.level ?? 2, text: block.text, at: index });
      if (headings.length > 12) headings.shift();
      setHeadings();
    }
  }
  return out;
};
