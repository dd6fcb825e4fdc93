// The rule reader, the extractor's weak labels: reads blocks in order, keeps the context a reader
// keeps (headings, the label above a figure, a table's column headers, the section's topic) and
// turns each figure it can attribute into a normalised promise; vague claims go to `claims`. Its
// verdicts are features of the learned decision (decide.ts), which has the last word.

import type {
  Category,
  Claim,
  ExtractedPromise,
  ExtractionResult,
  Operator,
  Qualifiers,
} from '../core/index.ts';
import type { Block } from './blocks.ts';
import { bareNumber, clearFigureCache, type Figure, findFigures, mayHoldFigure } from './figures.ts';
import { mayMatchAny } from './gate.ts';
import {
  ANY_CATEGORY,
  categoriesIn,
  categoryNear,
  clearVerdictCaches,
  comparable,
  firstMatch,
  type Has,
  type KeywordHit,
  keywordHits,
  METRIC_NAMES,
  negated,
  nonPromise,
  PERCENT_CATEGORIES,
  SCHEDULE_CATEGORIES,
  sentenceFacts,
  splitGlued,
} from './rule-verdicts.ts';
import {
  BREACH_CONDITION,
  CHANNEL_RULES,
  CLAIM_RULES,
  COMPENSATION,
  COMPENSATION_COLUMN,
  CREDIT_CAP,
  DEFAULT_OPERATOR,
  DOCUMENT_TIER_BLOCKS,
  DOCUMENT_TIER_RULES,
  DURATION_CATEGORIES,
  NOTIFY_WINDOW,
  OTHER_COMMITMENT_RULES,
  REFUND_PROCESSING,
  REFUND_WINDOW_AFTER,
  REFUND_WINDOW_BEFORE,
  SEVERITY,
  TESTIMONIAL,
  TIER_HEADING,
  WINDOW_RULES,
} from './rules.ts';
import { splitClauses } from './sentences.ts';

/** A promise with where it came from, so repeats and table columns can be told apart. */
interface Found {
  promise: ExtractedPromise;
  /** Distinguishes cells of one row that say the same thing for different columns. */
  slot: string;
  /** Index of the block that states it, so the learned layer can pair it with its candidate. */
  block?: number;
}

interface Heading {
  level: number;
  text: string;
}

const TOPIC =
  /\b(response|resolution|delivery|shipping|dispatch|processing|production|lead|handling|fulfil{1,2}ment|refund)\s+(?:times?|targets?|goals?|windows?)\b/i;

interface Context {
  headings: Heading[];
  topic: Category | null;
  /** The short line above a run of figures ("First response", "Handling time |", a credit band). */
  label: string | null;
  labelAge: number;
  slotInRun: number;
  /** Counts headings: promises of one section share a number, so repeats within it can be told. */
  section: number;
  /** The plan named by the nearest heading that names one. */
  tier: string | undefined;
  /** Heading texts, nearest first. */
  headingTexts: string[];
}

interface SentenceInput {
  text: string;
  /** Context strings nearest first, used when the sentence names no category itself. */
  fallback: string[];
  allowFallback: boolean;
  quote: string;
  slot: string;
  /** Every figure is its own promise (a table row or a line of columns). */
  perFigure: boolean;
  /** Categories of the columns, in order, when a header names them. */
  columns?: Category[];
  /** Texts that may name the measuring window ("monthly"): the sentence, its labels, its headings. */
  qualifierParts: string[];
  severitySource?: string;
  tier?: string;
  scope?: string;
  /** A table row's label, which may name the channel the row is about. */
  rowLabel?: string;
}

const headingContext = (ctx: Context): string[] => ctx.headingTexts;

const readQualifiers = (
  input: SentenceInput,
  figure: Figure,
  category: Category,
  sentence: string,
): Qualifiers => {
  const q: Qualifiers = {};
  const facts = sentenceFacts(sentence);
  const aboutService = category !== 'uptime' && category !== 'credit_compensation';
  if (input.tier) q.tier = input.tier;
  else if (facts.audience) q.tier = facts.audience;
  const severity =
    (input.severitySource ? SEVERITY.exec(input.severitySource)?.[1] : undefined) ?? facts.severityCode;
  if (severity && aboutService) q.severity = severity;
  // A table row's label often names the channel the row is about ("Live chat | … | within 5 minutes").
  const label = input.rowLabel ?? input.scope;
  const channel = facts.channel ?? (label ? firstMatch(CHANNEL_RULES, label) : undefined);
  if (channel && aboutService) q.channel = channel;
  // The measuring window ("monthly uptime") may be named by the sentence or its headings; only
  // uptime and credits have one.
  if (!aboutService) {
    const window = firstMatch(WINDOW_RULES, input.qualifierParts.join(' '));
    if (window) q.window = window;
  }
  if (facts.target !== undefined) q.target = facts.target;
  if (facts.statistic) q.statistic = facts.statistic;
  if (facts.hedge) q.hedge = facts.hedge;
  if (input.scope && input.scope !== q.tier) q.scope = input.scope;
  if (facts.condition) q.condition = facts.condition;
  if (figure.timezone) q.timezone = figure.timezone;
  return q;
};

/** Words between two limits that make the second the outer bound of the first: one promise, not two. */
const OUTER_BOUND =
  /\b(?:but|though|although|however|may|might|can|could|at (?:the )?(?:latest|most)|no (?:later|longer) than|or less|worst case)\b/i;

/** Figures a customer can hold the company to: not incidental, not an alternative, and for a limit not a minimum. */
const boundCandidates = (figures: Figure[], operator: Operator): Figure[] =>
  figures.filter((f) => !f.incidental && !f.alternative && !(operator === '<=' && f.bound === 'lower'));

