// Features of a candidate for the learned decision: the words around its figure (by position and
// as a bag), the words of its sentence, headings, column header and row label, what kind of figure
// it is, and the rules' verdicts (their category, negation, non-promise sentence, customer duty…)
// as weak labels the model learns how far to trust.

import type { Category, ExtractedPromise } from '../core/index.ts';
import type { Candidate } from './candidates.ts';
import {
  ANY_CATEGORY,
  categoriesIn,
  categoryNear,
  type KeywordHit,
  keywordHits,
  negated,
  nonPromise,
} from './rule-verdicts.ts';
import { SEVERITY } from './rules.ts';

const TOKEN = /[a-z]+|\d+(?:\.\d+)?|[%$£€|:/()]/g;

/** A crude stemmer: enough to let "responds", "responded" and "responding" share a weight. */
export const stem = (w: string): string => {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
};

export const tokens = (text: string): string[] => {
  const out: string[] = [];
  const lower = text.toLowerCase();
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
    const t = m[0];
    out.push(/^\d/.test(t) ? (t.length > 2 ? 'NUM' : `n${t}`) : stem(t));
  }
  return out;
};

// Candidates of one document share their sentences, headings and headers: what is read from a
// text is read once per document (see clearFeatureCache).
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 5_000;

const cached = (key: string, make: () => readonly string[]): readonly string[] => {
  let v = cache.get(key);
  if (!v) {
    v = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
};

const hitsCache = new Map<string, KeywordHit[]>();

/** The keyword hits of a text, scanned once per document. */
const hitsOf = (text: string): KeywordHit[] => {
  let hits = hitsCache.get(text);
  if (!hits) {
    hits = keywordHits(text);
    if (hitsCache.size >= CACHE_LIMIT) hitsCache.clear();
    hitsCache.set(text, hits);
  }
  return hits;
};

/** Empties the per-document caches. */
export const clearFeatureCache = (): void => {
  cache.clear();
  hitsCache.clear();
  positionsCache.clear();
};

const bagOf = (prefix: string, text: string, limit: number): readonly string[] => {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of tokens(text)) {
    if (seen.size >= limit) break;
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(`${prefix}${t}`);
  }
  return out;
};

const bag = (prefix: string, text: string | undefined, limit: number, into: string[]): void => {
  if (!text) return;
  for (const f of cached(`${prefix}\u0000${text}`, () => bagOf(prefix, text, limit))) into.push(f);
};

/** What the rules say of a text whatever figure is asked about: read once per text. */
const textFacts = (text: string): readonly string[] =>
  cached(`facts\u0000${text}`, () => (nonPromise(text) ? ['nonPromise'] : []));

/** The keyword categories a context line names, with the figure kind they pair with. */
const contextFacts = (name: string, t: string): readonly string[] =>
  cached(`ctx\u0000${name}\u0000${t}`, () => {
    const out: string[] = [];
    categoriesIn(t, ANY_CATEGORY).forEach((found, rank) => {
      out.push(`${name}:${found}`);
      if (rank === 0) out.push(`${name}1:${found}`);
    });
    if (SEVERITY.test(t)) out.push(`${name}:severity`);
    return out;
  });

const minutesOf = (value: number, unit: string | null): number => {
  switch (unit) {
    case 'hours':
    case 'business_hours':
      return value * 60;
    case 'days':
    case 'business_days':
      return value * 1440;
    default:
      return value;
  }
};

/** Features of the figure itself: its kind, unit, bound and the size of its value. */
const figureFeatures = (c: Candidate, into: string[]): void => {
  const f = c.figure;
  into.push(`k:${f.kind}`, `u:${f.unit ?? 'none'}`, `bd:${f.bound}`);
  if (f.band) into.push('band');
  if (f.incidental) into.push('incidental');
  if (f.alternative) into.push('alternative');
  if (f.notice) into.push('notice');
  if (f.shareOfTime) into.push('shareOfTime');
  if (f.currency) into.push('money');
  if (f.kind === 'percent' || f.kind === 'number') {
    const v = f.value;
    into.push(
      `pv:${v === 100 ? '100' : v >= 99 ? '99+' : v >= 90 ? '90+' : v > 50 ? '50+' : v >= 10 ? '10+' : 'small'}`,
    );
    if (v !== Math.round(v)) into.push('pv:decimal');
  } else if (f.kind === 'duration') {
    const m = minutesOf(f.value, f.unit);
    into.push(`dv:${Math.min(14, Math.max(0, Math.round(Math.log2(Math.max(1, m)))))}`);
  } else if (f.kind === 'schedule') {
    into.push(`sv:${f.value === 168 ? 'always' : f.value >= 60 ? 'long' : 'short'}`);
  }
};

