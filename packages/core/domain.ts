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

/** Something a reader of an extraction must know: why a page gave nothing, or gave less. */
export interface ExtractionNote {
  /** `unsupportedLanguage`: the page is in a language the extractor does not read. */
  kind: 'unsupportedLanguage' | 'truncated';
  message: string;
  language?: string;
}

export interface ExtractionResult {
  source: string;
  promises: ExtractedPromise[];
  claims: Claim[];
  /** Present only when there is something to say (see ExtractionNote). */
  notes?: ExtractionNote[];
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
  /** The commitment this statement slot belongs to (statement slots only; see packages/register). */
  commitmentId?: string;
  /** A person named the metric this is graded on (a correction), instead of the category's default. */
  gradedOn?: string;
  /** The promise register: statements, review and acknowledgement (commitments only). */
  register?: RegisterRecord;
}

/** What a commitment means: the figures it is graded on. */
export interface PromiseTerms {
  category: Category;
  metric: string;
  operator: Operator;
  threshold: number | null;
  unit: Unit | null;
  qualifiers: Qualifiers;
}

export type ReviewState = 'proposed' | 'confirmed' | 'rejected' | 'corrected';

/** One place a commitment is stated: a page's sentence, or the evidence a person typed in. */
export interface Statement {
  /** The statement slot on its page (stable while the page states it), or `manual`. */
  statementId: string;
  quote: string;
  /** The page, or the source a person named (a contract, a deck); null when none. */
  url: string | null;
  sourceKind?: SourceKind;
  firstSeen: string;
  lastSeen: string;
  /** Hash of the snapshot the quote was read from; null for evidence typed in by hand. */
  contentHash: string | null;
  /** When the page stopped saying it (removed, or reworded into another commitment). */
  removedAt?: string;
  /** What the page says instead, when it was reworded ("4 business hours"). */
  changedTo?: string;
}

/** A correction: the terms a person says the commitment really has (only the fields changed). */
export interface Correction {
  category?: Category;
  metric?: string;
  operator?: Operator;
  threshold?: number | null;
  unit?: Unit | null;
  /** Qualifiers to set; a null value removes the qualifier ("that heading is not a plan"). */
  qualifiers?: Partial<Record<keyof Qualifiers, string | number | boolean | null>>;
  /** The metric to grade on, e.g. first_response_business_time. */
  gradedOn?: string | null;
}

export interface Review {
  action: 'confirm' | 'reject' | 'correct' | 'add' | 'acknowledge' | 'reopen';
  /** The state the review left the commitment in. */
  state: ReviewState;
  by: string;
  at: string;
  reason?: string;
  correction?: Correction;
  /** What the statements said when the review was made ("2 business hours"): shown if they change. */
  restsOn?: string;
  /** For `acknowledge`: the note and the date it lasts until. */
  acknowledgement?: Acknowledgement;
}

/** A broken commitment someone owns: listed as acknowledged, not as news, until `until` or until kept. */
export interface Acknowledgement {
  note: string;
  /** YYYY-MM-DD, inclusive. */
  until: string;
  by: string;
  at: string;
}

