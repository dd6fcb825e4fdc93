// Vague claims held to evidence: each unmeasurable claim ("lightning-fast support") is mapped to the
// category it claims about, set beside what the data says about that category in the window (the
// metric samples' median and share over a threshold, the complaints about it, survey scores when a
// survey source is plugged in), and called contradicted by the rule in CLAIM_EVIDENCE_RULES. A
// measurable promise the data would support is suggested through the digest's own rewording.

import { complaintThemes } from '../complaints/themes.ts';
import type { Category, Claim, Store, StoredComplaint, Unit, Window } from '../core/index.ts';
import { formatDecimal, formatInt, formatMeasured } from '../digest/format.ts';
import { rewordPromise } from '../digest/rewording.ts';
import { type SeriesSummary, summarise } from '../rollups/index.ts';

/** A survey module plugs in here: the scores on one category in a window, or null when none. */
export interface SurveyEvidence {
  /** "CSAT 64% satisfied (85 responses)". */
  label: string;
  responses: number;
  /** True when the score is under the configured floor: counts against the claim. */
  belowFloor: boolean;
}
export type SurveyEvidenceSource = (category: Category, window: Window) => Promise<SurveyEvidence | null>;

export type ClaimStatus = 'contradicted' | 'supported' | 'no_evidence' | 'not_checkable';

export interface ClaimFigure {
  metric: string;
  unit: Unit;
  samples: number;
  median: number;
  /** The share of cases over `over` (0..100). */
  shareOver: number;
  over: { value: number; unit: Unit; words: string };
}

export interface ClaimEvidence {
  quote: string;
  sourceUrl: string;
  alsoOn: string[];
  /** Why the extractor found it unmeasurable. */
  reason: string;
  category: Category | null;
  /** "reply speed", "uptime". */
  topic: string | null;
  status: ClaimStatus;
  figures: ClaimFigure[];
  complaints: { count: number; themes: { phrase: string; complaints: number }[] } | null;
  surveys: SurveyEvidence | null;
  /** Which parts of the rule the evidence met ("median over 1 business hour"). */
  because: string[];
  /** "'lightning-fast' — median first reply 4.7 business hours, 38% of tickets over a day; 12 complaints about slow replies". */
  sentence: string;
  /** A measurable promise the data supports ("90% of tickets answered within 2 business days"), or null. */
  suggestion: string | null;
  suggestionBasis: string | null;
}

interface CategoryRule {
  category: Category;
  topic: string;
  words: RegExp;
  /** What the median is read from, and the most it may be before a claim of this kind is contradicted. */
  median: { metric: string; unit: Unit; max: number; words: string };
  /** The share of cases over a threshold, and the most that share may be. */
  tail: { metric: string; unit: Unit; over: number; overUnit: Unit; overWords: string; maxShare: number };
  /** What a complaint about it is about, in the sentence: "about slow replies". */
  complaintWords: string;
  /** For uptime: the mean must reach this instead (median and tail are not used). */
  meanAtLeast?: number;
  /** The noun of the measured thing in the sentence: "first reply". */
  noun: string;
}

