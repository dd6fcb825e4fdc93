// Structure reader for tables whose borders were lost: a line of figures standing side by side
// ("P1 Response 4 business hours 2 business hours 1 hour") under a line of column names ("Basic
// Plan Pro Plan Enterprise Plan") becomes a table row whose cells know their column header, as an
// HTML or pipe table's would. Lines whose header cannot be split into one name per figure are left
// as they are (the rules read them as columns by their categories).

import type { Block } from './blocks.ts';
import { type Figure, findFigures, mayHoldFigure } from './figures.ts';

/** Between two figures of one row: spacing, borders, or a short bracketed note. */
const COLUMN_GAP = /^[\s|*,;/]*(?:\([^()]{0,30}\))?[\s|*]*$/;

const sideBySide = (text: string, figures: readonly Figure[]): boolean =>
  figures.every((f, i) => {
    const prev = figures[i - 1];
    return !prev || COLUMN_GAP.test(text.slice(prev.end, f.start));
  });

/**
 * One name per column: the header's words in equal groups, each starting with a capital, after at
 * most one word that names the label column ("Priority Basic Pro Enterprise").
 */
export const splitHeader = (header: string, columns: number): string[] | null => {
  const words = header.trim().split(/\s+/);
  for (const skip of [0, 1]) {
    const rest = words.slice(skip);
    if (rest.length < columns || rest.length % columns !== 0) continue;
    const size = rest.length / columns;
    if (size > 4) continue;
    const groups: string[] = [];
    for (let i = 0; i < rest.length; i += size) groups.push(rest.slice(i, i + size).join(' '));
    // Columns named by what they measure (uptime, credit) are read by the rules' column categories.
    if (groups.some((g) => METRIC_NAME.test(g))) return null;
    if (groups.some((g) => /(?:&|\band|\bor|\/|,)$/i.test(g) || /^(?:&|and|or)\b/i.test(g))) continue;
    if (groups.every((g) => /^[A-Z0-9]/.test(g)) && new Set(groups).size === groups.length) return groups;
  }
  return null;
};

const HEADER_REACH = 8;
const METRIC_NAME = /uptime|credit|availab|response|resolution|restor|%|price|cost|delivery|time/i;

/** Turns lines of side-by-side figures under a splittable header line into table rows. */
export const recoverColumns = (blocks: readonly Block[]): Block[] => {
  const out: Block[] = [];
  let headers: { text: string; at: number }[] = [];
  let table = 10_000;
  let lastHeaderTable = -1;
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
        figures.length >= 2 &&
        first.start <= 50 &&
        text.length - last.end <= 25 &&
        sideBySide(text, figures)
      ) {
        let names: string[] | null = null;
        let header: { text: string; at: number } | undefined;
        for (const h of headers) {
          if (index - h.at > HEADER_REACH) continue;
          names = splitHeader(h.text, figures.length);
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
          const cells = [
            label,
            ...figures.map((f, i) => text.slice(f.start, figures[i + 1]?.start ?? text.length).trim()),
          ];
          out.push({ kind: 'row', text, cells, header: ['', ...names], table, recovered: true });
          continue;
        }
      }
    }
    out.push(block);
  }
  return out;
};
