// The domain types every package speaks: promises, snapshots, metrics, complaints and verdicts.

import type { Category, DurationUnit, Operator, Unit } from './taxonomy.ts';

/** What a source is, as configured: it tunes extraction and is shown beside each promise. */
export type SourceKind = 'marketing' | 'sla' | 'policy' | 'support-plan';

/**
 * Qualifiers hold only what the text states. `target` is the share of cases the promise covers
 * (100 for "every"/"all"/"guaranteed"); `statistic` records a hedge ("typically" → median).
 */
export interface Qualifiers {
  tier?: string;
  severity?: string;
  channel?: string;
  window?: string;
  target?: number;
  statistic?: 'median' | 'mean';
  hedge?: string;
  region?: string;
  scope?: string;
  condition?: string;
  timezone?: string;
  negated?: boolean;
}

/** A promise as the extractor reads it from one document (the `extract` contract). */
export interface ExtractedPromise {
  quote: string;
  category: Category;
  metric: string;
  operator: Operator;
  threshold: number | null;
  unit: Unit | null;
  qualifiers: Qualifiers;
  confidence: number;
}

/** An unmeasurable claim ("world-class support"): a communication risk, never a promise. */
export interface Claim {
  quote: string;
  reason: string;
}

export interface ExtractionResult {
  source: string;
  promises: ExtractedPromise[];
  claims: Claim[];
}

/** A promise as stored: identity from its source and its normalised meaning, with its history. */
export interface ServicePromise extends ExtractedPromise {
  id: string;
  sourceUrl: string;
  sourceKind: SourceKind;
  /** Hash of the normalised meaning (category, metric, operator, threshold, unit, qualifiers). */
  meaningHash: string;
  firstSeen: string;
  lastSeen: string;
  /** Set when the promise disappeared from its page. */
  removedAt?: string;
}

/** One version of a promise: what it said, and when it was in force. */
export interface PromiseVersion {
  promiseId: string;
  version: number;
  quote: string;
  operator: Operator;
  threshold: number | null;
  unit: Unit | null;
  qualifiers: Qualifiers;
  validFrom: string;
  validTo?: string;
}

export type PromiseChange =
  | { kind: 'added'; promise: ServicePromise }
  | { kind: 'changed'; promise: ServicePromise; before: PromiseVersion; after: PromiseVersion }
  | { kind: 'removed'; promise: ServicePromise };

/** A fetched page or document, kept so the promise diff can compare it with the next fetch. */
export interface Snapshot {
  url: string;
  sourceKind: SourceKind;
  fetchedAt: string;
  status: number;
  contentType: string;
  contentHash: string;
  etag?: string;
  lastModified?: string;
  /** The body, as bytes (HTML is decoded by the extractor using `charset`). */
  body: Uint8Array;
  charset?: string;
}

/** One delivered measurement: a first-response time, a day's uptime, a shipping time. */
export interface MetricSample {
  metric: string;
  value: number;
  unit: Unit;
  at: string;
  dimensions: Record<string, string>;
  /** Where it came from (file and line, ticket id), kept as evidence. */
  ref?: string;
  /**
   * What tells this sample from another of the same series, instant and value (a ticket id, or
   * "#2" for a file's second identical row); with them it is the sample's identity in the store.
   * Absent: `ref` is used, as before keys existed.
   */
  key?: string;
}

export interface Complaint {
  id: string;
  at: string;
  text: string;
  channel?: string;
  dimensions: Record<string, string>;
}

export interface ReportedDuration {
  value: number;
  unit: DurationUnit;
  quote: string;
}

/** The `analyze-complaints` contract for one text. */
export interface ComplaintAnalysis {
  isComplaint: boolean;
  categories: Category[];
  durations: ReportedDuration[];
  sentiment: number;
}

export type VerdictStatus = 'kept' | 'at_risk' | 'breached' | 'no_data';

/** An evaluation window: an ISO week ("2026-W47"), a month ("2026-11") or a rolling range. */
export interface Window {
  id: string;
  start: string;
  end: string;
}

export interface DeliveryFigures {
  series: string[];
  samples: number;
  /** Share of cases within the threshold, 0..100. */
  attainment: number;
  /** Share the promise covers, 0..100 (its target qualifier, 100 when it says "every"). */
  target: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
  /** Unit of the figures above (the promise's unit). */
  unit: Unit | null;
  breaches: number;
  /** Share of the error budget left, 0..100; negative when overspent. */
  errorBudgetLeft: number;
  burnRate: number | null;
  worst: { value: number; at: string; ref?: string }[];
}

export interface ComplaintEvidence {
  matched: number;
  allegingBreach: number;
  quotes: { id: string; at: string; quote: string }[];
  perceptionGap: boolean;
}

/** The verdict for one promise in one window, with everything that backs it. */
export interface Verdict {
  promiseId: string;
  window: Window;
  status: VerdictStatus;
  reason: string;
  promise: {
    quote: string;
    sourceUrl: string;
    seenAt: string;
    category: Category;
    operator: Operator;
    threshold: number | null;
    unit: Unit | null;
    qualifiers: Qualifiers;
    version: number;
  };
  /** Null when no metric backs the promise (it is unmeasured, not hidden). */
  delivery: DeliveryFigures | null;
  complaints: ComplaintEvidence | null;
  trend: { previousAttainment: number | null; delta: number | null } | null;
  rules: string;
  evaluatedAt: string;
}