/** The claim kinds read, in the order tried; a claim is about the first whose words it uses. */
export const CLAIM_CATEGORIES: readonly CategoryRule[] = [
  {
    category: 'uptime',
    topic: 'uptime',
    words:
      /\b(uptime|reliab\w*|always[- ](on|up|available)|downtime|outages?|rock[- ]solid|never (goes )?down)\b/i,
    median: { metric: 'uptime', unit: 'percent', max: Number.POSITIVE_INFINITY, words: '' },
    tail: { metric: 'uptime', unit: 'percent', over: 0, overUnit: 'percent', overWords: '', maxShare: 100 },
    meanAtLeast: 99.9,
    complaintWords: 'about outages',
    noun: 'uptime',
  },
  {
    category: 'resolution_time',
    topic: 'resolution speed',
    words: /\b(resolv\w*|resolution|fix(es|ed)?|solv\w*|sorted)\b/i,
    median: { metric: 'resolution_business_time', unit: 'business_hours', max: 9, words: 'a business day' },
    tail: {
      metric: 'resolution_time',
      unit: 'minutes',
      over: 5 * 1440,
      overUnit: 'days',
      overWords: 'five days',
      maxShare: 10,
    },
    complaintWords: 'about slow fixes',
    noun: 'resolution',
  },
  {
    category: 'response_time',
    topic: 'reply speed',
    words:
      /\b(support|repl(y|ies)|respon\w*|answer\w*|get back|help ?desk|service team|customer service|agents?)\b/i,
    median: {
      metric: 'first_response_business_time',
      unit: 'business_hours',
      max: 1,
      words: 'a business hour',
    },
    tail: {
      metric: 'first_response_time',
      unit: 'minutes',
      over: 1440,
      overUnit: 'days',
      overWords: 'a day',
      maxShare: 10,
    },
    complaintWords: 'about slow replies',
    noun: 'first reply',
  },
  {
    category: 'delivery_time',
    topic: 'shipping speed',
    words: /\b(ship(s|ping|ped)?|deliver(y|ies|ed)|dispatch\w*|arriv\w*)\b/i,
    median: { metric: 'dispatch_time', unit: 'business_days', max: 1, words: 'a business day' },
    tail: {
      metric: 'dispatch_time',
      unit: 'business_days',
      over: 3,
      overUnit: 'business_days',
      overWords: 'three business days',
      maxShare: 10,
    },
    complaintWords: 'about late orders',
    noun: 'dispatch',
  },
];

export const claimCategory = (quote: string): CategoryRule | null =>
  CLAIM_CATEGORIES.find((rule) => rule.words.test(quote)) ?? null;

export interface ClaimEvidenceDeps {
  store: Pick<Store, 'listSeries' | 'rollupsFor' | 'complaintsBetween'>;
  minSamples: number;
  minComplaints: number;
  businessDayHours: number;
  surveys?: SurveyEvidenceSource;
}

/** Minutes in a calendar unit, for reading a series in a unit other than its own. */
const TO_MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };

const convert = (value: number, from: Unit, to: Unit, dayHours: number): number | null => {
  if (from === to) return value;
  const a = TO_MINUTES[from];
  const b = TO_MINUTES[to];
  if (a !== undefined && b !== undefined) return (value * a) / b;
  if (from === 'business_days' && to === 'business_hours') return value * dayHours;
  if (from === 'business_hours' && to === 'business_days') return value / dayHours;
  return null;
};

/** Every series of a metric over the window, summarised together, with the unit its rollups are in. */
const metricSummary = async (
  store: ClaimEvidenceDeps['store'],
  metric: string,
  window: Window,
): Promise<{ summary: SeriesSummary; unit: Unit; series: string[] } | null> => {
  const series = await store.listSeries(metric);
  const rollups = (
    await Promise.all(series.map((s) => store.rollupsFor(s, window.start, window.end)))
  ).flat();
  const inside = rollups.filter((r) => r.count > 0);
  const summary = summarise(inside);
  const unit = inside[0]?.unit as Unit | undefined;
  if (!summary || !unit) return null;
  return { summary, unit, series: [...new Set(inside.map((r) => r.series))] };
};

const dedupe = (groups: { sourceUrl: string; claims: Claim[] }[]) => {
  const byQuote = new Map<string, { quote: string; reason: string; sourceUrl: string; alsoOn: string[] }>();
  for (const group of groups) {
    for (const claim of group.claims) {
      const key = claim.quote.replace(/\s+/g, ' ').trim().toLowerCase();
      const first = byQuote.get(key);
      if (!first)
        byQuote.set(key, {
          quote: claim.quote,
          reason: claim.reason,
          sourceUrl: group.sourceUrl,
          alsoOn: [],
        });
      else if (first.sourceUrl !== group.sourceUrl && !first.alsoOn.includes(group.sourceUrl))
        first.alsoOn.push(group.sourceUrl);
    }
  }
  return [...byQuote.values()];
};

const share = (summary: SeriesSummary, over: number): number =>
  summary.count > 0 ? (100 * summary.countAtLeast(over + 1e-9)) / summary.count : 0;