/** The category each rule family gives, nearest the figure, from the words around it. */
const keywordCategory = (text: string, c: Candidate): Category | null =>
  categoryNear(hitsOf(text), c.figure.start, ANY_CATEGORY, text, c.figure.end);

/**
 * Every feature of one candidate. `verdict` is the promise the rules read from the same figure,
 * if they read one.
 */
const positionsCache = new Map<string, { t: string; start: number; end: number }[]>();

/** The tokens of a text with where each starts and ends, read once per document. */
const positioned = (text: string): { t: string; start: number; end: number }[] => {
  let list = positionsCache.get(text);
  if (!list) {
    list = [];
    const lower = text.toLowerCase();
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
      const t = m[0];
      list.push({
        t: /^\d/.test(t) ? (t.length > 2 ? 'NUM' : `n${t}`) : stem(t),
        start: m.index,
        end: m.index + t.length,
      });
    }
    if (positionsCache.size >= CACHE_LIMIT) positionsCache.clear();
    positionsCache.set(text, list);
  }
  return list;
};

export const candidateFeatures = (c: Candidate, verdict: ExtractedPromise | undefined): string[] => {
  const out: string[] = ['bias'];
  const text = c.text;
  const all = positioned(text);
  const before: string[] = [];
  const after: string[] = [];
  for (const p of all) {
    if (p.end <= c.figure.start) before.push(p.t);
    else if (p.start >= c.figure.end) after.push(p.t);
  }
  for (let i = 1; i <= 3; i++) {
    const b = before[before.length - i];
    if (b) out.push(`L${i}:${b}`);
    const a = after[i - 1];
    if (a) out.push(`R${i}:${a}`);
  }
  const b1 = before[before.length - 1];
  const b2 = before[before.length - 2];
  if (b1 && b2) out.push(`LL:${b2}_${b1}`);
  const a1 = after[0];
  const a2 = after[1];
  if (a1 && a2) out.push(`RR:${a1}_${a2}`);
  for (const t of new Set(before.slice(-10))) out.push(`lw:${t}`);
  for (const t of new Set(after.slice(0, 10))) out.push(`rw:${t}`);
  bag('s:', c.quote, 40, out);
  bag('h0:', c.headings[0], 8, out);
  bag('h1:', c.headings.slice(1, 3).join(' '), 12, out);
  bag('p:', c.previous.slice(0, 2).join(' '), 10, out);
  if (c.blockKind === 'row') {
    bag('ch:', c.header, 8, out);
    bag('cg:', c.headerGroup, 8, out);
    bag('rl:', c.rowLabel, 8, out);
    out.push(c.cell === 0 ? 'cell0' : 'cellN');
    if (!c.header) out.push('noHeader');
  }
  figureFeatures(c, out);
  out.push(`bk:${c.blockKind}`, `sib:${Math.min(3, c.siblings)}`);
  if (c.position === 0) out.push('first');
  if (c.position === c.siblings - 1) out.push('last');
  if (c.valueLine) out.push('valueLine');
  // The rules' verdicts.
  out.push(`r:${verdict?.category ?? 'none'}`);
  if (verdict) out.push(`rop:${verdict.operator}`, `r:${verdict.category}&k:${c.figure.kind}`);
  for (const f of textFacts(text)) out.push(f);
  if (negated(text, c.figure)) out.push('negated');
  // Every keyword family around the figure, by side and distance: what carries from page to page.
  for (const h of hitsOf(text)) {
    const side = h.index < c.figure.start ? 'before' : 'after';
    const gap = side === 'before' ? c.figure.start - h.index : h.index - c.figure.end;
    const dist = gap <= 25 ? 'near' : gap <= 70 ? 'mid' : 'far';
    out.push(
      `fam:${h.category}:${side}`,
      `fam:${h.category}:${side}:${dist}`,
      `fam:${h.category}:${side}:${dist}&k:${c.figure.kind}`,
    );
  }
  const near = keywordCategory(text, c);
  out.push(`kw:${near ?? 'none'}`, `kw:${near ?? 'none'}&k:${c.figure.kind}`);
  const contexts: [string, string | undefined][] = [
    ['kh', c.header],
    ['kg', c.headerGroup],
    ['kr', c.rowLabel],
    ['kp', c.previous[0]],
    ['k0', c.headings[0]],
    ['k1', c.headings[1]],
  ];
  for (const [name, t] of contexts) {
    if (!t) continue;
    for (const f of contextFacts(name, t)) {
      out.push(f);
      if (!f.endsWith(':severity')) out.push(`${f}&k:${c.figure.kind}`);
    }
  }
  return [...new Set(out)];
};
