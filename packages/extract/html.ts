// Reads an HTML page into blocks the way a customer sees it: the main content only (no navigation,
// footers, cookie banners, scripts or hidden elements), with headings, list items and table rows kept.
// The walk is iterative, so deeply nested markup cannot overflow the stack.

import { load } from 'cheerio/slim';
import { type Block, cleanText, demoteLabels, joinWrappedParagraphs } from './blocks.ts';

/** The parts of a parsed node the walk reads (domhandler's nodes have this shape). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
}

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'embed',
  'canvas',
  'nav',
  'footer',
  'aside',
  'head',
  'form',
  'button',
  'select',
  'option',
  'input',
  'textarea',
  'dialog',
  'menu',
]);
const SKIP_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
]);
const SKIP_CLASS =
  /(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|newsletter|breadcrumbs?|skip-link|sr-only|visually-hidden|modal|popup|navbar|site-header|site-footer|menu)(?:$|[\s_-])/i;
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'hr',
  'header',
  'center',
]);
const HEADING = /^h([1-6])$/;

const isSkipped = (node: DomNode, insideMain: boolean): boolean => {
  const name = node.name ?? '';
  if (SKIP_TAGS.has(name)) return true;
  if (name === 'header' && !insideMain) return true;
  const a = node.attribs;
  if (!a) return false;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  if (a.role && SKIP_ROLES.has(a.role)) return true;
  if (a.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(a.style)) return true;
  const classes = `${a.class ?? ''} ${a.id ?? ''}`;
  return classes.length > 1 && SKIP_CLASS.test(classes);
};

/** The text under a node, with spaces where block elements meet; skipped subtrees are left out. */
const textOf = (root: DomNode): string => {
  const parts: string[] = [];
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'text') {
      parts.push(node.data ?? '');
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node !== root && isSkipped(node, true)) continue;
    const name = node.name ?? '';
    if (name === 'br' || BLOCK_TAGS.has(name) || name === 'td' || name === 'th' || name === 'tr')
      parts.push(' ');
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return cleanText(parts.join(''));
};

const elementsNamed = (root: DomNode, names: Set<string>, stopAt: Set<string>): DomNode[] => {
  const found: DomNode[] = [];
  const stack: DomNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node?.type !== 'tag') continue;
    if (names.has(node.name ?? '')) {
      found.push(node);
      continue;
    }
    if (stopAt.has(node.name ?? '')) continue;
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return found;
};

const CELL = new Set(['td', 'th']);
const ROW = new Set(['tr']);
const NESTED_TABLE = new Set(['table']);
const LAYOUT_MARKERS = new Set(['table', 'h1', 'h2', 'h3', 'h4', 'ul', 'ol']);

interface TableRow {
  cells: string[];
  allHeaders: boolean;
  inHead: boolean;
}

