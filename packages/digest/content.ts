// The digest's facts, as one structure both renderers read: which promises are broken, at risk, doubted
// by customers or unmeasured, what changed on the site, and the rules behind the figures. Every figure
// comes from the verdicts given; where one is missing the sentence says "not known".

import type { Claim, PromiseChange, Verdict, VerdictStatus, Window } from '../core/index.ts';
import type { GapSignals } from '../policy/index.ts';
import { DigestInputError } from './errors.ts';
import { describeVerdict, trendWords, type UptimeFacts } from './figures.ts';
import {
  formatDate,
  formatInt,
  formatQuantity,
  formatShare,
  NOT_KNOWN,
  periodLabel,
  promisedPhrase,
  truncate,
  windowDates,
  windowLabel,
} from './format.ts';
import { type Rewording, rewordPromise } from './rewording.ts';
import { type SignalsModel, signalsModel } from './signals.ts';

/**
 * A verdict as the digest reads it: the published shape (`rulesVersion`, see core's verdict-shape),
 * or a stored verdict that still carries its rules text. Both have every field the digest uses.
 */
export type DigestVerdict = Omit<Verdict, 'rules'> & { rulesVersion?: string; rules?: string };

export interface DigestInput {
  company: string;
  window: Window;
  verdicts: DigestVerdict[];
  previous: DigestVerdict[];
  /** Up to the last 8 windows per promise (any order), for the sparklines. */
  history?: Map<string, DigestVerdict[]>;
  changes: PromiseChange[];
  claims: { sourceUrl: string; claims: Claim[] }[];
  calendarDescription: string;
  /** The accounting rules' full text; the email carries a summary and links to it. */
  rules: string;
  /** The version the verdicts name (`rulesVersion`), shown beside the link. */
  rulesVersion?: string;
  perceptionGapRule: string;
  minSamples: number;
  /** at_risk when kept but more than this share of the error budget is spent (for the rules summary). */
  atRiskBudgetSpent?: number;
  /** Mean opening hours of a business day, to word figures in business days. */
  businessDayHours?: number;
  /** The dashboard's address (`digest.dashboardUrl`): every item links to its page there. */
  dashboardUrl?: string;
  /** Put in front of the subject, e.g. "[promisegap]". */
  subjectPrefix?: string;
  /** What the promise register knows beside the verdicts (see RegisterFacts). */
  register?: RegisterFacts;
  /** The policy gap and the vague claims held to evidence (packages/policy gatherGapSignals). */
  signals?: GapSignals;
}

/** The register's facts for a digest: where else each commitment is stated, who owns which gap. */
export interface RegisterFacts {
  /** Commitment id → the other pages that state it. */
  alsoOn: Map<string, string[]>;
  /** Commitment id → the acknowledgement in force on the digest's day. */
  acknowledged: Map<string, { note: string; until: string; by: string }>;
  /** Two pages stating different figures for the same thing. */
  contradictions: { sentence: string; commitmentIds: string[]; quotes: { url: string; quote: string }[] }[];
  /** Commitments waiting for review, when only reviewed ones are graded. */
  reviewQueue?: number;
}

export interface AcknowledgedItem extends PromiseItem {
  acknowledgement: { note: string; until: string; by: string };
}

export interface DigestCounts {
  total: number;
  broken: number;
  atRisk: number;
  kept: number;
  noData: number;
  perceptionGaps: number;
  unmeasured: number;
  claims: number;
  added: number;
  changed: number;
  removed: number;
  /** Broken or at-risk commitments someone acknowledged: listed, not counted as news. */
  acknowledged: number;
  contradictions: number;
}

export interface HistoryPoint {
  windowId: string;
  label: string;
  attainment: number | null;
  status: VerdictStatus | null;
}