/** Upper limits of one category that differ from each other, in sentence order; empty when only one. */
const separateLimits = (sentence: string, figures: Figure[]): Figure[] => {
  const pool = boundCandidates(figures, '<=');
  const seen = new Set<string>();
  const distinct = pool.filter((f) => {
    const key = `${comparable(f.value, f.unit)}:${f.unit}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (distinct.length < 2) return [];
  for (let i = 1; i < distinct.length; i++) {
    if (OUTER_BOUND.test(sentence.slice(distinct[i - 1]?.end ?? 0, distinct[i]?.start ?? 0))) return [];
  }
  return distinct;
};

/** Picks the one figure a sentence commits to for a category: the bound the customer can hold it to. */
const bestFigure = (figures: Figure[], operator: Operator): Figure | undefined => {
  const pool = boundCandidates(figures, operator);
  if (pool.length === 0) return undefined;
  return pool.reduce((best, f) =>
    comparable(f.value, f.unit) > comparable(best.value, best.unit) ? f : best,
  );
};

const makePromise = (
  input: SentenceInput,
  sentence: string,
  category: Category,
  figure: Figure,
  confidence: number,
  operatorOverride?: Operator,
  metricOverride?: string,
): ExtractedPromise => {
  let operator = operatorOverride ?? DEFAULT_OPERATOR[category];
  if (category === 'other' && !operatorOverride)
    operator = figure.notice || figure.bound === 'lower' ? '>=' : '<=';
  const qualifiers = readQualifiers(input, figure, category, sentence);
  const context = input.fallback[0];
  const has: Has = (re) => re.test(sentence) || (context !== undefined && re.test(context));
  if (qualifiers.statistic) confidence -= 0.05;
  return {
    quote: input.quote,
    category,
    metric: metricOverride ?? METRIC_NAMES[category](has, operator),
    operator,
    threshold: figure.value,
    unit: figure.unit,
    qualifiers,
    confidence: Math.round(Math.max(0.1, Math.min(0.99, confidence)) * 100) / 100,
  };
};

/** Which category the surrounding context gives a figure of this kind, nearest context first. */
const fallbackCategory = (
  input: SentenceInput,
  allowed: ReadonlySet<Category>,
  ctx: Context,
): Category | null => {
  if (!input.allowFallback) return null;
  for (const text of input.fallback) {
    const found = categoriesIn(text, allowed);
    if (found[0]) return found[0];
  }
  return ctx.topic && allowed.has(ctx.topic) ? ctx.topic : null;
};

/** "Starter: within 2 business days; Pro: within 2 business hours": the name before a figure in a cell. */
const INLINE_NAME =
  /(?:^|[;,.]\s*)([A-Z][\w+&-]*(?: [A-Z][\w+&-]*){0,2}):\s*(?:within|in|up to|under|by)?\s*$/;

/** The words around a refund figure make it the customer's window rather than a processing time. */
const windowBefore = (sentence: string, figure: Figure): boolean =>
  REFUND_WINDOW_BEFORE.test(sentence.slice(Math.max(0, figure.start - 60), figure.start));

export const refundWindow = (sentence: string, figure: Figure): boolean => {
  if (windowBefore(sentence, figure)) return true;
  // "Refunds are processed within 5 days of receipt of your item": the verb before the figure
  // says whose clock it is, whatever follows.
  if (REFUND_PROCESSING.test(sentence.slice(Math.max(0, figure.start - 60), figure.start))) return false;
  return REFUND_WINDOW_AFTER.test(sentence.slice(figure.end, figure.end + 60));
};

/**
 * The "other" commitment a figure measures ("status page updated within 10 minutes", "backups kept
 * for 30 days"): the nearest such words before it, with no response, resolution, delivery or refund
 * word between them and the figure.
 */
const otherCommitment = (
  sentence: string,
  figure: Figure,
  hits: KeywordHit[],
): { metric: string; operator: Operator } | undefined => {
  const from = Math.max(0, figure.start - 80);
  const before = sentence.slice(from, figure.start);
  if (!mayMatchAny(OTHER_COMMITMENT_RULES, before)) return undefined;
  let best: { at: number; rule: (typeof OTHER_COMMITMENT_RULES)[number] } | undefined;
  for (const rule of OTHER_COMMITMENT_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(before); m; m = rule.re.exec(before)) {
      if (!best || m.index > best.at) best = { at: m.index, rule };
    }
  }
  if (!best) return undefined;
  const at = from + best.at;
  const between = hits.some(
    (h) => h.strong && DURATION_CATEGORIES.has(h.category) && h.index > at && h.index < figure.start,
  );
  return between ? undefined : { metric: best.rule.metric, operator: best.rule.operator };
};

/** Turns one sentence (or cell, or label + value) into the promises it states. */
const readSentence = (input: SentenceInput, ctx: Context): ExtractedPromise[] => {
  const sentence = input.text;
  if (!mayHoldFigure(sentence)) return [];
  const found = findFigures(sentence);
  if (found.length === 0 || nonPromise(sentence)) return [];
  const breach = BREACH_CONDITION.exec(sentence);
  const figures = found.filter(
    (f) => !negated(sentence, f) && !(breach && f.kind === 'duration' && f.start < breach[0].length),
  );
  if (figures.length === 0) return [];
  const hits = keywordHits(sentence);
  const hasOwnCategory = hits.some(
    (h) => h.strong && h.category !== 'availability_hours' && h.category !== 'uptime',
  );
  const out: ExtractedPromise[] = [];
  const durations = figures.filter((f) => f.kind === 'duration');

  // Weekly schedules: support hours, unless they only qualify a response or delivery promise.
  for (const figure of figures.filter((f) => f.kind === 'schedule')) {
    const near = categoryNear(hits, figure.start, SCHEDULE_CATEGORIES, sentence);
    const contextual = near
      ? null
      : fallbackCategory({ ...input, allowFallback: true }, SCHEDULE_CATEGORIES, ctx);
    // A weekly schedule on a company's page is its opening hours unless something names it as a
    // delivery schedule.
    const availability = near === 'availability_hours' || (near === null && contextual !== 'delivery_time');
    const qualifiesOther =
      durations.length > 0 ||
      hits.some(
        (h) =>
          h.strong &&
          (h.category === 'response_time' || h.category === 'resolution_time') &&
          h.index < figure.start,
      );
    // "Within 1 hour (24×7)": the schedule says when the response clock runs.
    const qualifiesDuration = durations.some((d) => d.end <= figure.start && figure.start - d.end <= 6);
    if (!availability || qualifiesDuration || (qualifiesOther && figure.value !== 168)) continue;
    if (durations.length > 0 && !input.perFigure && figure.value !== 168) continue;
    out.push(makePromise(input, sentence, 'availability_hours', figure, near ? 0.85 : 0.7));
  }

  // Percentages: service credits and uptime commitments; bands are conditions, not promises.
  const percents = figures.filter((f) => f.kind === 'percent' && !f.band && !f.alternative);
  if (percents.length > 0) {
    const creditColumn = input.columns?.[0] === 'credit_compensation';
    const credit =
      creditColumn ||
      hits.some((h) => h.category === 'credit_compensation') ||
      /\brefund\w*\b[^.]{0,40}\d\s*%\s*of\b/i.test(sentence) ||
      (!hasOwnCategory && fallbackCategory(input, PERCENT_CATEGORIES, ctx) === 'credit_compensation') ||
      // An uptime band beside a percentage, under a heading that speaks of credits: a credits table.
      (figures.some((f) => f.band) && input.fallback.slice(0, 3).some((t) => /\bcredit/i.test(t)));
    const uptime =
      hits.some((h) => h.category === 'uptime') ||
      fallbackCategory(input, PERCENT_CATEGORIES, ctx) === 'uptime';
    // A sentence that names both ("99.9% monthly uptime, backed by service credits") promises a
    // credit only when one of its percentages sits nearest a credit word, or none could be uptime.
    const creditWins =
      credit &&
      (creditColumn ||
        !hits.some((h) => h.category === 'uptime') ||
        percents.every((f) => f.value < 90) ||
        percents.some(
          (f) => categoryNear(hits, f.start, PERCENT_CATEGORIES, sentence, f.end) === 'credit_compensation',
        ));
    if (creditWins && !CREDIT_CAP.test(sentence)) {
      const chosen = percents.filter((f) => !f.shareOfTime && !f.incidental && f.value > 0 && f.value <= 100);
      // "Below 99.9% the credit is 15%, and below 99.0% 30%": a credit per band, each its own promise.
      const banded = figures.filter((f) => f.band).length >= 2 && chosen.length >= 2;
      for (const figure of input.perFigure || banded ? chosen : chosen.slice(0, 1)) {
        out.push(makePromise(input, sentence, 'credit_compensation', figure, 0.85));
      }
    } else if (uptime && !creditWins) {
      const figure = percents.find((f) => f.value >= 90 && f.value <= 100 && f.bound !== 'upper');
      if (figure) out.push(makePromise(input, sentence, 'uptime', figure, 0.85));
    }
  }

  // Money paid when a promise is missed: compensation, its amount in the currency stated.
  const money = figures.filter((f) => f.kind === 'money' && !f.alternative);
  if (
    money.length > 0 &&
    (COMPENSATION.test(sentence) || (input.perFigure && COMPENSATION_COLUMN.test(input.fallback[0] ?? '')))
  ) {
    for (const figure of input.perFigure ? money : money.slice(0, 1)) {
      const promise = makePromise(
        input,
        sentence,
        'credit_compensation',
        figure,
        0.7,
        '==',
        'compensation_amount',
      );
      if (figure.currency && !promise.qualifiers.scope)
        promise.qualifiers = { ...promise.qualifiers, scope: figure.currency };
      out.push(promise);
    }
  }

  // Counts ("picks up in four rings") and notice periods are the "other" commitments we know.
  for (const figure of figures.filter((f) => f.kind === 'count')) {
    out.push(makePromise(input, sentence, 'other', figure, 0.6));
  }
  for (const figure of durations.filter((f) => f.notice && !f.incidental)) {
    out.push(makePromise(input, sentence, 'other', figure, 0.65));
  }

  // Durations: response, resolution, delivery and refund times and windows.
  const timed = durations.filter((f) => !f.notice);
  if (timed.length === 0) return out;
  const assigned = new Map<Category, Figure[]>();
  const notify = NOTIFY_WINDOW.test(sentence);
  // "You have 45 days from the day your parcel arrives to send it back for a refund": the customer's
  // window in a sentence about refunds is a refund window, whatever else it names.
  const refundWord = hits.some((h) => h.category === 'refund_guarantee');
  const refundContext =
    notify &&
    (hits.some((h) => h.category === 'refund_guarantee') ||
      input.fallback.slice(0, 3).some((t) => categoriesIn(t, DURATION_CATEGORIES)[0] === 'refund_guarantee'));
  timed.forEach((figure, i) => {
    let category: Category | null = null;
    let confidence = 0.85;
    const other = input.columns ? undefined : otherCommitment(sentence, figure, hits);
    if (other) {
      out.push(makePromise(input, sentence, 'other', figure, 0.65, other.operator, other.metric));
      return;
    }
    // A column named for hours of support ("Premium support") does not make a duration support hours.
    const column = input.columns && input.columns.length === timed.length ? input.columns[i] : undefined;
    if (column && DURATION_CATEGORIES.has(column)) category = column;
    else if (refundContext || (refundWord && windowBefore(sentence, figure))) category = 'refund_guarantee';
    else category = categoryNear(hits, figure.start, DURATION_CATEGORIES, sentence, figure.end);
    if (!category && !hasOwnCategory) {
      category = fallbackCategory(input, DURATION_CATEGORIES, ctx);
      confidence = 0.7;
    }
    if (!category) return;
    if (input.perFigure) {
      const operator =
        category === 'refund_guarantee' && REFUND_PROCESSING.test(sentence) && !refundWindow(sentence, figure)
          ? '<='
          : undefined;
      if (figure.incidental || (DEFAULT_OPERATOR[category] === '<=' && figure.bound === 'lower')) return;
      const promise = makePromise(input, sentence, category, figure, confidence + 0.05, operator);
      const inlineTier = INLINE_NAME.exec(sentence.slice(Math.max(0, figure.start - 40), figure.start))?.[1];
      if (inlineTier && !SEVERITY.test(inlineTier))
        promise.qualifiers = { ...promise.qualifiers, tier: inlineTier };
      out.push(promise);
      return;
    }
    const list = assigned.get(category) ?? [];
    list.push(figure);
    assigned.set(category, list);
  });
  if (input.perFigure) return out;
  for (const [category, list] of assigned) {
    // "Tell us within 48 hours of delivery and we'll refund you within 3 working days": the
    // customer's window and the company's processing time, one promise each.
    if (category === 'refund_guarantee' && list.length >= 2) {
      const windows = list.filter((f) => refundWindow(sentence, f));
      const processing = list.filter(
        (f, i) =>
          !windows.includes(f) && REFUND_PROCESSING.test(sentence.slice(list[i - 1]?.end ?? 0, f.start)),
      );
      const window = bestFigure(windows, '>=');
      const payBack = bestFigure(processing, '<=');
      if (window && payBack) {
        out.push(makePromise(input, sentence, category, window, 0.75, '>='));
        out.push(makePromise(input, sentence, category, payBack, 0.75, '<='));
        continue;
      }
    }
    const operator: Operator =
      category === 'refund_guarantee'
        ? REFUND_PROCESSING.test(sentence) && !refundContext && !list.some((f) => refundWindow(sentence, f))
          ? '<='
          : '>='
        : DEFAULT_OPERATOR[category];
    if (category === 'delivery_time' && list.every((f) => f.bound === 'lower')) continue;
    // "95% of emails within 24 hours and every email within 48 hours", "within one hour for Premier
    // and four business hours for Standard": different limits for different cases are one promise
    // each, qualified by the words around their own figure.
    const separate = operator === '<=' ? separateLimits(sentence, list) : [];
    if (separate.length >= 2) {
      separate.forEach((figure, i) => {
        const from = separate[i - 1]?.end ?? 0;
        const to = separate[i + 1]?.start ?? sentence.length;
        out.push(makePromise(input, sentence.slice(from, to), category, figure, 0.75, operator));
      });
      continue;
    }
    const figure = bestFigure(list, operator === '>=' ? '>=' : '<=');
    if (figure) out.push(makePromise(input, sentence, category, figure, 0.8, operator));
  }
  return out;
};

const CLAIM_HINT =
  /fast|class|lead|award|notch|unmatch|unparallel|unrival|second to none|best|mile|above and beyond|backwards|exception|outstand|excellent|amazing|superb|unbeat|legend|star|satisf|rock|always|never|prompt|timely|quick|rapid|speed|swift/i;

const readClaims = (sentence: string): Claim[] => {
  const rule = mayMatchAny(CLAIM_RULES, sentence) ? CLAIM_RULES.find((r) => r.re.test(sentence)) : undefined;
  return rule ? [{ quote: sentence, reason: rule.reason }] : [];
};

/** The text left when figures are taken out: a short remainder means the line is a value. */
const FILLER = new Set([
  'within',
  'up',
  'to',
  'by',
  'less',
  'than',
  'under',
  'in',
  'approx',
  'about',
  'around',
  'target',
  'goal',
]);
const WORD = /[A-Za-z0-9\u00c0-\u024f]+/g;

/** How many words are left when the figures are taken out, counted up to `limit`. */
const remainderCount = (text: string, figures: readonly Figure[], limit: number): number => {
  let count = 0;
  const countIn = (part: string) => {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(part); m && count <= limit; m = WORD.exec(part))
      if (!FILLER.has(m[0].toLowerCase())) count++;
  };
  let from = 0;
  for (const f of figures) {
    if (f.start > from) countIn(text.slice(from, f.start));
    from = Math.max(from, f.end);
  }
  countIn(text.slice(from));
  return count;
};

/** "Account Support – 2 working days": the name before the dash or colon says what the figure is for. */
const inlineLabel = (prefix: string): string | undefined => {
  const m = /^\s*(.{2,50}?)\s*[–—:|-]\s*(?:within|up to|in|by)?\s*$/i.exec(prefix);
  const name = m?.[1];
  return name && !/\d/.test(name) && !HEADER_IS_METRIC.test(name) ? name : undefined;
};

/** Figures that stand side by side with nothing but spacing between them: a line of table columns. */
const sideBySide = (text: string, figures: readonly Figure[]): boolean => {
  if (figures.length < 2) return false;
  for (let i = 1; i < figures.length; i++) {
    const gap = text.slice(figures[i - 1]?.end ?? 0, figures[i]?.start ?? 0);
    if (
      !/^[\s|*,;]*(?:\(?[^()]{0,30}\)\s*)?[\s|*]*(?:up to|within|by|less than|under|<|≤|often|target)?[\s|*]*$/i.test(
        gap,
      )
    ) {
      return false;
    }
  }
  return true;
};

const LEADS_INTO_FIGURE =
  /(?<![.:;|])\s\b(?:within|in|under|by|of|than|(?<!\bup )to|takes?|is|are|after|before)\s*$/i;

const BAND_ONLY =
  /^(?=.*%)[\s<>≤≥=]*(?:less than|below|under|above|over|greater than|between)?\s*\d{1,3}(?:\.\d+)?\s*%?(?:\s*(?:-|–|—|to|and|but)\s*(?:less than|greater than|below|above|under|over)?\s*[<>≤≥=]?\s*\d{1,3}(?:\.\d+)?\s*%?)?\s*(?:and (?:below|above|up|over|under)|or (?:more|less|higher|lower))?\s*(?:uptime|availability)?\s*$/i;

const isBandOnly = (text: string): boolean => BAND_ONLY.test(text);

/** "< 99.5% – ≥98.0%3": the figure after a leading uptime band, as in a credits table without borders. */
const MAY_START_BAND = /^\s*(?:[<>≤≥=]|\d|less|below|under|greater|above|over|between)/i;

const afterBand = (text: string): string | null => {
  if (!MAY_START_BAND.test(text)) return null;
  const m =
    /^\s*(?:[<>≤≥]\s*|less than\s+|below\s+|under\s+|greater than\s+)?\d{1,3}(?:\.\d+)?\s*%?\s*(?:[-–—]|to|but|and)?\s*(?:greater than\s+|more than\s+|less than\s+)?[<>≤≥=]*\s*(?:\d{1,3}(?:\.\d+)?\s*%)?\s*(?:and (?:below|above|under|over))?/i.exec(
      text,
    );
  if (!m || m[0].trim() === '' || !/%/.test(m[0])) return null;
  return text.slice(m[0].length);
};

const severityOf = (text: string | undefined): string | undefined =>
  text && SEVERITY.test(text) ? text : undefined;

const tierFromHeadings = (ctx: Context): string | undefined => {
  for (const h of [...ctx.headings].reverse()) {
    if (
      h.text.length <= 60 &&
      TIER_HEADING.test(h.text) &&
      !/\b(?:response|resolution|hours|time|sla|policy)\b/i.test(h.text)
    ) {
      return h.text.replace(/\s*\b(?:details|overview)\b\s*$/i, '').trim();
    }
  }
  return undefined;
};

const HEADER_IS_METRIC =
  /\b(?:time|times|response|resolution|target|goal|sla|uptime|credit|availability|hours|percentage|expectations?)\b/i;

const PLAN_COLUMN = /^\s*(?:plans?|tiers?|editions?|packages?|subscriptions?)\s*$/i;
/** One plan's name: capitalised words, not a list ("Pro and Enterprise") nor "every/all plans". */
const SINGLE_PLAN = /^(?!(?:every|all|any|each)\b)[A-Z][\p{L}+]*(?: [A-Z][\p{L}+]*){0,2}$/u;

/** What a column header says, the same for every row of its table: read once per header text. */
interface ColumnFacts {
  categories: Category[];
  /** The header names a plan ("Enterprise (annual)" → "Enterprise"), not a measure. */
  tier?: string;
}

const columnCache = new Map<string, ColumnFacts>();

const columnFacts = (columnHeader: string): ColumnFacts => {
  let facts = columnCache.get(columnHeader);
  if (!facts) {
    const categories = categoriesIn(columnHeader, ANY_CATEGORY);
    const namesTier =
      columnHeader !== '' &&
      !HEADER_IS_METRIC.test(columnHeader) &&
      !SEVERITY.test(columnHeader) &&
      categories.length === 0;
    facts = {
      categories,
      ...(namesTier ? { tier: columnHeader.replace(/\s*\(.*\)\s*$/, '').trim() } : {}),
    };
    columnCache.set(columnHeader, facts);
  }
  return facts;
};

const LETTERS = /\p{L}{3}/u;
const BAND_LABEL =
  /^\s*(?:[<>≤≥]|(?:below|less than|under|lower than|between|above|greater than|from|at least|up to)\b)[^|]*%/i;

/** Whether every cell after the first is a label (no figure): the first cell is the row's value. */
const labelsOnlyAfter = (cells: readonly string[]): boolean =>
  mayHoldFigure(cells[0] ?? '') &&
  cells.slice(1).some((c) => c !== '') &&
  cells.slice(1).every((c) => c === '' || !mayHoldFigure(c) || findFigures(c).length === 0);

/** Reads a table row: every cell holding a figure is one promise qualified by its row and column. */
const readRow = (block: Block, ctx: Context): Found[] => {
  const cells = block.cells ?? [];
  // A header of two rows names each column together ("First response" over "Premier").
  const header = (block.header ?? []).map((h, i) => {
    const group = block.headerGroup?.[i] ?? '';
    return group && group !== h ? `${group} ${h}`.trim() : h;
  });
  const rowLabel = cells.find((c) => c !== '') ?? '';
  // A cell under a "Plan" column that names one plan scopes the row's promises to it.
  const planCell = cells.find(
    (c, i) => PLAN_COLUMN.test(header[i] ?? '') && SINGLE_PLAN.test(c) && !/\d/.test(c),
  );
  const found: Found[] = [];
  const headingTexts = headingContext(ctx);
  const rowSeverity = severityOf(rowLabel);
  const rowScope = !rowSeverity && rowLabel.length <= 60 && !/\d/.test(rowLabel) ? rowLabel : undefined;
  const quoted: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell !== '') quoted.push(cell);
    // The first cell names the row unless it holds words and a figure of its own, or the row
    // leads with its figure ("0-4h | Urgent | Gold") under a header naming what it measures.
    const figureFirst =
      i === 0 &&
      cells.length > 1 &&
      columnFacts(header[0] ?? '').categories.length > 0 &&
      labelsOnlyAfter(cells);
    if (i === 0 && cells.length > 1 && !figureFirst && !(/\d/.test(cell) && LETTERS.test(cell))) continue;
    if (!cell || !mayHoldFigure(cell)) continue;
    // An uptime band in the first cell is the condition of the row, not a promise.
    if (i === 0 && afterBand(cell) !== null) continue;
    // "Below commitment, at least 99.0% | 10% | 15%": the first cell describes the band the row's
    // credits are paid in, however it is worded.
    if (i === 0 && BAND_LABEL.test(cell) && cells.some((c, k) => k > 0 && /%/.test(c))) continue;
    const columnHeader = header[i] ?? '';
    const column = columnFacts(columnHeader);
    const fallback: string[] = [];
    if (columnHeader !== '') fallback.push(columnHeader);
    if (i > 0 && rowLabel !== '') fallback.push(rowLabel);
    for (const t of headingTexts) if (t !== '') fallback.push(t);
    const input: SentenceInput = {
      text: cell,
      fallback,
      allowFallback: true,
      quote: figureFirst ? block.text : quoted.join(' | '),
      slot: `${block.table ?? 0}:${i}`,
      perFigure: true,
      columns:
        column.categories.length === 1 && categoriesIn(cell, DURATION_CATEGORIES).length === 0
          ? column.categories
          : undefined,
      qualifierParts: [cell, columnHeader, rowLabel, ...headingTexts.slice(0, 2)],
      severitySource: i > 0 ? rowSeverity : undefined,
      tier: column.tier ?? planCell ?? ctx.tier,
      scope: i > 0 ? rowScope : undefined,
    };
    if (i > 0) input.rowLabel = rowLabel;
    for (const promise of readSentence(input, ctx)) found.push({ promise, slot: input.slot });
  }
  return found;
};

/** Reads a list item or paragraph, with the label line above it when the block is only a value. */
interface BlockResult {
  found: Found[];
  claims: Claim[];
  isValue: boolean;
  /** A value line whose category nothing around it names (yet). */
  unattributed?: boolean;
}

const readBlock = (block: Block, ctx: Context): BlockResult => {
  const text = block.text;
  // Sentences inside a quoted testimonial would otherwise be read one by one, out of their quotes.
  if ((text[0] === '"' || text[0] === '“') && TESTIMONIAL.test(text))
    return { found: [], claims: [], isValue: false };
  const headingTexts = headingContext(ctx);
  const found: Found[] = [];
  const claims: Claim[] = [];
  const figures = mayHoldFigure(text) ? findFigures(text) : [];
  // Only small counts decide anything below, so counting stops past 7.
  const remainder = figures.length > 0 && text.length <= 200 ? remainderCount(text, figures, 7) : 0;
  // A value line: a figure with at most a few words around it, not a sentence of its own.
  const isValue =
    figures.length > 0 &&
    text.length <= 60 &&
    (remainder <= 1 || (remainder <= 3 && !/[.!?]["”)]?\s*$/.test(text)));
  const columns = headingTexts[0] ? categoriesIn(headingTexts[0], DURATION_CATEGORIES) : [];
  const durationCount = figures.filter((f) => f.kind === 'duration').length;
  const columnsLine = sideBySide(text, figures);
  const label = ctx.label && ctx.labelAge <= 4 ? ctx.label : null;

  // A credits table that lost its borders: "< 99.5% – ≥98.0%3", "99.0% - 99.9% availability: 10% credit".
  const rest = afterBand(text);
  if (rest !== null) {
    const context = [text, label ?? '', ...headingTexts.slice(0, 2)].join(' ');
    const creditContext = /\bcredit|refund|compensat/i.test(splitGlued(context));
    const n = bareNumber(rest);
    if (creditContext && n !== null && n > 0) {
      const figure: Figure = {
        kind: 'number',
        value: n,
        unit: null,
        start: text.length - rest.length,
        end: text.length,
        bound: 'none',
        band: false,
        incidental: false,
        alternative: false,
        notice: false,
        shareOfTime: false,
      };
      const input = sentenceInput(block, text, text, ctx, label, false, `band:${text}`);
      const promise = makePromise(input, text, 'credit_compensation', figure, 0.7);
      promise.qualifiers = { ...promise.qualifiers };
      return { found: [{ promise, slot: input.slot }], claims, isValue: true };
    }
    if (isBandOnly(text)) return { found, claims, isValue: false };
  }

  // A line of columns starts with its figures or a label; a sentence whose words lead into its first
  // figure ("are fixed within 4 hours, 7 days a week") is read as a sentence.
  const firstAt = figures[0]?.start ?? 0;
  const sentenceLike = () =>
    firstAt > 40 && LEADS_INTO_FIGURE.test(text.slice(Math.max(0, firstAt - 24), firstAt));
  if (columnsLine && (durationCount >= 2 || isValue || remainder <= 6) && !sentenceLike()) {
    const prefix = text.slice(0, figures[0]?.start ?? 0);
    const ownLabel = prefix.length <= 40 ? prefix : '';
    const input = sentenceInput(block, text, text, ctx, ownLabel || label, true, `cols:${text}`);
    // Columns named by the header line above ("Severity  First response  Restoration") win unless the
    // line names its own category.
    const ownCategories = ownLabel ? categoriesIn(ownLabel, DURATION_CATEGORIES) : [];
    if (columns.length >= 2 && columns.length === durationCount && ownCategories.length === 0)
      input.columns = columns;
    if (!ownLabel) input.text = text.slice(figures[0]?.start ?? 0);
    for (const promise of readSentence(input, ctx)) found.push({ promise, slot: `${input.slot}` });
    return { found: tagSlots(found), claims, isValue: true };
  }

  if (isValue) {
    const quote = label ? `${label} ${text}` : text;
    const input = sentenceInput(
      block,
      text,
      quote,
      ctx,
      label,
      false,
      label ? `run:${label}:${ctx.slotInRun}` : `s:${ctx.section}`,
    );
    const ownScope = inlineLabel(text.slice(0, figures[0]?.start ?? 0));
    if (ownScope) input.scope = ownScope;
    for (const promise of readSentence(input, ctx)) found.push({ promise, slot: input.slot });
    if (found.length > 0) return { found, claims, isValue: true };
    if (figures.some((f) => f.kind === 'duration'))
      return { found, claims, isValue: true, unattributed: true };
  }

  if (figures.length === 0 && !CLAIM_HINT.test(text)) return { found, claims, isValue: false };
  const listLike =
    block.kind === 'item' ||
    block.kind === 'heading' ||
    (text.length <= 100 && !/[.!?]["”)]?\s*$/.test(text));
  // A credit band on the line above belongs to the figure below it ("98.9% and below" / "100% credit").
  const bandLabel = label && isBandOnly(label) ? label : null;
  // Each clause is read on its own; the quote is its whole sentence, the evidence a reader checks.
  for (const { clause: sentence, sentence: whole } of splitClauses(text)) {
    // A clause without a figure can only be a claim: no need to build its context.
    if (!mayHoldFigure(sentence)) {
      claims.push(...readClaims(sentence));
      continue;
    }
    const quote = bandLabel ? `${bandLabel} ${whole}` : whole;
    const input = sentenceInput(block, sentence, quote, ctx, listLike ? label : null, false, '');
    input.allowFallback = listLike;
    const promises = readSentence(input, ctx);
    // The same figure under another heading ("Network" then "Power") is another promise; a repeat
    // is the same promise stated again in the same section.
    for (const promise of promises) found.push({ promise, slot: `s:${ctx.section}` });
    if (promises.length === 0 && !/\d/.test(sentence)) claims.push(...readClaims(sentence));
  }
  return { found, claims, isValue: false };
};

const tagSlots = (found: Found[]): Found[] =>
  found.map((f, i) => ({ promise: f.promise, slot: `${f.slot}:${i}` }));

const sentenceInput = (
  block: Block,
  text: string,
  quote: string,
  ctx: Context,
  label: string | null,
  perFigure: boolean,
  slot: string,
): SentenceInput => {
  const headingTexts = headingContext(ctx);
  const fallback = [label ?? '', ...headingTexts].filter((t) => t !== '');
  const severitySource =
    label && label.length <= 40 && SEVERITY.test(label) ? label : headingSeverity(headingTexts);
  return {
    text,
    fallback,
    allowFallback: true,
    quote,
    slot,
    perFigure,
    qualifierParts: [text, label ?? '', ...headingTexts.slice(0, 2)],
    severitySource: block.kind === 'heading' ? undefined : severitySource,
    tier: ctx.tier,
    scope:
      label &&
      !SEVERITY.test(label) &&
      label.length <= 60 &&
      !/\d/.test(label) &&
      !HEADER_IS_METRIC.test(label)
        ? label.replace(/[\s|:–-]+$/, '')
        : undefined,
  };
};

const severityCache = new WeakMap<string[], string | undefined>();

/** The severity the two nearest headings name, computed once per heading context. */
const headingSeverity = (headingTexts: string[]): string | undefined => {
  if (severityCache.has(headingTexts)) return severityCache.get(headingTexts);
  const found = headingTexts.slice(0, 2).find((t) => t.length <= 40 && SEVERITY.test(t));
  severityCache.set(headingTexts, found);
  return found;
};

const updateTopic = (ctx: Context, text: string): void => {
  if (!/tim|targ|goal|wind/i.test(text)) return;
  const m = TOPIC.exec(text);
  if (!m?.[1]) return;
  const word = m[1].toLowerCase();
  ctx.topic =
    word === 'response'
      ? 'response_time'
      : word === 'resolution'
        ? 'resolution_time'
        : word === 'refund'
          ? 'refund_guarantee'
          : 'delivery_time';
};

/** A short line without a figure that names what the next lines measure. */
const isLabel = (block: Block): boolean =>
  block.text.length <= 80 &&
  !/[.!?]["”)]?\s*$/.test(block.text) &&
  (!/\d/.test(block.text) || isBandOnly(block.text));

/** What the rules say of one block's figure: a promise, and the block it was read from. */
export interface RuleVerdict {
  block: number;
  promise: ExtractedPromise;
}

/** Runs the rules over a document's blocks. */
export const extractFromBlocks = (blocks: Block[], source: string): ExtractionResult =>
  readByRules(blocks, source).result;

/**
 * Runs the rules over a document's blocks and also returns every promise they read, repeats
 * included, with the block it came from: the learned layer's weak labels.
 */
export const readByRules = (
  blocks: Block[],
  source: string,
  options: { keepFigureCache?: boolean } = {},
): { result: ExtractionResult; verdicts: RuleVerdict[] } => {
  // The figure cache holds only this document's texts when the caller has just emptied it.
  if (!options.keepFigureCache) clearFigureCache();
  clearVerdictCaches();
  columnCache.clear();
  const ctx: Context = {
    headings: [],
    topic: null,
    label: null,
    labelAge: 0,
    slotInRun: 0,
    section: 0,
    tier: undefined,
    headingTexts: [],
  };
  const found: Found[] = [];
  const claims: Claim[] = [];
  // Value lines of one section whose category nothing names wait for a sibling that names one:
  // rows of one table share their column's meaning.
  let pending: { block: Block; label: string | null; at: number; index: number }[] = [];
  const settlePending = (category: Category) => {
    const saved = { topic: ctx.topic, label: ctx.label, labelAge: ctx.labelAge };
    for (const p of pending) {
      ctx.topic = category;
      ctx.label = p.label;
      ctx.labelAge = 0;
      const result = readBlock(p.block, ctx);
      found.splice(p.at, 0, ...result.found.map((f) => ({ ...f, block: p.index })));
    }
    Object.assign(ctx, saved);
    pending = [];
  };
  for (const [index, block] of blocks.entries()) {
    // Each block's findings are new objects (readBlock and readRow build them per call): they are
    // tagged with their block in place.
    const tag = (list: Found[]): Found[] => {
      for (const f of list) f.block = index;
      return list;
    };
    if (block.kind === 'row') {
      found.push(...tag(readRow(block, ctx)));
      ctx.label = null;
      continue;
    }
    if (block.kind === 'heading') {
      const level = block.level ?? 2;
      while ((ctx.headings[ctx.headings.length - 1]?.level ?? 0) >= level) ctx.headings.pop();
      ctx.headingTexts = [...ctx.headings].reverse().map((h) => h.text);
      const result = readBlock(block, ctx);
      found.push(...tag(result.found));
      claims.push(...result.claims);
      ctx.headings.push({ level, text: block.text });
      ctx.section++;
      if (ctx.headings.length > 12) ctx.headings.shift();
      ctx.tier = tierFromHeadings(ctx);
      ctx.headingTexts = [...ctx.headings].reverse().map((h) => h.text);
      updateTopic(ctx, block.text);
      ctx.label = result.found.length === 0 && block.text.length <= 80 ? block.text : null;
      ctx.labelAge = 0;
      ctx.slotInRun = 0;
      continue;
    }
    const result = readBlock(block, ctx);
    if (result.unattributed && ctx.label && ctx.labelAge <= 4)
      pending.push({ block, label: ctx.label, at: found.length, index });
    const named = result.isValue ? result.found[0]?.promise.category : undefined;
    if (named && pending.length > 0) settlePending(named);
    found.push(...tag(result.found));
    claims.push(...result.claims);
    if (result.isValue) {
      ctx.labelAge++;
      ctx.slotInRun++;
    } else if (result.found.length === 0 && isLabel(block)) {
      ctx.label = block.text;
      ctx.labelAge = 0;
      ctx.slotInRun = 0;
    } else {
      ctx.label = null;
      pending = [];
      // A line that announces what follows ("the following response times:") sets the topic.
      if (
        result.found.length === 0 &&
        /\b(?:following|below|as follows|these|table)\b|:\s*$/i.test(block.text)
      ) {
        updateTopic(ctx, block.text);
      }
    }
  }
  // The first of the leading blocks that states a scope, read by the first rule that finds one.
  let documentTier: string | undefined;
  for (const b of blocks.slice(0, DOCUMENT_TIER_BLOCKS)) {
    for (const re of DOCUMENT_TIER_RULES) {
      documentTier = re.exec(b.text)?.[1] || undefined;
      if (documentTier) break;
    }
    if (documentTier) break;
  }
  if (documentTier) {
    for (const f of found) {
      if (!f.promise.qualifiers.tier) f.promise.qualifiers = { ...f.promise.qualifiers, tier: documentTier };
    }
  }
  const verdicts = found.map((f) => ({ block: f.block ?? -1, promise: f.promise }));
  return { result: { source, promises: dedupe(found), claims: dedupeClaims(claims) }, verdicts };
};

const identifying = (p: ExtractedPromise): string => {
  const q = p.qualifiers;
  return `${p.category}|${p.metric}|${q.tier ?? ''}|${q.severity ?? ''}|${q.channel ?? ''}|${q.scope ?? ''}|${q.region ?? ''}|${q.condition ?? ''}`;
};

/** Drops repeats of a promise within one document, keeping the first statement of it. */
const dedupe = (found: Found[]): ExtractedPromise[] => {
  const seen = new Set<string>();
  const out: ExtractedPromise[] = [];
  for (const { promise, slot } of found) {
    const key = `${identifying(promise)}#${promise.operator}${promise.threshold}${promise.unit}#${slot}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(promise);
  }
  return out;
};

const dedupeClaims = (claims: Claim[]): Claim[] => {
  const seen = new Set<string>();
  return claims.filter((c) => {
    if (seen.has(c.quote)) return false;
    seen.add(c.quote);
    return true;
  });
};