const readTable = (table: DomNode, tableNumber: number): Block[] | null => {
  const rows: TableRow[] = [];
  // Cells that span rows below them: column → text and rows still to fill.
  const carried = new Map<number, { text: string; rows: number }>();
  for (const tr of elementsNamed(table, ROW, NESTED_TABLE)) {
    const cellNodes = elementsNamed(tr, CELL, NESTED_TABLE);
    // A table used for page layout holds headings, lists or tables in its cells: read it as content.
    if (cellNodes.some((c) => elementsNamed(c, LAYOUT_MARKERS, new Set()).length > 0)) return null;
    const cells: string[] = [];
    const fillCarried = () => {
      for (let c = carried.get(cells.length); c && c.rows > 0; c = carried.get(cells.length)) {
        cells.push(c.text);
        c.rows--;
        if (c.rows === 0) carried.delete(cells.length - 1);
      }
    };
    for (const cell of cellNodes) {
      fillCarried();
      const span = Math.min(Math.max(Number(cell.attribs?.colspan ?? 1) || 1, 1), 20);
      const down = Math.min(Math.max(Number(cell.attribs?.rowspan ?? 1) || 1, 1), 50);
      const text = textOf(cell);
      for (let i = 0; i < span; i++) {
        if (down > 1) carried.set(cells.length, { text, rows: down - 1 });
        cells.push(text);
      }
    }
    fillCarried();
    if (cells.length === 0) continue;
    let parent = tr.parent;
    while (parent && parent !== table && parent.name !== 'thead') parent = parent.parent;
    rows.push({
      cells,
      allHeaders: cellNodes.every((c) => c.name === 'th'),
      inHead: parent?.name === 'thead',
    });
  }
  if (rows.length === 0) return [];
  const maxCells = Math.max(...rows.map((r) => r.cells.length));
  if (maxCells === 1) return rows.map((r) => ({ kind: 'paragraph', text: r.cells[0] ?? '' }));
  // Header rows: the <thead>, else the leading rows of <th> cells or without figures. Two header
  // rows (a spanning group above plan names) name each column together.
  let headerRows = rows.filter((r) => r.inHead);
  if (headerRows.length === 0) {
    const leading: TableRow[] = [];
    for (const r of rows) {
      if (leading.length >= 2 || rows.length - leading.length < 2) break;
      if (r.allHeaders || (leading.length === 0 && !r.cells.some((c) => /\d/.test(c)))) leading.push(r);
      else break;
    }
    headerRows = leading;
  }
  const header =
    headerRows.length > 0
      ? Array.from({ length: maxCells }, (_, i) => {
          const parts: string[] = [];
          for (const r of headerRows.slice(-2)) {
            const t = r.cells[i] ?? '';
            if (t && parts[parts.length - 1] !== t) parts.push(t);
          }
          return parts.join(' ');
        })
      : undefined;
  const body = rows.filter((r) => !headerRows.includes(r));
  const lower = headerRows[headerRows.length - 1];
  const upper = headerRows.length >= 2 ? headerRows[headerRows.length - 2] : undefined;
  const blocks: Block[] = [];
  for (const row of body) {
    const nonEmpty = row.cells.filter((c) => c !== '');
    if (nonEmpty.length === 0) continue;
    const block: Block = {
      kind: 'row',
      text: nonEmpty.join(' | '),
      cells: row.cells,
      header,
      table: tableNumber,
    };
    // The candidates keep the two header rows apart: the lower names the plan, the upper the measure.
    if (upper && lower) {
      block.header = lower.cells;
      block.headerGroup = upper.cells;
    }
    blocks.push(block);
  }
  return blocks;
};

/** The element holding the page's main content: <main>, role=main, or the body. */
const contentRoots = (root: DomNode): DomNode[] => {
  const mains = elementsNamed(root, new Set(['main']), new Set(['script', 'style']));
  if (mains.length > 0) return mains;
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.attribs?.role === 'main') return [node];
    for (const child of node.children ?? []) if (child.type === 'tag') stack.push(child);
  }
  const articles = elementsNamed(root, new Set(['article']), new Set(['script', 'style']));
  if (articles.length > 0) return articles;
  return [root];
};

type Frame = { node: DomNode } | { close: 'item' | 'paragraph' };

/** Elements that never hold content, so they open no level of nesting. */
const VOID_TAGS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** The void elements by the length of their name. */
const VOID_BY_LENGTH: string[][] = [];
for (const t of VOID_TAGS) {
  const list = VOID_BY_LENGTH[t.length] ?? [];
  list.push(t);
  VOID_BY_LENGTH[t.length] = list;
}
/** Whether the tag name html[start, end) names a void element, without copying a lower-case name. */
const isVoidAt = (html: string, start: number, end: number): boolean => {
  const list = VOID_BY_LENGTH[end - start];
  if (!list) return false;
  for (let i = start; i < end; i++) {
    const c = html.charCodeAt(i);
    if (c >= 65 && c <= 90) return VOID_TAGS.has(html.slice(start, end).toLowerCase());
  }
  for (const t of list) if (html.startsWith(t, start)) return true;
  return false;
};
/** A character of a tag name as the nesting bound reads it: [\w:-]. */
const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45;
/** How deep the parser is let go: real pages nest a few dozen levels; parsing grows worse than linearly with depth. */
export const MAX_NESTING = 400;

/**
 * Bounds the nesting of an HTML page before it is parsed: tags deeper than `limit` levels are
 * dropped and their text kept, so a page nested 100,000 levels deep costs what a flat one does.
 * Returns the page unchanged when it is within the limit, and how deep it went.
 */
