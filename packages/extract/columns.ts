// Structure reader for tables whose borders were lost: a line of figures standing side by side
// ("P1 Response 4 business hours 2 business hours 1 hour") under a line of column names ("Basic
// Plan Pro Plan Enterprise Plan") becomes a table row whose cells know their column header, as an
// HTML or pipe table's would. Lines whose header cannot be split into one name per figure are left
// as they are (the rules read them as columns by their categories).

import type { Block } from './blocks.ts';
import { type Figure, findFigures, mayHoldFigure } from './figures.ts';

/** Between two figures of one row: spacing, borders, or a short bracketed note. */
const COLUMN_GAP = /^[\s|*,;/]*(?:\([^()]{0,30}\))?[\s|*<>≤≥~]*$/;

const sideBySide = (text: string, figures: readonly Figure[]): boolean =>
  figures.every((f, i) => {
    const prev = figures[i - 1];
    return !prev || COLUMN_GAP.test(text.slice(prev.end, f.start));
  });

/** Groups of a header's words, `size` each, after `skip` words that name the label column. */
const groupsOf = (words: readonly string[], skip: number, size: number): string[] => {
  const groups: string[] = [];
  for (let i = skip; i < words.length; i += size) groups.push(words.slice(i, i + size).join(' '));
  return groups;
};

const plausible = (groups: readonly string[]): boolean =>
  groups.every((g) => /^[A-Z0-9]/.test(g)) &&
  new Set(groups).size === groups.length &&
  !groups.some((g) => /(?:&|\band|\bor|\/|,)$/i.test(g) || /^(?:&|and|or)\b/i.test(g)) &&
  // "Unlimited Unlimited": a row of equal values, not names.
  !groups.some((g) => {
    const w = g.split(' ');
    return w.length > 1 && new Set(w).size === 1;
  });

/** Names of several words that share their first or their last word ("Basic Plan Pro Plan"). */
const sharedWord = (groups: readonly string[]): boolean => {
  if (groups.length < 2 || groups.some((g) => !g.includes(' '))) return false;
  const first = new Set(groups.map((g) => g.split(' ')[0]));
  const last = new Set(groups.map((g) => g.split(' ').pop()));
  return first.size === 1 || last.size === 1;
};

/**
 * One name per column: the header's words in equal groups, each starting with a capital, after at
 * most a few words that name the label column ("Priority Basic Pro Enterprise"). Names that share
 * a word ("Basic Plan Pro Plan") are taken first; a header may name more columns than a row fills
 * (a plan without the feature leaves its cell empty): then the most columns the words allow.
 */
const splitColumns = (header: string, columns: number): string[] | 'measures' | null => {
  const words = header.trim().split(/\s+/);
  let equal: string[] | null = null;
  let widest: string[] | null = null;
  for (const skip of [0, 1, 2, 3]) {
    const rest = words.length - skip;
    for (let n = Math.min(6, rest); n >= columns; n--) {
      if (rest % n !== 0 || rest / n > 4) continue;
      const groups = groupsOf(words, skip, rest / n);
      // Columns named by what they measure (uptime, credit) are read by the rules' column categories.
      if (groups.some((g) => METRIC_NAME.test(g))) {
        if (n === columns && skip <= 1) return 'measures';
        continue;
      }
      if (!plausible(groups)) continue;
      if (sharedWord(groups)) return groups;
      if (n === columns && skip <= 1) equal ??= groups;
      else if (skip === 0) widest ??= groups;
    }
  }
  return equal ?? widest;
};

/** The header's column names, or null when it names measures or cannot be split. */
export const splitHeader = (header: string, columns: number): string[] | null => {
  const split = splitColumns(header, columns);
  return split === 'measures' ? null : split;
};

const HEADER_REACH = 16;
const METRIC_NAME = /uptime|credit|availab|response|resolution|restor|%|price|cost|delivery|time/i;

