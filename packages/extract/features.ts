// Features of a candidate for the learned decision: the words around its figure (by position and
// as a bag), the words of its sentence, headings, column header and row label, what kind of figure
// it is, and the rules' verdicts (their category, negation, non-promise sentence, customer duty…)
// as weak labels the model learns how far to trust.

import type { Category, ExtractedPromise } from '../core/index.ts';
import type { Candidate } from './candidates.ts';
import { FNV_OFFSET, featureHash, fnvStep } from './linear.ts';
import {
  ANY_CATEGORY,
  categoriesIn,
  categoryNear,
  inBreachCondition,
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

const isDigit = (t: string): boolean => {
  const c = t.charCodeAt(0);
  return c >= 48 && c <= 57;
};

export const tokens = (text: string): string[] => {
  const out: string[] = [];
  const lower = text.toLowerCase();
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
    const t = m[0];
    out.push(isDigit(t) ? (t.length > 2 ? 'NUM' : `n${t}`) : stem(t));
  }
  return out;
};

// A feature is built from parts ("L1:" and the token before the figure). A sink either joins the
// parts into the feature's text (training, and the few features a decision reads by name) or feeds
// them into its hash (featureHash in linear.ts) without building the string: extraction scores
// hashes only, so a page's features cost no string allocation and no string-keyed lookups.

export interface FeatureSink {
  /** Whether the sink keeps features as text (else as hashes only). */
  readonly strings: boolean;
  add(a: string, b?: string, c?: string, d?: string, e?: string): void;
  /** Adds features already made (a cached bag); each a whole feature. */
  addAll(made: Made): void;
}

class StringSink implements FeatureSink {
  readonly strings = true;
  readonly out: string[] = [];
  add(a: string, b = '', c = '', d = '', e = ''): void {
    this.out.push(a + b + c + d + e);
  }
  addAll(made: Made): void {
    for (const f of made.features) this.out.push(f);
  }
  /** The distinct features, in the order they were first added. */
  result(): string[] {
    return [...new Set(this.out)];
  }
}

class HashSink implements FeatureSink {
  readonly strings = false;
  private readonly seen = new Set<number>();
  readonly out: number[] = [];
  private push(h: number): void {
    if (this.seen.has(h)) return;
    this.seen.add(h);
    this.out.push(h);
  }
  add(a: string, b = '', c = '', d = '', e = ''): void {
    let h = fnvStep(FNV_OFFSET, a);
    if (b) h = fnvStep(h, b);
    if (c) h = fnvStep(h, c);
    if (d) h = fnvStep(h, d);
    if (e) h = fnvStep(h, e);
    this.push(h);
  }
  addAll(made: Made): void {
    for (const h of made.hashes) this.push(h);
  }
}

// Candidates of one document share their sentences, headings and headers: what is read from a
// text is read once per document (see clearFeatureCache). Caches are keyed by the text itself (a
// string whose hash the engine keeps), never by a string built for the lookup.
const CACHE_LIMIT = 5_000;

class TextCache<V> {
  private readonly maps = new Map<string, Map<string, V>>();
  private size = 0;
  get(name: string, text: string, make: () => V): V {
    let map = this.maps.get(name);
    let v = map?.get(text);
    if (v !== undefined) return v;
    v = make();
    if (this.size >= CACHE_LIMIT) this.clear();
    map = this.maps.get(name);
    if (!map) {
      map = new Map();
      this.maps.set(name, map);
    }
    map.set(text, v);
    this.size++;
    return v;
  }
  clear(): void {
    this.maps.clear();
    this.size = 0;
  }
}

/** Features made once per text: as text (training) and as hashes. */
export interface Made {
  features: readonly string[];
  hashes: readonly number[];
}

const made = (features: readonly string[]): Made => ({ features, hashes: features.map(featureHash) });

const bags = new TextCache<Made>();
const hashedBags = new TextCache<Made>();
const facts = new TextCache<Made>();
const hitsCache = new TextCache<KeywordHit[]>();

/** The keyword hits of a text, scanned once per document. */
const hitsOf = (text: string): KeywordHit[] => hitsCache.get('', text, () => keywordHits(text));