export const boundNesting = (
  html: string,
  limit = MAX_NESTING,
): { html: string; depth: number; flattened: boolean } => {
  let depth = 0;
  let max = 0;
  let flattened = false;
  const out: string[] = [];
  let from = 0;
  // A plain scan from one '<' to the next: cheaper than a tag pattern on a large page.
  for (let at = html.indexOf('<'); at >= 0 && at < html.length; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    const closing = next === 47; // '/'
    const nameStart = closing ? at + 2 : at + 1;
    const first = html.charCodeAt(nameStart);
    const isLetter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
    if (!isLetter) {
      if (next === 33 && html.startsWith('<!--', at)) {
        const end = html.indexOf('-->', at + 4);
        if (end < 0) break;
        at = end;
      }
      continue;
    }
    const end = html.indexOf('>', nameStart);
    if (end < 0) break;
    let nameEnd = nameStart;
    while (nameEnd < end && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const isVoid = isVoidAt(html, nameStart, nameEnd);
    const selfClosing = html.charCodeAt(end - 1) === 47;
    if (!isVoid && !selfClosing) {
      const level = closing ? depth : depth + 1;
      if (level > limit) {
        flattened = true;
        out.push(html.slice(from, at));
        from = end + 1;
      }
      if (closing) depth = Math.max(0, depth - 1);
      else depth++;
      if (depth > max) max = depth;
    }
    at = end;
  }
  if (!flattened) return { html, depth: max, flattened };
  out.push(html.slice(from));
  return { html: out.join(''), depth: max, flattened };
};

/** Parses an HTML page and returns its main content as blocks. */
export const htmlToBlocks = (page: string): Block[] => readHtml(page).blocks;

/** Parses an HTML page: its blocks, and how deep it was nested when that was over the bound. */
export const readHtml = (page: string): { blocks: Block[]; flattenedDepth?: number } => {
  const { html, depth, flattened } = boundNesting(page);
  const blocks = parseBlocks(html);
  return flattened ? { blocks, flattenedDepth: depth } : { blocks };
};

const parseBlocks = (html: string): Block[] => {
  const root = load(html).root()[0] as unknown as DomNode;
  const blocks: Block[] = [];
  let buffer: string[] = [];
  const kinds: ('item' | 'paragraph')[] = ['paragraph'];
  let tableNumber = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    const text = cleanText(buffer.join(''));
    buffer = [];
    if (/[\p{L}\p{N}]/u.test(text)) blocks.push({ kind: kinds[kinds.length - 1] ?? 'paragraph', text });
  };
  for (const content of contentRoots(root)) {
    const insideMain = content !== root;
    const stack: Frame[] = [{ node: content }];
    while (stack.length > 0) {
      const frame = stack.pop();
      if (!frame) break;
      if ('close' in frame) {
        flush();
        kinds.pop();
        continue;
      }
      const node = frame.node;
      if (node.type === 'text') {
        buffer.push(node.data ?? '');
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'root') continue;
      const name = node.name ?? '';
      if (node !== content && isSkipped(node, insideMain)) continue;
      const heading = HEADING.exec(name);
      if (heading) {
        flush();
        const text = textOf(node);
        if (text) blocks.push({ kind: 'heading', text, level: Number(heading[1]) });
        continue;
      }
      if (name === 'table') {
        const tableBlocks = readTable(node, ++tableNumber);
        if (tableBlocks) {
          flush();
          blocks.push(...tableBlocks);
          continue;
        }
      }
      if (name === 'br') {
        buffer.push(' ');
        continue;
      }
      const isBlock =
        BLOCK_TAGS.has(name) || name === 'tr' || name === 'td' || name === 'th' || name === 'table';
      if (isBlock) {
        flush();
        const kind = name === 'li' ? 'item' : (kinds[kinds.length - 1] ?? 'paragraph');
        kinds.push(kind);
        stack.push({ close: kind });
      }
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push({ node: child });
      }
    }
    flush();
  }
  return demoteLabels(joinWrappedParagraphs(blocks));
};
