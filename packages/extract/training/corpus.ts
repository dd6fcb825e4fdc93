// Labelled documents for training and measuring: the shared corpus's JSON shape (see
// ../shared/corpus/README.md), read from a directory, and rendered as the shared scorer renders
// them for its --html mode (headings, lists and tables as elements inside navigation, a cookie
// banner and a footer), so the model learns from both forms a page arrives in.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledPromise {
  quote: string;
  alternates?: string[];
  category: string;
  metric?: string;
  operator: string;
  threshold: number | null;
  unit: string | null;
  qualifiers?: Record<string, unknown>;
}

export interface LabelledDocument {
  file: string;
  source: string;
  company: string;
  kind: string;
  text: string;
  promises: LabelledPromise[];
}

/** Every document of a corpus directory, in file-name order. */
export const loadCorpus = (dir: string): LabelledDocument[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<LabelledDocument, 'file'>;
      return { ...doc, file, promises: doc.promises ?? [] };
    });

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const isTableLine = (line: string): boolean => /\S\s*\|\s*\S|^\s*\|/.test(line);
const isRule = (line: string): boolean => /^\s*\|?\s*:?-{3,}/.test(line);
const BULLET = /^\s*(?:[-*•·▪]|\d+[.)])\s+/;
const isHeading = (line: string): boolean =>
  /^\s*#{1,6}\s/.test(line) ||
  (line.trim().length <= 60 &&
    !/[.:;,!?)]$/.test(line.trim()) &&
    !/\d/.test(line) &&
    /^[A-Z]/.test(line.trim()));

/** The document as the shared scorer's --html mode renders it. */
export const toHtml = (doc: Pick<LabelledDocument, 'text' | 'company'>): string => {
  const lines = doc.text.split('\n').filter((l) => l.trim());
  const body: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    if (isTableLine(line)) {
      const rows: string[][] = [];
      while (i < lines.length && isTableLine(lines[i] ?? '')) {
        if (!isRule(lines[i] ?? '')) rows.push(cellsOf(lines[i] ?? ''));
        i++;
      }
      const [head = [], ...rest] = rows;
      body.push(`<table><thead><tr>${head.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>
${rest.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`);
    } else if (BULLET.test(line)) {
      const items: string[] = [];
      while (i < lines.length && BULLET.test(lines[i] ?? ''))
        items.push((lines[i++] ?? '').replace(BULLET, ''));
      body.push(`<ul>${items.map((t) => `<li>${escapeHtml(t.trim())}</li>`).join('')}</ul>`);
    } else {
      body.push(
        isHeading(line)
          ? `<h2>${escapeHtml(line.replace(/^\s*#+\s*/, '').trim())}</h2>`
          : `<p>${escapeHtml(line.trim())}</p>`,
      );
      i++;
    }
  }
  const company = escapeHtml(doc.company || 'Company');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${company}</title>
<style>body{font-family:sans-serif}</style><script>window.dataLayer=[];</script></head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience. <button>Accept all</button></p></div>
<header><nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/support">Support</a> <a href="/blog">Blog</a> <a href="/contact">Contact</a></nav></header>
<main><article>
${body.join('\n')}
</article></main>
<footer><p>&copy; 2026 ${company}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>`;
};

/** The group a document belongs to for cross-validation: its source's host (one company's pages). */
export const sourceGroup = (doc: LabelledDocument): string => {
  try {
    return new URL(doc.source).hostname.replace(/^www\./, '');
  } catch {
    return doc.company || doc.file;
  }
};

/** FNV-1a: a stable hash, so a document's fold never depends on what else is in the corpus. */
const hash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** The fold (0..folds-1) of a document: by its source group, so one company's pages share a fold. */
export const foldOf = (doc: LabelledDocument, folds: number): number => hash(sourceGroup(doc)) % folds;