/** Empties the per-document caches. */
export const clearFeatureCache = (): void => {
  bags.clear();
  hashedBags.clear();
  facts.clear();
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

/** The same bag as hashes only: the prefix's hash state continued over each distinct token. */
const hashedBagOf = (prefix: string, text: string, limit: number): Made => {
  const hashes: number[] = [];
  const seen = new Set<string>();
  const state = fnvStep(FNV_OFFSET, prefix);
  for (const t of tokens(text)) {
    if (seen.size >= limit) break;
    if (seen.has(t)) continue;
    seen.add(t);
    hashes.push(fnvStep(state, t));
  }
  return { features: [], hashes };
};

const bag = (prefix: string, text: string | undefined, limit: number, into: FeatureSink): void => {
  if (!text) return;
  into.addAll(
    into.strings
      ? bags.get(prefix, text, () => made(bagOf(prefix, text, limit)))
      : hashedBags.get(prefix, text, () => hashedBagOf(prefix, text, limit)),
  );
};

const NON_PROMISE: Made = made(['nonPromise']);
const NONE: Made = made([]);

/** What the rules say of a text whatever figure is asked about: read once per text. */
const textFacts = (text: string): Made =>
  facts.get('facts', text, () => (nonPromise(text) ? NON_PROMISE : NONE));

const KIND_SUFFIX = '&k:';

/** The keyword categories a context line names, with the figure kind they pair with. */
const contextFacts = (name: string, t: string): readonly string[] =>
  facts.get(name, t, () => {
    const out: string[] = [];
    categoriesIn(t, ANY_CATEGORY).forEach((found, rank) => {
      out.push(`${name}:${found}`);
      if (rank === 0) out.push(`${name}1:${found}`);
    });
    if (SEVERITY.test(t)) out.push(`${name}:severity`);
    return made(out);
  }).features;

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

const percentBand = (v: number): string =>
  v === 100 ? '100' : v >= 99 ? '99+' : v >= 90 ? '90+' : v > 50 ? '50+' : v >= 10 ? '10+' : 'small';

/** Features of the figure itself: its kind, unit, bound and the size of its value. */
const figureFeatures = (c: Candidate, into: FeatureSink): void => {
  const f = c.figure;
  into.add('k:', f.kind);
  into.add('u:', f.unit ?? 'none');
  into.add('bd:', f.bound);
  if (f.band) into.add('band');
  if (f.incidental) into.add('incidental');
  if (f.alternative) into.add('alternative');
  if (f.notice) into.add('notice');
  if (f.shareOfTime) into.add('shareOfTime');
  if (f.currency) into.add('money');
  if (f.kind === 'percent' || f.kind === 'number') {
    const v = f.value;
    into.add('pv:', percentBand(v));
    if (v !== Math.round(v)) into.add('pv:decimal');
  } else if (f.kind === 'duration') {
    const m = minutesOf(f.value, f.unit);
    into.add('dv:', String(Math.min(14, Math.max(0, Math.round(Math.log2(Math.max(1, m)))))));
  } else if (f.kind === 'schedule') {
    into.add('sv:', f.value === 168 ? 'always' : f.value >= 60 ? 'long' : 'short');
  }
};

/** The category each rule family gives, nearest the figure, from the words around it. */
const keywordCategory = (text: string, c: Candidate): Category | null =>
  categoryNear(hitsOf(text), c.figure.start, ANY_CATEGORY, text, c.figure.end);

interface Positioned {
  t: string;
  start: number;
  end: number;
}

const positionsCache = new Map<string, Positioned[]>();

/** The tokens of a text with where each starts and ends, read once per document. */
const positioned = (text: string): Positioned[] => {
  let list = positionsCache.get(text);
  if (!list) {
    list = [];
    const lower = text.toLowerCase();
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
      const t = m[0];
      list.push({
        t: isDigit(t) ? (t.length > 2 ? 'NUM' : `n${t}`) : stem(t),
        start: m.index,
        end: m.index + t.length,
      });
    }
    if (positionsCache.size >= CACHE_LIMIT) positionsCache.clear();
    positionsCache.set(text, list);
  }
  return list;
};

const LEFT = ['', 'L1:', 'L2:', 'L3:'];
const RIGHT = ['', 'R1:', 'R2:', 'R3:'];
const SIDES = {
  before: ['before', 'before:near', 'before:mid', 'before:far'],
  after: ['after', 'after:near', 'after:mid', 'after:far'],
};
const CONTEXT_NAMES = ['kh', 'kg', 'kr', 'kp', 'k0', 'k1'] as const;

