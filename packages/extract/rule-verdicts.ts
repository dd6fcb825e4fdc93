// What the rules say of one sentence or figure, before any document context: which category its
// words name and where, what it says of its promises whatever their category (channel, target,
// hedge, condition, audience), and whether it promises nothing (the past, an example, a negation).
// The rule reader (engine.ts) builds on these, and the learned layer uses them as features.

import type { Category, Operator, Unit } from '../core/index.ts';
import type { Figure } from './figures.ts';
import { mayMatchAny } from './gate.ts';
import {
  AUDIENCE_NOUN,
  AUDIENCE_TIER_RULES,
  CATEGORY_KEYWORDS,
  CHANNEL_RULES,
  CONDITION_RULES,
  DURATION_CATEGORIES,
  HEDGE_RULES,
  NON_PROMISE_RULES,
  REFERENCE_POINT,
  SEVERITY_CODE,
  TARGET_ALL,
  TARGET_SHARE,
} from './rules.ts';

export interface KeywordHit {
  category: Category;
  index: number;
  strong: boolean;
}

/** "LevelDescription" → "Level Description": cells whose borders were lost still show their words. */
export const splitGlued = (text: string): string => text.replace(/([a-z])([A-Z][a-z])/g, '$1 $2');

// All keyword families in one pattern: one scan per sentence; each match is then checked against
// every family, because a word can belong to two ("available": uptime and support hours).
const ANY_KEYWORD = new RegExp(CATEGORY_KEYWORDS.map((r) => `(?:${r.re.source})`).join('|'), 'gi');
const EXACT_KEYWORDS = CATEGORY_KEYWORDS.map((r) => ({
  rule: r,
  re: new RegExp(`^(?:${r.re.source})$`, 'i'),
}));

// The rule reader and the learned features ask about the same clauses: what is scanned once is
// kept until the document ends (clearVerdictCaches).
const hitsMemo = new Map<string, KeywordHit[]>();
const nonPromiseMemo = new Map<string, boolean>();
const MEMO_LIMIT = 2_000;

/** The keyword hits of a text (shared: callers must not change the list). */
export const keywordHits = (text: string): KeywordHit[] => {
  let hits = hitsMemo.get(text);
  if (!hits) {
    hits = scanKeywords(text);
    if (hitsMemo.size >= MEMO_LIMIT) hitsMemo.clear();
    hitsMemo.set(text, hits);
  }
  return hits;
};

const scanKeywords = (text: string): KeywordHit[] => {
  const hits: KeywordHit[] = [];
  ANY_KEYWORD.lastIndex = 0;
  for (let m = ANY_KEYWORD.exec(text); m; m = ANY_KEYWORD.exec(text)) {
    for (const { rule, re } of EXACT_KEYWORDS) {
      if (re.test(m[0])) hits.push({ category: rule.category, index: m.index, strong: rule.strong });
    }
  }
  return hits;
};

/** The category a figure is about: the nearest strong word before it, else after it, else a weak word. */
export const categoryNear = (
  hits: KeywordHit[],
  at: number,
  allowed: ReadonlySet<Category>,
  text?: string,
  end?: number,
): Category | null => {
  // One pass keeps, for strong and for weak words, the nearest before the figure and the nearest
  // after it (the first of equals), and any strong word attached to the figure's end.
  let attached: KeywordHit | undefined;
  let strongBefore: KeywordHit | undefined;
  let strongAfter: KeywordHit | undefined;
  let weakBefore: KeywordHit | undefined;
  let weakAfter: KeywordHit | undefined;
  for (const h of hits) {
    if (!allowed.has(h.category)) continue;
    // "within 30 days of delivery": a word after a reference point is the event, not the subject.
    if (
      text !== undefined &&
      h.index > at &&
      REFERENCE_POINT.test(text.slice(Math.max(0, h.index - 24), h.index))
    )
      continue;
    // A figure used as an adjective names its subject right after it: "60-day money-back guarantee".
    if (end !== undefined && !attached && h.strong && h.index >= end && h.index - end <= 2) attached = h;
    if (h.index < at) {
      if (h.strong) {
        if (!strongBefore || h.index > strongBefore.index) strongBefore = h;
      } else if (!weakBefore || h.index > weakBefore.index) weakBefore = h;
    } else if (h.strong) {
      if (!strongAfter || h.index < strongAfter.index) strongAfter = h;
    } else if (!weakAfter || h.index < weakAfter.index) weakAfter = h;
  }
  const chosen = attached ?? strongBefore ?? strongAfter ?? weakBefore ?? weakAfter;
  return chosen ? chosen.category : null;
};