export interface RegisterRecord {
  state: ReviewState;
  origin: 'extracted' | 'manual';
  /** The meaning the commitment was found with: its identity, which reviews attach to. */
  identity: PromiseTerms;
  correction?: Correction;
  statements: Statement[];
  reviews: Review[];
  acknowledgement?: Acknowledgement;
  /** Why the commitment is back in the review queue ("the page now says 4 hours; you had confirmed 2"). */
  attention?: string;
  /** Bumped on every write; writes are conditional on it, so two reviewers never overwrite each other. */
  revision: number;
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

/**
 * How a survey answer is scored: `binary` good (1) or bad (0); `csat3` 1–3 (smileys); `csat5` 1–5;
 * `nps` 0–10 (likelihood to recommend); `freshdesk` Freshdesk's rating codes (-103 … -101, 100, 101 … 103).
 */
export type SurveyScale = 'binary' | 'csat3' | 'csat5' | 'nps' | 'freshdesk';

/** One answer to a satisfaction survey (CSAT, smiley, NPS), with its scale and where it came from. */
export interface SurveyResponse {
  /** Content identity: the same answer imported again has the same id, whatever the file is called. */
  id: string;
  at: string;
  score: number;
  scale: SurveyScale;
  comment?: string;
  /** The help-desk ticket the survey was about, when the export names it. */
  ticket?: string;
  dimensions: Record<string, string>;
  /** File and line (or the API request), kept as evidence. */
  ref?: string;
}

/** A survey answer as stored: its free-text comment read by the complaint reader. */
export interface StoredSurvey extends SurveyResponse {
  analysis?: ComplaintAnalysis;
}

/** The surveys matched to a promise in a window (same plan, channel, priority as its metrics). */
export interface SurveyEvidence {
  responses: number;
  /** CSAT: share satisfied (top-2-box on 1–5, top box on 1–3, "good" on binary, happy on Freshdesk). */
  csat: { rated: number; satisfied: number; percent: number } | null;
  /** NPS on 0–10 answers: % promoters (9–10) − % detractors (0–6). */
  nps: { rated: number; promoters: number; detractors: number; score: number } | null;
  previous: { responses: number; csatPercent: number | null; nps: number | null } | null;
  trend: { csatDelta: number | null; npsDelta: number | null };
  floor: { csat: number; nps: number | null; minResponses: number };
  /** Satisfaction under the configured floor on enough responses. */
  belowFloor: boolean;
  /** Survey comments linked to the promise as complaints (they count in `complaints` too). */
  comments: number;
  /** One sentence: "CSAT 41% satisfied on 17 surveys (was 88%), below the 70% floor". */
  summary: string;
}

export type VerdictStatus = 'kept' | 'at_risk' | 'breached' | 'no_data';

/** An evaluation window: an ISO week ("2026-W47"), a month ("2026-11") or a rolling range. */
export interface Window {
  id: string;
  start: string;
  end: string;
  /** The IANA zone whose calendar the window follows (local weeks and months); UTC when absent. */
  timeZone?: string;
}

export interface DeliveryFigures {
  series: string[];
  samples: number;
  /** Share of cases within the threshold, 0..100. */
  attainment: number;
  /** Share the promise covers, 0..100 (its target qualifier, 100 when it says "every"); null for a
   * promise on the mean, which covers no share of cases (its threshold is the whole promise). */
  target: number | null;
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
  /**
   * Which complaints are linked to the promise (most relevant first, at most 50): each with its link weight
   * (1 when it names the promise's plan, channel, priority and region or the promise states none; lower when
   * it names none of them) and whether it alleges a breach.
   */
  linked?: { id: string; weight: number; alleging: boolean }[];
  /** The linked complaints counted by weight: what the perception gap is computed from. */
  weighted?: { matched: number; allegingBreach: number };
  /** The top phrases of the linked complaints, with how many complaints use each. */
  themes?: { phrase: string; complaints: number }[];
}

/** A period's closing verdict in brief, as the week that closed it carries it (the full verdict is
 * stored under the period's own window id, e.g. "2026-03"). */
export interface ClosingVerdict {
  window: Window;
  status: VerdictStatus;
  reason: string;
  attainment: number | null;
  target: number | null;
  unit: Unit | null;
}

/**
 * Whether any of a window's verdicts is graded (not no_data) on samples dated inside the window:
 * an empty future week has none, nor has a week holding only a few stray samples, whose only
 * graded verdicts rest on the earlier days of a month to date.
 */
export const verdictsHaveData = (verdicts: readonly Verdict[]): boolean =>
  verdicts.some((v) => v.status !== 'no_data' && (v.windowSamples ?? v.delivery?.samples ?? 0) > 0);

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
  /** The matched survey answers of the window; absent when no survey matches the promise. */
  surveys?: SurveyEvidence;
  trend: { previousAttainment: number | null; delta: number | null } | null;
  /** Samples of the promise's metrics dated inside the graded window itself (not the period to
   * date): 0 when the window had none. Absent on verdicts stored before it was recorded. */
  windowSamples?: number;
  /** Closing verdicts of the promise's periods (months, quarters, years) that ended in this week. */
  closing?: ClosingVerdict[];
  rules: string;
  evaluatedAt: string;
}