export interface PromiseItem {
  promiseId: string;
  status: VerdictStatus;
  quote: string;
  sourceUrl: string;
  seenAt: string;
  /** "Promised within 1 hour; 78% of 1,204 Pro tickets answered within 1 hour; median 38 min, p90 2.4 h" */
  sentence: string;
  /** The parts of `sentence`: what was promised, what was measured, the spread. */
  promised: string;
  delivered: string | null;
  spread: string | null;
  /** Set when the data measured less than the promise covers (dispatch for an arrival promise). */
  measuredNote: string | null;
  uptime: UptimeFacts | null;
  /** The promise's page on the dashboard, with its history and all its evidence. */
  detailUrl: string | null;
  /** Other statements of the same promise, graded on the same figures (other pages, other words). */
  statedAs: { quote: string; sourceUrl: string }[];
  /** The measured series (delivery.series), empty when none. */
  series: string[];
  attainment: number | null;
  target: number | null;
  /** Target minus attainment, in points; what broken promises are ranked by. */
  gap: number | null;
  /** "78% within the promise · target 95%", the bar's caption. */
  shareLine: string | null;
  trend: string;
  streak: string | null;
  history: HistoryPoint[];
  /** "Last 8 weeks: W40 91%, W41 88%, …", the sparkline's figures. */
  historyLine: string | null;
  /** Other pages that state the same promise with the same figures. */
  alsoOn: string[];
  complaints: string | null;
  /** How many matched complaints allege a breach: an unmeasured card is coloured as an alarm only then. */
  allegingBreach?: number;
  quotes: { quote: string; at: string }[];
  /** The matched surveys in one sentence (CSAT, NPS, trend, floor), null when none matched. */
  surveys: string | null;
  budget: string | null;
  note: string | null;
  rewording: Rewording | null;
}

export interface ChangeItem {
  kind: PromiseChange['kind'];
  sourceUrl: string;
  quote: string;
  beforeQuote: string | null;
  /** "within 1 hour" for an added or removed promise; "1 hour → 4 hours" for a changed one. */
  detail: string;
}

export interface ClaimItem {
  sourceUrl: string;
  quote: string;
  reason: string;
  alsoOn: string[];
}

/** A period (month, quarter, year) that ended in the week, graded whole: its closing verdict. */
export interface ClosedPeriodItem {
  quote: string;
  sourceUrl: string;
  status: VerdictStatus;
  /** "March: 99.87%, promise 99.9%: broken". */
  line: string;
}

const CLOSING_WORDS: Record<VerdictStatus, string> = {
  breached: 'broken',
  at_risk: 'kept, at risk',
  kept: 'kept',
  no_data: 'not measured',
};