const contextCategories = new Map<string, Category[]>();

/** The categories a context line (heading, label, column header) names, in order; cached per text. */
export const categoriesIn = (text: string, allowed: ReadonlySet<Category>): Category[] => {
  let all = contextCategories.get(text);
  if (!all) {
    const hits = keywordHits(splitGlued(text)).filter((h) => h.strong);
    all = [...new Set(hits.sort((a, b) => a.index - b.index).map((h) => h.category))];
    if (contextCategories.size >= 2_000) contextCategories.clear();
    contextCategories.set(text, all);
  }
  return all.filter((c) => allowed.has(c));
};

export const firstMatch = <T>(rules: readonly { re: RegExp; value: T }[], text: string): T | undefined =>
  mayMatchAny(rules, text) ? rules.find((r) => r.re.test(text))?.value : undefined;

export const comparable = (value: number, unit: Unit | null): number => {
  switch (unit) {
    case 'minutes':
      return value;
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

export const PERCENT_CATEGORIES: ReadonlySet<Category> = new Set(['credit_compensation', 'uptime']);
export const SCHEDULE_CATEGORIES: ReadonlySet<Category> = new Set(['availability_hours', 'delivery_time']);
export const ANY_CATEGORY: ReadonlySet<Category> = new Set([
  ...DURATION_CATEGORIES,
  ...PERCENT_CATEGORIES,
  'availability_hours',
]);
/** Whether the sentence (or the nearest context line) has a word: two tests, no joined copy. */
export type Has = (re: RegExp) => boolean;

export const METRIC_NAMES: Record<Category, (has: Has, operator: Operator) => string> = {
  response_time: (has) =>
    has(/acknowledg/i)
      ? 'acknowledgement_time'
      : has(/\b(?:first|initial)\b/i)
        ? 'first_response_time'
        : has(/\bcalls?\b/i)
          ? 'call_response_time'
          : 'response_time',
  resolution_time: () => 'resolution_time',
  uptime: () => 'uptime_percent',
  availability_hours: (has) => (has(/\b(?:call|phone|telephone)\b/i) ? 'phone_hours' : 'support_hours'),
  delivery_time: (has) =>
    has(/\b(?:deliver\w*|arriv\w*|transit)\b/i)
      ? 'delivery_time'
      : has(/\b(?:ship\w*|dispatch\w*|despatch\w*|leaves?)\b/i)
        ? 'dispatch_time'
        : has(/handling/i)
          ? 'handling_time'
          : 'processing_time',
  refund_guarantee: (has, op) =>
    op === '<='
      ? has(/\brefund|money[\s-]back|reimburse/i) || !has(/\b(?:return|label|exchange|replace)/i)
        ? 'refund_processing_time'
        : 'return_processing_time'
      : has(/\breturn/i) && !has(/\brefund/i)
        ? 'return_window'
        : 'refund_window',
  credit_compensation: () => 'service_credit',
  other: (has) => (has(/notice/i) ? 'notice_period' : has(/rings?/i) ? 'rings_to_answer' : 'commitment'),
};

/** What a sentence says about its promises whatever their category: read once per sentence. */
export interface SentenceFacts {
  severityCode?: string;
  channel?: string;
  target?: number;
  statistic?: 'median' | 'mean';
  hedge?: string;
  condition?: string;
  /** The plan the sentence addresses ("Enterprise customers get…"). */
  audience?: string;
}

const factsCache = new Map<string, SentenceFacts>();

export const sentenceFacts = (sentence: string): SentenceFacts => {
  const cached = factsCache.get(sentence);
  if (cached) return cached;
  const facts: SentenceFacts = {};
  facts.severityCode = SEVERITY_CODE.exec(sentence)?.[1];
  facts.channel = firstMatch(CHANNEL_RULES, sentence);
  const share = TARGET_SHARE.exec(sentence);
  const hedgeRule = mayMatchAny(HEDGE_RULES, sentence)
    ? HEDGE_RULES.find((r) => r.re.test(sentence))
    : undefined;
  if (share?.[1]) facts.target = Number(share[1]);
  else if (!hedgeRule && TARGET_ALL.test(sentence)) facts.target = 100;
  if (hedgeRule) {
    facts.statistic = hedgeRule.value;
    facts.hedge = hedgeRule.re.exec(sentence)?.[0].toLowerCase();
  }
  for (const re of mayMatchAny(CONDITION_RULES, sentence) ? CONDITION_RULES : []) {
    const m = re.exec(sentence);
    if (m) {
      facts.condition = m[0].trim();
      break;
    }
  }
  if (AUDIENCE_NOUN.test(sentence) && mayMatchAny(AUDIENCE_TIER_RULES, sentence))
    facts.audience = AUDIENCE_TIER_RULES.map((re) => re.exec(sentence)?.[1]).find(Boolean);
  if (factsCache.size >= 2_000) factsCache.clear();
  factsCache.set(sentence, facts);
  return facts;
};

const SENTENCE_RULES = NON_PROMISE_RULES.filter((r) => !r.beforeFigure && !r.only);
/** Sentence-wide rules that are tried only when their cheap word test passes. */
const GATED_RULES = NON_PROMISE_RULES.filter((r) => !r.beforeFigure && r.only);
const FIGURE_RULES = NON_PROMISE_RULES.filter((r) => r.beforeFigure);
// The sentence-wide rules as one pattern, so a sentence is scanned once.
const ANY_NON_PROMISE = new RegExp(SENTENCE_RULES.map((r) => `(?:${r.re.source})`).join('|'), 'i');
export const nonPromise = (sentence: string): boolean => {
  let v = nonPromiseMemo.get(sentence);
  if (v === undefined) {
    v =
      ANY_NON_PROMISE.test(sentence) ||
      GATED_RULES.some((r) => r.only?.test(sentence) && r.re.test(sentence));
    if (nonPromiseMemo.size >= MEMO_LIMIT) nonPromiseMemo.clear();
    nonPromiseMemo.set(sentence, v);
  }
  return v;
};
/** A negation before a figure (or just after it) takes that figure out: "no refund after 15 days". */
export const negated = (sentence: string, figure: Figure): boolean => {
  const before = sentence.slice(0, figure.end + 20);
  return mayMatchAny(FIGURE_RULES, before) && FIGURE_RULES.some((r) => r.re.test(before));
};

/**
 * The figure sits inside the condition of a remedy, a breach the company describes rather than
 * promises: "If we do not reply within 8 hours, you receive a credit" (the 8 hours; the credit after
 * the comma is the promise). The clause from its "if" to the figure names us failing or missing.
 */
const BREACH_CONDITION =
  /\b(?:if|should|where|whenever|in the (?:event|case) (?:that )?)\s+(?:we|our\b[^,;:.]{0,30}?)\s+(?:do not|don['’]t|does not|doesn['’]t|did not|didn['’]t|fail(?:s|ed)? to|miss(?:es|ed)?|cannot|can['’]t|are unable to|is unable to)\b[^,;:.]*$/i;
export const inBreachCondition = (sentence: string, figure: Figure): boolean =>
  BREACH_CONDITION.test(sentence.slice(Math.max(0, figure.start - 160), figure.start));

/** Empties the per-document caches (each document starts afresh). */
export const clearVerdictCaches = (): void => {
  contextCategories.clear();
  factsCache.clear();
  hitsMemo.clear();
  nonPromiseMemo.clear();
};