/** The claim's words for the sentence: the vague phrase when one stands out, else the quote. */
const VAGUE =
  /\b(lightning[- ]fast|blazing[- ]fast|super[- ]fast|lightning|instant\w*|quick\w*|fast\w*|rapid\w*|speedy|world[- ]class|best[- ]in[- ]class|industry[- ]leading|reliab\w*|always [a-z]+|never [a-z]+|seamless\w*)\b/i;
const claimWords = (quote: string): string => {
  const m = VAGUE.exec(quote);
  const text = quote.replace(/\s+/g, ' ').trim();
  return m ? m[0] : text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const pct = (n: number): string => `${formatDecimal(Math.floor(n), 0)}%`;

/**
 * The evidence on each claim of the site for the window: contradicted ones first, then no evidence,
 * supported, and claims that cannot be checked.
 */
export const claimsEvidence = async (
  deps: ClaimEvidenceDeps,
  groups: { sourceUrl: string; claims: Claim[] }[],
  window: Window,
): Promise<ClaimEvidence[]> => {
  const claims = dedupe(groups);
  if (claims.length === 0) return [];
  const complaints: StoredComplaint[] = await deps.store.complaintsBetween(window.start, window.end);
  const cache = new Map<
    Category,
    Promise<
      Omit<ClaimEvidence, 'quote' | 'sourceUrl' | 'alsoOn' | 'reason' | 'sentence'> & { parts: string[] }
    >
  >();

  const judge = (rule: CategoryRule) => {
    const cached = cache.get(rule.category);
    if (cached) return cached;
    const work = (async () => {
      const figures: ClaimFigure[] = [];
      const because: string[] = [];
      const parts: string[] = [];
      let measured = false;
      let suggestion: string | null = null;
      let suggestionBasis: string | null = null;
      if (rule.meanAtLeast !== undefined) {
        const m = await metricSummary(deps.store, rule.median.metric, window);
        if (m && m.summary.count >= Math.min(deps.minSamples, 7)) {
          measured = true;
          const mean = m.summary.mean;
          parts.push(
            `mean ${rule.noun} ${formatDecimal(mean, 3)}% over ${formatInt(m.summary.count)} daily samples`,
          );
          if (mean < rule.meanAtLeast) because.push(`mean uptime under ${rule.meanAtLeast}%`);
          const reworded = rewordPromise(
            {
              ...syntheticVerdict(window, rule.category, 'percent', 99.99, m.series),
              delivery: { ...emptyDelivery(m.series, m.summary.count, 'percent'), attainment: mean },
            },
            { businessDayHours: deps.businessDayHours },
          );
          suggestion = reworded.statement;
          suggestionBasis = reworded.basis;
        }
      } else {
        const med = await metricSummary(deps.store, rule.median.metric, window);
        const tail = await metricSummary(deps.store, rule.tail.metric, window);
        if (med && med.summary.count >= deps.minSamples) {
          const median = convert(
            med.summary.quantile(0.5),
            med.unit,
            rule.median.unit,
            deps.businessDayHours,
          );
          if (median !== null) {
            measured = true;
            const tailFigure = tail && tail.summary.count >= deps.minSamples ? tail : null;
            const overInTail = tailFigure
              ? convert(rule.tail.over, rule.tail.unit, tailFigure.unit, deps.businessDayHours)
              : null;
            const tailShare =
              tailFigure && overInTail !== null ? share(tailFigure.summary, overInTail) : null;
            figures.push({
              metric: rule.median.metric,
              unit: rule.median.unit,
              samples: med.summary.count,
              median,
              shareOver: tailShare ?? 0,
              over: { value: rule.tail.over, unit: rule.tail.unit, words: rule.tail.overWords },
            });
            parts.push(
              `median ${rule.noun} ${formatMeasured(median, rule.median.unit)}${tailShare !== null ? `, ${pct(tailShare)} of ${nounOf(rule)} over ${rule.tail.overWords}` : ''}`,
            );
            if (median > rule.median.max + 1e-9)
              because.push(`median ${rule.noun} over ${rule.median.words}`);
            if (tailShare !== null && tailShare > rule.tail.maxShare)
              because.push(`more than ${rule.tail.maxShare}% of ${nounOf(rule)} over ${rule.tail.overWords}`);
            const p = (q: number) =>
              convert(med.summary.quantile(q), med.unit, rule.median.unit, deps.businessDayHours);
            const reworded = rewordPromise(
              {
                ...syntheticVerdict(window, rule.category, rule.median.unit, null, med.series),
                delivery: {
                  ...emptyDelivery(med.series, med.summary.count, rule.median.unit),
                  attainment: 0,
                  target: 90,
                  p50: median,
                  p90: p(0.9),
                  p95: p(0.95),
                  max: p(1),
                },
              },
              { businessDayHours: deps.businessDayHours },
            );
            suggestion = reworded.statement;
            suggestionBasis = reworded.basis;
          }
        }
      }
      const about = complaints.filter(
        (c) => c.analysis.isComplaint && c.analysis.categories.includes(rule.category),
      );
      const complaintFacts = about.length
        ? {
            count: about.length,
            themes: complaintThemes(
              about.map((c) => c.text),
              3,
            ),
          }
        : null;
      if (about.length)
        parts.push(
          `${formatInt(about.length)} ${about.length === 1 ? 'complaint' : 'complaints'} ${rule.complaintWords}`,
        );
      if (about.length >= deps.minComplaints)
        because.push(`${about.length} complaints ${rule.complaintWords}`);
      const surveys = deps.surveys ? await deps.surveys(rule.category, window) : null;
      if (surveys) parts.push(surveys.label);
      if (surveys?.belowFloor) because.push(`survey score under its floor (${surveys.label})`);
      const status: ClaimStatus =
        because.length > 0
          ? 'contradicted'
          : measured || complaintFacts || surveys
            ? 'supported'
            : 'no_evidence';
      return {
        category: rule.category,
        topic: rule.topic,
        status,
        figures,
        complaints: complaintFacts,
        surveys,
        because,
        suggestion: status === 'contradicted' ? suggestion : null,
        suggestionBasis: status === 'contradicted' ? suggestionBasis : null,
        parts,
      };
    })();
    cache.set(rule.category, work);
    return work;
  };

  const out: ClaimEvidence[] = [];
  for (const claim of claims) {
    const rule = claimCategory(claim.quote);
    const words = claimWords(claim.quote);
    if (!rule) {
      out.push({
        ...claim,
        category: null,
        topic: null,
        status: 'not_checkable',
        figures: [],
        complaints: null,
        surveys: null,
        because: [],
        sentence: `‘${words}’ — says nothing the data can check`,
        suggestion: null,
        suggestionBasis: null,
      });
      continue;
    }
    const { parts, ...facts } = await judge(rule);
    const said = parts.length ? parts.join('; ') : `nothing measured or said about ${rule.topic} this week`;
    out.push({
      ...claim,
      ...facts,
      sentence: `‘${words}’ — ${said}`,
    });
  }
  const order: Record<ClaimStatus, number> = {
    contradicted: 0,
    no_evidence: 1,
    supported: 2,
    not_checkable: 3,
  };
  return out.sort((a, b) => order[a.status] - order[b.status]);
};

const nounOf = (rule: CategoryRule): string => (rule.category === 'delivery_time' ? 'orders' : 'tickets');

const emptyDelivery = (series: string[], samples: number, unit: Unit) => ({
  series,
  samples,
  attainment: 0,
  target: null as number | null,
  p50: null as number | null,
  p90: null as number | null,
  p95: null as number | null,
  max: null as number | null,
  unit,
  breaches: 0,
  errorBudgetLeft: 0,
  burnRate: null,
  worst: [],
});

/** The figures as a verdict, so the digest's rewording words them (nothing is stored). */
const syntheticVerdict = (
  window: Window,
  category: Category,
  unit: Unit,
  threshold: number | null,
  series: string[],
) => ({
  promiseId: 'claim',
  window,
  status: 'breached' as const,
  reason: '',
  promise: {
    quote: '',
    sourceUrl: '',
    seenAt: window.end,
    category,
    operator: (category === 'uptime' ? '>=' : '<=') as '<=' | '>=',
    threshold,
    unit,
    qualifiers: category === 'uptime' ? {} : { target: 90 },
    version: 1,
  },
  delivery: emptyDelivery(series, 0, unit),
  complaints: null,
  trend: null,
  evaluatedAt: window.end,
});
