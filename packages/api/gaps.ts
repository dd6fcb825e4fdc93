// Ranks a window's promises by how far delivery (gap 4) or customer perception (gap 5) falls short.

import type { Category, Verdict, VerdictStatus } from '../core/index.ts';

export type GapKind = 'delivery' | 'perception' | 'at_risk';

export interface Gap {
  rank: number;
  promiseId: string;
  kind: GapKind;
  /** Percentage points short (see GapSchema). */
  score: number;
  status: VerdictStatus;
  category: Category;
  quote: string;
  sourceUrl: string;
  attainment: number | null;
  target: number | null;
  errorBudgetLeft: number | null;
  complaints: {
    matched: number;
    allegingBreach: number;
    themes?: { phrase: string; complaints: number }[];
  } | null;
  reason: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

const gapOf = (v: Verdict): Omit<Gap, 'rank'> | undefined => {
  const d = v.delivery;
  const c = v.complaints;
  const deliveryShort = d && d.target !== null ? Math.max(0, d.target - d.attainment) : 0;
  const allegationRate = c && c.matched > 0 ? (100 * c.allegingBreach) / c.matched : 0;
  let kind: GapKind | undefined;
  let score = 0;
  if (v.status === 'breached') {
    // A breach with no metric behind it (complaints alone) is scored by the complaints.
    kind = 'delivery';
    score = d ? deliveryShort : allegationRate;
  } else if (c?.perceptionGap) {
    kind = 'perception';
    score = allegationRate;
  } else if (v.status === 'at_risk') {
    kind = 'at_risk';
    score = deliveryShort;
  }
  if (!kind) return undefined;
  return {
    promiseId: v.promiseId,
    kind,
    score: round(score),
    status: v.status,
    category: v.promise.category,
    quote: v.promise.quote,
    sourceUrl: v.promise.sourceUrl,
    attainment: d ? d.attainment : null,
    target: d ? d.target : null,
    errorBudgetLeft: d ? d.errorBudgetLeft : null,
    complaints: c
      ? { matched: c.matched, allegingBreach: c.allegingBreach, ...(c.themes ? { themes: c.themes } : {}) }
      : null,
    reason: v.reason,
  };
};

const KIND_ORDER: readonly GapKind[] = ['delivery', 'perception', 'at_risk'];

/**
 * Breaches first, then perception gaps, then promises at risk; within each, the largest shortfall
 * first, then the least error budget left. Kept promises with no complaint signal are not gaps.
 */
export const rankGaps = (verdicts: readonly Verdict[]): Gap[] =>
  verdicts
    .map(gapOf)
    .filter((g): g is Omit<Gap, 'rank'> => g !== undefined)
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        b.score - a.score ||
        (a.errorBudgetLeft ?? 0) - (b.errorBudgetLeft ?? 0) ||
        a.promiseId.localeCompare(b.promiseId),
    )
    .map((g, i) => ({ rank: i + 1, ...g }));