/** Turns lines of side-by-side figures under a splittable header line into table rows. */
export const recoverColumns = (blocks: readonly Block[]): Block[] => {
  const out: Block[] = [];
  // How many side-by-side figures the widest line under a header holds: a row that fills fewer
  // columns still stands under the same names.
  const widths = new Map<number, number>();
  const widthOf = (k: number): number => {
    let w = widths.get(k);
    if (w === undefined) {
      const b = blocks[k];
      const figures = b && b.kind !== 'row' && mayHoldFigure(b.text) ? findFigures(b.text) : [];
      w = figures.length >= 2 && sideBySide(b?.text ?? '', figures) ? figures.length : 0;
      widths.set(k, w);
    }
    return w;
  };
  const widestAfter = (at: number): number => {
    let w = 0;
    for (let k = at + 1; k <= at + HEADER_REACH && k < blocks.length; k++) w = Math.max(w, widthOf(k));
    return w;
  };
  let headers: { text: string; at: number }[] = [];
  let table = 10_000;
  let lastHeaderTable = -1;
  // A line of one figure continues a recovered table only right after one of its rows.
  let lastRow = -10;
  for (const [index, block] of blocks.entries()) {
    const text = block.text;
    if (block.kind !== 'row' && !/\d/.test(text) && text.length <= 120 && /\s/.test(text)) {
      // A short heading names a section, not the columns below it.
      const title = block.kind === 'heading' && text.split(/\s+/).length <= 3;
      if (!title)
        headers = [{ text, at: index }, ...headers.filter((h) => index - h.at <= HEADER_REACH)].slice(0, 6);
      out.push(block);
      continue;
    }
    if ((block.kind === 'paragraph' || block.kind === 'item') && mayHoldFigure(text) && headers.length > 0) {
      const figures = findFigures(text);
      const first = figures[0];
      const last = figures[figures.length - 1];
      if (
        first &&
        last &&
        (figures.length >= 2 || (figures.length === 1 && index - lastRow <= 3)) &&
        first.start <= 50 &&
        text.length - last.end <= 25 &&
        sideBySide(text, figures)
      ) {
        let names: string[] | null = null;
        let header: { text: string; at: number } | undefined;
        for (const h of headers) {
          if (index - h.at > HEADER_REACH) continue;
          const split = splitColumns(h.text, Math.max(figures.length, widestAfter(h.at)));
          // The nearest header names measures: the row is read by its columns' categories.
          if (split === 'measures') break;
          names = split ?? splitHeader(h.text, figures.length);
          header = h;
          if (names) break;
        }
        if (names && header) {
          if (lastHeaderTable !== header.at) {
            table++;
            lastHeaderTable = header.at;
          }
          const label = text
            .slice(0, first.start)
            .replace(/[\s:|–—-]+$/, '')
            .trim();
          // A row that fills fewer columns than the header names fills the last ones.
          const empty = names.length - figures.length;
          const cells = [
            label,
            ...names.slice(0, empty).map(() => ''),
            ...figures.map((f, i) => text.slice(f.start, figures[i + 1]?.start ?? text.length).trim()),
          ];
          out.push({ kind: 'row', text, cells, header: ['', ...names], table, recovered: true });
          lastRow = index;
          // The line that named the columns is the table's header, not a section heading.
          const named = out[header.at];
          if (named?.kind === 'heading') out[header.at] = { kind: 'paragraph', text: named.text };
          // A short line between the header and this row ("Severity 2 (High)") names a group of
          // rows: it heads them, below the section's own headings.
          const group = out[index - 1];
          if (
            group &&
            index - 1 > header.at &&
            group.kind !== 'row' &&
            group.text.length <= 40 &&
            !/[.!?:]$/.test(group.text) &&
            !(mayHoldFigure(group.text) && findFigures(group.text).length > 0)
          )
            out[index - 1] = { kind: 'heading', text: group.text, level: 4 };
          continue;
        }
      }
    }
    out.push(block);
  }
  return out;
};