/** The closing verdicts the week's verdicts carry, one line per promise and period. */
const closedPeriods = (verdicts: Omit<Verdict, 'rules'>[]): ClosedPeriodItem[] => {
  const seen = new Set<string>();
  const out: ClosedPeriodItem[] = [];
  for (const v of verdicts) {
    for (const c of v.closing ?? []) {
      const figures =
        c.attainment !== null && c.target !== null
          ? `${Number((Math.floor(c.attainment * 100) / 100).toFixed(2))}%, promise ${Number(c.target.toFixed(3))}%`
          : c.reason.split(';')[0];
      const line = `${periodLabel(c.window.id)}: ${figures}: ${CLOSING_WORDS[c.status]}`;
      const key = `${v.promise.quote}|${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ quote: v.promise.quote, sourceUrl: v.promise.sourceUrl, status: c.status, line });
    }
  }
  return out;
};

export interface DigestModel {
  company: string;
  dashboardUrl: string | null;
  /** Three lines that say how figures are graded, and where the full rules are. */
  rulesSummary: string[];
  rulesUrl: string | null;
  rulesVersion: string | null;
  windowId: string;
  windowLabel: string;
  windowDates: string;
  headline: string;
  subject: string;
  counts: DigestCounts;
  /** Closing verdicts of the periods that ended in this week (empty in most weeks). */
  closed: ClosedPeriodItem[];
  broken: PromiseItem[];
  atRisk: PromiseItem[];
  perceptionGaps: PromiseItem[];
  unmeasured: { items: PromiseItem[]; more: number };
  changes: { items: ChangeItem[]; more: number };
  claims: { items: ClaimItem[]; more: number };
  acknowledged: AcknowledgedItem[];
  contradictions: { sentence: string; quotes: { url: string; quote: string }[] }[];
  /** How many commitments wait for review (only when review is required), else null. */
  reviewQueue: number | null;
  /** The help desk's own targets against the promises, and the claims the evidence contradicts. */
  signals: SignalsModel | null;
  footer: { label: string; value: string }[];
}

const HISTORY_LENGTH = 8;
const QUOTES_PER_PROMISE = 2;
const QUOTE_LENGTH = 240;
const MAX_CHANGES = 25;
const MAX_CLAIMS = 20;
const MAX_UNMEASURED = 15;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const validate = (input: DigestInput): void => {
  if (typeof input.company !== 'string' || input.company.trim() === '') {
    throw new DigestInputError('company', 'must be a non-empty string');
  }
  if (!input.window || typeof input.window.id !== 'string' || input.window.id === '') {
    throw new DigestInputError('window', 'must have an id, a start and an end');
  }
  if (!Number.isInteger(input.minSamples) || input.minSamples < 1) {
    throw new DigestInputError('minSamples', `must be a positive integer, got ${String(input.minSamples)}`);
  }
  input.verdicts.forEach((v, i) => {
    if (v.window?.id !== input.window.id) {
      throw new DigestInputError(
        `verdicts[${i}].window.id`,
        `is "${String(v.window?.id)}", expected "${input.window.id}" (one digest covers one window)`,
      );
    }
    if (!v.promise || typeof v.promise.quote !== 'string') {
      throw new DigestInputError(`verdicts[${i}].promise`, 'is missing its quote');
    }
  });
};

/** A control character in a subject would split the mail header; keep it one line. */
const oneLine = (text: string): string => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

const DURATION_WORD = /\b(minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b/i;

/** The quotes a reader learns most from: concrete ones (a number, a duration) first, then newer. */
export const pickQuotes = (
  quotes: { id: string; at: string; quote: string }[],
  count = QUOTES_PER_PROMISE,
): { quote: string; at: string }[] => {
  const seen = new Set<string>();
  return quotes
    .filter((q) => typeof q.quote === 'string' && q.quote.trim() !== '')
    .map((q, index) => {
      const text = q.quote.replace(/\s+/g, ' ').trim();
      const score =
        (/\d/.test(text) ? 3 : 0) + (DURATION_WORD.test(text) ? 2 : 0) + (text.length >= 40 ? 1 : 0);
      return { text, at: q.at, score, index };
    })
    .sort((a, b) => b.score - a.score || (b.at > a.at ? 1 : b.at < a.at ? -1 : 0) || a.index - b.index)
    .filter((q) => {
      const key = q.text.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, count)
    .map((q) => ({ quote: truncate(q.text, QUOTE_LENGTH), at: q.at }));
};

const historyPoints = (
  v: DigestVerdict,
  previous: DigestVerdict | undefined,
  history: DigestVerdict[],
): HistoryPoint[] => {
  const byWindow = new Map<string, DigestVerdict>();
  for (const h of [...history, ...(previous ? [previous] : []), v]) {
    if (h?.window?.id && h.window.start <= v.window.start) byWindow.set(h.window.id, h);
  }
  return [...byWindow.values()]
    .sort((a, b) => (a.window.start < b.window.start ? -1 : a.window.start > b.window.start ? 1 : 0))
    .slice(-HISTORY_LENGTH)
    .map((h) => ({
      windowId: h.window.id,
      label: /-W(\d{2})$/.exec(h.window.id)?.[1]
        ? `W${Number(/-W(\d{2})$/.exec(h.window.id)?.[1])}`
        : h.window.id,
      attainment:
        h.delivery && h.delivery.samples > 0 && isFiniteNumber(h.delivery.attainment)
          ? h.delivery.attainment
          : null,
      status: h.status,
    }));
};

const historyLine = (points: HistoryPoint[], target: number | null, extraDigits: number): string =>
  `Last ${points.length} ${points.every((p) => /^W\d+$/.test(p.label)) ? 'weeks' : 'windows'}: ${points
    .map(
      (p) =>
        `${p.label} ${p.attainment === null ? NOT_KNOWN : formatShare(p.attainment, target, extraDigits)}`,
    )
    .join(', ')}`;

/**
 * One entry for a promise stated several times and graded on the same figures: the same words on
 * several pages (a page reachable as / and /index.html, a plan table repeated) or other words with the
 * same meaning and measurements. The first statement leads; the others are listed under it.
 */
const mergeSamePromise = (items: PromiseItem[], committed = false): PromiseItem[] => {
  const byKey = new Map<string, PromiseItem>();
  const norm = (q: string) => q.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const item of items) {
    // Measured promises merge on their figures (same series, same counts); unmeasured ones only on
    // their words, since "no metric" says nothing about whether two statements mean the same.
    // With the register, one item is one commitment: only a commitment's own repeats (the same
    // words, several pages) fold into it; other commitments graded alike stay apart, so the digest
    // counts what /v1/gaps and the API count.
    const key = committed
      ? `${item.promiseId}\u0000${norm(item.quote)}`
      : item.status === 'no_data' || item.series.length === 0
        ? `${item.status}\u0000${norm(item.quote)}\u0000${item.sentence}`
        : `${item.status}\u0000${item.series.join('|')}\u0000${item.sentence}`;
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, { ...item, alsoOn: [...item.alsoOn], statedAs: [...item.statedAs] });
    } else if (norm(first.quote) === norm(item.quote)) {
      if (first.sourceUrl !== item.sourceUrl && !first.alsoOn.includes(item.sourceUrl))
        first.alsoOn.push(item.sourceUrl);
    } else if (!first.statedAs.some((s) => norm(s.quote) === norm(item.quote))) {
      first.statedAs.push({ quote: item.quote, sourceUrl: item.sourceUrl });
    }
  }
  return [...byKey.values()];
};

const STATUS_WORDS: Record<VerdictStatus, string> = {
  kept: 'kept',
  at_risk: 'at risk',
  breached: 'broken',
  no_data: 'not measured',
};

const trendSentence = (
  v: DigestVerdict,
  previous: DigestVerdict | undefined,
  periodWord: string,
  extraDigits: number,
): string => {
  const target = v.delivery && isFiniteNumber(v.delivery.target) ? v.delivery.target : null;
  const attainment =
    v.delivery && v.delivery.samples > 0 && isFiniteNumber(v.delivery.attainment)
      ? v.delivery.attainment
      : null;
  const prevFromVerdict =
    previous?.delivery && previous.delivery.samples > 0 ? previous.delivery.attainment : null;
  const previousAttainment = isFiniteNumber(v.trend?.previousAttainment)
    ? v.trend.previousAttainment
    : isFiniteNumber(prevFromVerdict)
      ? prevFromVerdict
      : null;
  return trendWords(attainment, previousAttainment, target, periodWord, extraDigits);
};

const streakSentence = (
  points: HistoryPoint[],
  previous: DigestVerdict | undefined,
  periodWord: string,
): string | null => {
  let run = 0;
  for (let i = points.length - 1; i >= 0 && points[i]?.status === 'breached'; i -= 1) run += 1;
  if (run >= 2) return `broken ${run} ${periodWord}s running`;
  const before = previous?.status ?? points[points.length - 2]?.status ?? null;
  if (run === 1 && before && before !== 'breached')
    return `newly broken: ${STATUS_WORDS[before]} last ${periodWord}`;
  return null;
};

const complaintsSentence = (v: DigestVerdict): string | null => {
  const c = v.complaints;
  if (!c) return null;
  if (c.matched <= 0) return `no matching complaints this window`;
  // Support leads read themes before quotes: the top phrases of the complaints linked to this promise.
  const themes = (c.themes ?? []).slice(0, 3).map((t) => `${t.phrase} (${formatInt(t.complaints)})`);
  return `${formatInt(c.allegingBreach)} of ${formatInt(c.matched)} matching complaints allege a breach${themes.length ? `; themes: ${themes.join(', ')}` : ''}`;
};

interface ItemContext {
  minSamples: number;
  periodWord: string;
  businessDayHours: number | undefined;
  detailUrl: (promiseId: string) => string | null;
}

const toItem = (
  v: DigestVerdict,
  previous: DigestVerdict | undefined,
  history: DigestVerdict[],
  ctx: ItemContext,
): PromiseItem => {
  const d = v.delivery ?? null;
  const attainment = d && d.samples > 0 && isFiniteNumber(d.attainment) ? d.attainment : null;
  const target = d && isFiniteNumber(d.target) ? d.target : null;
  const points = historyPoints(v, previous, history);
  const facts = describeVerdict(v, ctx.minSamples);
  const hedge = v.promise.qualifiers?.hedge ? ` (“${v.promise.qualifiers.hedge}”)` : '';
  const promisedPart = `Promised ${facts.promised}${hedge}`;
  const sentence = !d
    ? promisedPart
    : d.samples <= 0
      ? `${promisedPart}; no measurements this window`
      : [promisedPart, facts.delivered, facts.spread].filter(Boolean).join('; ');
  const upperFacts = facts.uptime;
  return {
    promiseId: v.promiseId,
    status: v.status,
    quote: v.promise.quote,
    sourceUrl: v.promise.sourceUrl,
    seenAt: v.promise.seenAt,
    sentence,
    promised: facts.promised,
    delivered: facts.delivered,
    spread: facts.spread,
    measuredNote: facts.measuredNote,
    uptime: upperFacts,
    detailUrl: ctx.detailUrl(v.promiseId),
    statedAs: [],
    series: d ? [...d.series].sort() : [],
    attainment,
    target,
    gap: attainment !== null && target !== null ? target - attainment : null,
    shareLine:
      attainment === null
        ? null
        : upperFacts
          ? `${upperFacts.uptime} uptime in ${upperFacts.period} · promised ${upperFacts.promised}`
          : `${formatShare(attainment, target)} within the promise${target === null ? '' : ` · target ${formatShare(target)}`}`,
    trend: trendSentence(v, previous, ctx.periodWord, upperFacts ? 1 : 0),
    streak: v.status === 'breached' ? streakSentence(points, previous, ctx.periodWord) : null,
    history: points,
    historyLine: points.length >= 2 ? historyLine(points, target, upperFacts ? 1 : 0) : null,
    alsoOn: [],
    complaints: v.status === 'no_data' && !v.complaints?.matched ? null : complaintsSentence(v),
    allegingBreach: v.complaints?.allegingBreach ?? 0,
    quotes: pickQuotes(v.complaints?.quotes ?? []),
    surveys: v.surveys ? v.surveys.summary : null,
    // Uptime states its budget in minutes on every card; other promises when it matters.
    budget:
      upperFacts && v.status !== 'no_data'
        ? upperFacts.budgetLine
        : v.status === 'at_risk' || v.status === 'breached'
          ? facts.budget
          : null,
    note: v.status === 'no_data' ? noDataNote(v, ctx.minSamples) : null,
    rewording:
      v.status === 'breached'
        ? rewordPromise(v, { ...(ctx.businessDayHours ? { businessDayHours: ctx.businessDayHours } : {}) })
        : null,
  };
};

const noDataNote = (v: DigestVerdict, minSamples: number): string => {
  if (!v.delivery) return 'no metric backs this promise: nobody can tell whether it is kept';
  if (v.delivery.samples < minSamples) {
    return `only ${formatInt(v.delivery.samples)} measurements this window; at least ${formatInt(minSamples)} are needed to judge`;
  }
  return v.reason ? truncate(v.reason, 200) : 'not judged this window';
};

const byQuote = (a: PromiseItem, b: PromiseItem) => (a.quote < b.quote ? -1 : a.quote > b.quote ? 1 : 0);

/** Worst first: the biggest gap between target and attainment, then the longest tail past the promise. */
const rankBroken = (a: PromiseItem, b: PromiseItem, verdicts: Map<string, DigestVerdict>): number => {
  const gapA = a.gap ?? Number.NEGATIVE_INFINITY;
  const gapB = b.gap ?? Number.NEGATIVE_INFINITY;
  if (gapA !== gapB) return gapB - gapA;
  const overshoot = (item: PromiseItem) => {
    const v = verdicts.get(item.promiseId);
    const p90 = v?.delivery?.p90;
    const threshold = v?.promise.threshold;
    return isFiniteNumber(p90) && isFiniteNumber(threshold) && threshold > 0 ? p90 / threshold : 0;
  };
  return overshoot(b) - overshoot(a) || byQuote(a, b);
};

const changeItem = (c: PromiseChange): ChangeItem => {
  switch (c.kind) {
    case 'added':
    case 'removed':
      return {
        kind: c.kind,
        sourceUrl: c.promise.sourceUrl,
        quote: c.promise.quote,
        beforeQuote: null,
        detail: promisedPhrase(c.promise.operator, c.promise.threshold, c.promise.unit),
      };
    case 'changed': {
      const from = formatQuantity(c.before.threshold, c.before.unit);
      const to = formatQuantity(c.after.threshold, c.after.unit);
      return {
        kind: 'changed',
        sourceUrl: c.promise.sourceUrl,
        quote: c.after.quote,
        beforeQuote: c.before.quote,
        detail: from === to ? `wording changed, figure still ${to}` : `“${from}” → “${to}”`,
      };
    }
  }
};

const headlineFor = (counts: DigestCounts): string => {
  const promises = (n: number) => `${n} ${n === 1 ? 'promise' : 'promises'}`;
  const parts: string[] = [];
  if (counts.broken > 0) parts.push(`${promises(counts.broken)} broken`);
  if (counts.atRisk > 0)
    parts.push(counts.broken > 0 ? `${counts.atRisk} at risk` : `${promises(counts.atRisk)} at risk`);
  if (counts.perceptionGaps > 0) {
    parts.push(
      `${counts.perceptionGaps} ${counts.perceptionGaps === 1 ? 'perception gap' : 'perception gaps'}`,
    );
  }
  if (parts.length > 0 && counts.acknowledged > 0) parts.push(`${counts.acknowledged} acknowledged`);
  if (parts.length > 0) return parts.join(', ');
  if (counts.acknowledged > 0) return `No new broken promises: ${promises(counts.acknowledged)} acknowledged`;
  if (counts.kept > 0) return `No promises broken: ${promises(counts.kept)} kept`;
  if (counts.total > 0) return `No promise could be judged: ${promises(counts.total)} not measured`;
  return 'No promises evaluated';
};

/** Only an http(s) dashboard address is linked; a trailing slash is dropped. */
const dashboardBase = (url: string | undefined): string | null => {
  if (typeof url !== 'string' || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href.replace(/\/+$/, '');
};

/** The rules in three lines; the full text is one link away (on the dashboard) and in docs/. */
const rulesSummary = (input: DigestInput): string[] => [
  'Each promise is held to the share of cases it states (every case when it states none), per ISO week; a monthly promise is graded on the month to date, uptime on its downtime budget.',
  `Business hours and business days count opening hours only: ${input.calendarDescription || NOT_KNOWN}.`,
  `At risk: kept, but ${input.atRiskBudgetSpent === undefined ? 'most' : `more than ${input.atRiskBudgetSpent}%`} of the error budget spent or a decline that would miss next week; fewer than ${formatInt(input.minSamples)} measurements is reported as not measured.`,
];

export const buildDigestModel = (input: DigestInput): DigestModel => {
  validate(input);
  const periodWord = /-W\d{2}$/.test(input.window.id) ? 'week' : 'period';
  const previousById = new Map(input.previous.map((v) => [v.promiseId, v]));
  const verdictById = new Map(input.verdicts.map((v) => [v.promiseId, v]));
  const register = input.register;
  const base = dashboardBase(input.dashboardUrl);
  const ctx: ItemContext = {
    minSamples: input.minSamples,
    periodWord,
    businessDayHours: input.businessDayHours,
    detailUrl: (id) =>
      base
        ? `${base}/promises/${encodeURIComponent(id)}?window=${encodeURIComponent(input.window.id)}`
        : null,
  };
  const allItems = input.verdicts.map((v) => {
    const item = toItem(v, previousById.get(v.promiseId), input.history?.get(v.promiseId) ?? [], ctx);
    const others = register?.alsoOn.get(v.promiseId);
    return others?.length ? { ...item, alsoOn: [...new Set([...item.alsoOn, ...others])] } : item;
  });
  // An acknowledged gap is owned: listed with its note, not as news, while it stays broken or at risk.
  const acknowledged: AcknowledgedItem[] = allItems.flatMap((item) => {
    const ack = register?.acknowledged.get(item.promiseId);
    return ack && (item.status === 'breached' || item.status === 'at_risk')
      ? [{ ...item, acknowledgement: ack }]
      : [];
  });
  const acknowledgedIds = new Set(acknowledged.map((a) => a.promiseId));
  const items = allItems.filter((i) => !acknowledgedIds.has(i.promiseId));
  const perceptionIds = new Set(
    input.verdicts
      .filter((v) => v.complaints?.perceptionGap && (v.status === 'kept' || v.status === 'at_risk'))
      .map((v) => v.promiseId),
  );
  const broken = mergeSamePromise(
    items.filter((i) => i.status === 'breached'),
    register !== undefined,
  ).sort((a, b) => rankBroken(a, b, verdictById));
  const atRisk = mergeSamePromise(
    items.filter((i) => i.status === 'at_risk'),
    register !== undefined,
  ).sort((a, b) => {
    const left = (i: PromiseItem) => verdictById.get(i.promiseId)?.delivery?.errorBudgetLeft ?? 0;
    return left(a) - left(b) || byQuote(a, b);
  });
  const perceptionGaps = mergeSamePromise(
    items.filter((i) => perceptionIds.has(i.promiseId)),
    register !== undefined,
  ).sort((a, b) => {
    const share = (i: PromiseItem) => {
      const c = verdictById.get(i.promiseId)?.complaints;
      return c && c.matched > 0 ? c.allegingBreach / c.matched : 0;
    };
    return share(b) - share(a) || byQuote(a, b);
  });
  const unmeasuredAll = mergeSamePromise(
    items.filter((i) => i.status === 'no_data'),
    register !== undefined,
  ).sort(byQuote);

  const changeItems = input.changes.map(changeItem);
  const claimsByQuote = new Map<string, ClaimItem>();
  for (const group of input.claims) {
    for (const claim of group.claims) {
      const key = claim.quote.replace(/\s+/g, ' ').trim().toLowerCase();
      const first = claimsByQuote.get(key);
      if (!first) {
        claimsByQuote.set(key, {
          sourceUrl: group.sourceUrl,
          quote: truncate(claim.quote, QUOTE_LENGTH),
          reason: claim.reason,
          alsoOn: [],
        });
      } else if (first.sourceUrl !== group.sourceUrl && !first.alsoOn.includes(group.sourceUrl)) {
        first.alsoOn.push(group.sourceUrl);
      }
    }
  }
  const claimItems = [...claimsByQuote.values()];

  const kept = mergeSamePromise(
    items.filter((i) => i.status === 'kept'),
    register !== undefined,
  );
  // Counted as the reader sees them: a promise stated on several pages counts once.
  const counts: DigestCounts = {
    total: broken.length + atRisk.length + kept.length + unmeasuredAll.length,
    broken: broken.length,
    atRisk: atRisk.length,
    kept: kept.length,
    noData: unmeasuredAll.length,
    perceptionGaps: perceptionGaps.length,
    unmeasured: unmeasuredAll.filter((i) => !verdictById.get(i.promiseId)?.delivery).length,
    claims: claimItems.length,
    added: changeItems.filter((c) => c.kind === 'added').length,
    changed: changeItems.filter((c) => c.kind === 'changed').length,
    removed: changeItems.filter((c) => c.kind === 'removed').length,
    acknowledged: acknowledged.length,
    contradictions: register?.contradictions.length ?? 0,
  };
  const label = windowLabel(input.window.id);
  const headline = headlineFor(counts);
  const prefix = input.subjectPrefix ? `${input.subjectPrefix.trim()} ` : '';
  const subject = oneLine(`${prefix}${input.company.trim()}: ${headline} — ${label}`);
  const evaluatedAt = input.verdicts
    .map((v) => v.evaluatedAt)
    .filter((a): a is string => typeof a === 'string')
    .sort()
    .at(-1);
  const kindOrder = { added: 0, changed: 1, removed: 2 } as const;
  const sortedChanges = [...changeItems].sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]);

  const rulesVersion =
    input.rulesVersion ??
    input.verdicts.find((v) => typeof v.rulesVersion === 'string')?.rulesVersion ??
    null;
  return {
    company: input.company.trim(),
    dashboardUrl: base ? `${base}/?window=${encodeURIComponent(input.window.id)}` : null,
    rulesSummary: rulesSummary(input),
    rulesUrl: base
      ? `${base}/rules${rulesVersion ? `?version=${encodeURIComponent(rulesVersion)}` : ''}`
      : null,
    rulesVersion,
    windowId: input.window.id,
    windowLabel: label,
    windowDates: windowDates(input.window.start, input.window.end, input.window.timeZone),
    closed: closedPeriods(input.verdicts),
    headline,
    subject,
    counts,
    broken,
    atRisk,
    perceptionGaps,
    unmeasured: {
      items: unmeasuredAll.slice(0, MAX_UNMEASURED),
      more: Math.max(0, unmeasuredAll.length - MAX_UNMEASURED),
    },
    changes: {
      items: sortedChanges.slice(0, MAX_CHANGES),
      more: Math.max(0, sortedChanges.length - MAX_CHANGES),
    },
    claims: { items: claimItems.slice(0, MAX_CLAIMS), more: Math.max(0, claimItems.length - MAX_CLAIMS) },
    acknowledged,
    contradictions: (register?.contradictions ?? []).map((c) => ({ sentence: c.sentence, quotes: c.quotes })),
    reviewQueue: register?.reviewQueue ?? null,
    signals: signalsModel(input.signals),
    footer: [
      {
        label: 'Window',
        value: `${input.window.id}, ${windowDates(input.window.start, input.window.end, input.window.timeZone)}`,
      },
      { label: 'Calendar and time zone', value: input.calendarDescription || NOT_KNOWN },
      { label: 'Perception gap rule', value: input.perceptionGapRule || NOT_KNOWN },
      {
        label: 'Rounding',
        value:
          'shares are rounded down; suggested wordings round the measured percentile (and its 1% sketch error) up to a figure customers read, and say how',
      },
      { label: 'Evaluated', value: evaluatedAt ? formatDate(evaluatedAt) : NOT_KNOWN },
    ],
  };
};