/** Every feature of one candidate into a sink. `verdict` is the rules' promise on the same figure. */
const buildFeatures = (c: Candidate, verdict: ExtractedPromise | undefined, out: FeatureSink): boolean => {
  let veto = false;
  out.add('bias');
  const text = c.text;
  const all = positioned(text);
  const kind = c.figure.kind;
  // The tokens before and after the figure: `first` is the index of the first token after it.
  let beforeEnd = 0;
  while (beforeEnd < all.length && (all[beforeEnd]?.end ?? 0) <= c.figure.start) beforeEnd++;
  let afterStart = beforeEnd;
  while (afterStart < all.length && (all[afterStart]?.start ?? 0) < c.figure.end) afterStart++;
  const before = (i: number): string | undefined =>
    i >= 1 && i <= beforeEnd ? all[beforeEnd - i]?.t : undefined;
  const after = (i: number): string | undefined => all[afterStart + i]?.t;
  for (let i = 1; i <= 3; i++) {
    const b = before(i);
    if (b) out.add(LEFT[i] ?? '', b);
    const a = after(i - 1);
    if (a) out.add(RIGHT[i] ?? '', a);
  }
  const b1 = before(1);
  const b2 = before(2);
  if (b1 && b2) out.add('LL:', b2, '_', b1);
  const a1 = after(0);
  const a2 = after(1);
  if (a1 && a2) out.add('RR:', a1, '_', a2);
  for (let i = Math.max(0, beforeEnd - 10); i < beforeEnd; i++) {
    const t = all[i]?.t;
    if (t) out.add('lw:', t);
  }
  for (let i = afterStart; i < Math.min(all.length, afterStart + 10); i++) {
    const t = all[i]?.t;
    if (t) out.add('rw:', t);
  }
  bag('s:', c.quote, 40, out);
  bag('h0:', c.headings[0], 8, out);
  bag('h1:', c.headings.length > 1 ? c.headings.slice(1, 3).join(' ') : '', 12, out);
  bag('p:', c.previous.length > 1 ? c.previous.slice(0, 2).join(' ') : c.previous[0], 10, out);
  if (c.blockKind === 'row') {
    bag('ch:', c.header, 8, out);
    bag('cg:', c.headerGroup, 8, out);
    bag('rl:', c.rowLabel, 8, out);
    out.add(c.cell === 0 ? 'cell0' : 'cellN');
    if (!c.header) out.add('noHeader');
  }
  figureFeatures(c, out);
  out.add('bk:', c.blockKind);
  out.add('sib:', String(Math.min(3, c.siblings)));
  if (c.position === 0) out.add('first');
  if (c.position === c.siblings - 1) out.add('last');
  if (c.valueLine) out.add('valueLine');
  // The rules' verdicts.
  out.add('r:', verdict?.category ?? 'none');
  if (verdict) {
    out.add('rop:', verdict.operator);
    out.add('r:', verdict.category, KIND_SUFFIX, kind);
  }
  const tf = textFacts(text);
  if (tf.features.length > 0) veto = true;
  out.addAll(tf);
  if (negated(text, c.figure) || inBreachCondition(text, c.figure)) {
    out.add('negated');
    veto = true;
  }
  // Every keyword family around the figure, by side and distance: what carries from page to page.
  for (const h of hitsOf(text)) {
    const isBefore = h.index < c.figure.start;
    const gap = isBefore ? c.figure.start - h.index : h.index - c.figure.end;
    const side = isBefore ? SIDES.before : SIDES.after;
    const dist = side[gap <= 25 ? 1 : gap <= 70 ? 2 : 3] ?? '';
    out.add('fam:', h.category, ':', side[0] ?? '');
    out.add('fam:', h.category, ':', dist);
    out.add('fam:', h.category, ':', dist, `${KIND_SUFFIX}${kind}`);
  }
  const near = keywordCategory(text, c) ?? 'none';
  out.add('kw:', near);
  out.add('kw:', near, KIND_SUFFIX, kind);
  const contexts = [c.header, c.headerGroup, c.rowLabel, c.previous[0], c.headings[0], c.headings[1]];
  contexts.forEach((t, i) => {
    if (!t) return;
    for (const f of contextFacts(CONTEXT_NAMES[i] ?? '', t)) {
      out.add(f);
      if (!f.endsWith(':severity')) out.add(f, KIND_SUFFIX, kind);
    }
  });
  return veto;
};

/**
 * Every feature of one candidate, as text (for training and for the features a decision reads by
 * name). `verdict` is the promise the rules read from the same figure, if they read one.
 */
export const candidateFeatures = (c: Candidate, verdict: ExtractedPromise | undefined): string[] => {
  const sink = new StringSink();
  buildFeatures(c, verdict, sink);
  return sink.result();
};

/** A candidate's features as the model scores them: their hashes, and whether a rule vetoes the figure. */
export interface HashedFeatures {
  hashes: Int32Array;
  /** The rules say the sentence promises nothing (nonPromise) or the figure is negated. */
  veto: boolean;
}

export const hashedFeatures = (c: Candidate, verdict: ExtractedPromise | undefined): HashedFeatures => {
  const sink = new HashSink();
  const veto = buildFeatures(c, verdict, sink);
  return { hashes: Int32Array.from(sink.out), veto };
};

/** The hashed form of features given as text (what training builds), for the same decision code. */
export const hashFeatures = (features: readonly string[]): HashedFeatures => ({
  hashes: Int32Array.from(features, featureHash),
  veto: features.includes('nonPromise') || features.includes('negated'),
});
