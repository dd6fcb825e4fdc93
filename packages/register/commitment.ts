// A commitment as the register keeps it: one graded promise, however many statements back it,
// with its review state. Pure functions: each takes a commitment and returns the next one.

import {
  type Acknowledgement,
  CATEGORIES,
  type Correction,
  OPERATORS,
  type PromiseTerms,
  type Qualifiers,
  type RegisterRecord,
  type Review,
  type ReviewState,
  type ServicePromise,
  type Statement,
  UNIT_LABELS,
  UNITS,
  type Unit,
} from '../core/index.ts';
import { InvalidReviewError } from './errors.ts';
import { commitmentId } from './identity.ts';

const QUALIFIER_KEYS: readonly (keyof Qualifiers)[] = [
  'tier',
  'severity',
  'channel',
  'window',
  'target',
  'statistic',
  'hedge',
  'region',
  'scope',
  'condition',
  'timezone',
  'negated',
];

/** "2 business hours", "99.9%", "no figure". */
export const describeFigure = (t: Pick<PromiseTerms, 'operator' | 'threshold' | 'unit'>): string => {
  if (t.threshold === null) return 'no figure';
  const unit: Unit | null = t.unit;
  const n = Number(t.threshold.toFixed(3));
  const figure =
    unit === null ? String(n) : unit === 'percent' ? `${n}%` : `${n} ${UNIT_LABELS[unit][n === 1 ? 0 : 1]}`;
  return t.operator === '>=' && unit !== 'percent' ? `at least ${figure}` : figure;
};

export const termsOf = (p: PromiseTerms): PromiseTerms => ({
  category: p.category,
  metric: p.metric,
  operator: p.operator,
  threshold: p.threshold,
  unit: p.unit,
  qualifiers: { ...p.qualifiers },
});

/** The terms a commitment is graded on: its identity with the correction applied. */
export const effectiveTerms = (r: RegisterRecord): PromiseTerms & { gradedOn?: string } => {
  const c = r.correction ?? {};
  const qualifiers: Record<string, unknown> = { ...r.identity.qualifiers };
  for (const [key, value] of Object.entries(c.qualifiers ?? {})) {
    if (value === null) delete qualifiers[key];
    else qualifiers[key] = value;
  }
  return {
    category: c.category ?? r.identity.category,
    metric: c.metric ?? r.identity.metric,
    operator: c.operator ?? r.identity.operator,
    threshold: c.threshold === undefined ? r.identity.threshold : c.threshold,
    unit: c.unit === undefined ? r.identity.unit : c.unit,
    qualifiers: qualifiers as Qualifiers,
    ...(c.gradedOn ? { gradedOn: c.gradedOn } : {}),
  };
};

const byFirstSeen = (a: Statement, b: Statement) =>
  a.firstSeen.localeCompare(b.firstSeen) || (a.url ?? '').localeCompare(b.url ?? '');

/**
 * The commitment as every reader sees it (a ServicePromise): the effective terms, the first live
 * statement as its quote and source, seen from the first statement to the latest, removed only
 * when no page states it any more (a commitment added by hand is never removed by a crawl).
 */
export const project = (base: ServicePromise, r: RegisterRecord): ServicePromise => {
  const statements = [...r.statements].sort(byFirstSeen);
  const live = statements.filter((s) => !s.removedAt);
  const primary =
    live[0] ?? [...statements].sort((a, b) => (b.removedAt ?? '').localeCompare(a.removedAt ?? ''))[0];
  const terms = effectiveTerms(r);
  const { gradedOn: _g, removedAt: _r, register: _reg, ...rest } = base;
  const removedAt =
    live.length === 0 && statements.length > 0
      ? statements
          .map((s) => s.removedAt ?? '')
          .sort()
          .at(-1)
      : undefined;
  return {
    ...rest,
    ...terms,
    quote: primary?.quote ?? base.quote,
    sourceUrl: primary?.url ?? base.sourceUrl,
    ...(primary?.sourceKind ? { sourceKind: primary.sourceKind } : {}),
    firstSeen: statements[0]?.firstSeen ?? base.firstSeen,
    lastSeen:
      statements
        .map((s) => s.lastSeen)
        .sort()
        .at(-1) ?? base.lastSeen,
    ...(removedAt ? { removedAt } : {}),
    register: { ...r, statements },
  };
};

/** The register record of a promise stored before the register existed (or seeded directly). */
export const registerOf = (p: ServicePromise): RegisterRecord =>
  p.register ?? {
    state: 'proposed',
    origin: 'extracted',
    identity: termsOf(p),
    statements: [
      {
        statementId: p.id,
        quote: p.quote,
        url: p.sourceUrl,
        sourceKind: p.sourceKind,
        firstSeen: p.firstSeen,
        lastSeen: p.lastSeen,
        contentHash: null,
        ...(p.removedAt ? { removedAt: p.removedAt } : {}),
      },
    ],
    reviews: [],
    revision: 0,
  };

/** A new commitment for a statement slot of a page. */
export const newCommitment = (slot: ServicePromise, statement: Statement): ServicePromise => {
  const identity = termsOf(slot);
  const { commitmentId: _c, register: _r, removedAt: _rm, ...rest } = slot;
  return project(
    { ...rest, id: commitmentId(identity) },
    { state: 'proposed', origin: 'extracted', identity, statements: [statement], reviews: [], revision: 0 },
  );
};

/** Adds or refreshes one statement (same slot id): a page stating it again brings it back. */
export const attachStatement = (c: ServicePromise, statement: Statement): ServicePromise => {
  const r = registerOf(c);
  const old = r.statements.find((s) => s.statementId === statement.statementId);
  const merged: Statement = old ? { ...statement, firstSeen: old.firstSeen } : statement;
  const statements = [...r.statements.filter((s) => s.statementId !== statement.statementId), merged];
  return project(c, { ...r, statements });
};

const lastReview = (r: RegisterRecord): Review | undefined =>
  [...r.reviews].reverse().find((v) => v.action !== 'acknowledge');

const PAST: Record<ReviewState, string> = {
  proposed: 'proposed',
  confirmed: 'confirmed',
  rejected: 'rejected',
  corrected: 'corrected',
};

/**
 * A page no longer states this commitment through that slot. When it now says something else
 * (`changedTo`) and a person had reviewed the commitment, the review stays and the commitment
 * goes back to the queue with what changed.
 */
export const detachStatement = (
  c: ServicePromise,
  statementId: string,
  at: string,
  changedTo?: string,
): ServicePromise => {
  const r = registerOf(c);
  const old = r.statements.find((s) => s.statementId === statementId);
  if (!old || (old.removedAt && old.changedTo === changedTo)) return c;
  const statements = r.statements.map((s) =>
    s.statementId === statementId
      ? { ...s, removedAt: s.removedAt ?? at, ...(changedTo ? { changedTo } : {}) }
      : s,
  );
  const review = lastReview(r);
  const attention =
    changedTo && review && r.state !== 'proposed'
      ? `the page now says ${changedTo}; you had ${PAST[r.state]} ${review.restsOn ?? describeFigure(r.identity)}`
      : r.attention;
  return project(c, { ...r, statements, ...(attention ? { attention } : {}) });
};

/** The note a new commitment carries when it replaces, on the same page slot, one a person had reviewed. */
export const inheritAttention = (
  next: ServicePromise,
  previous: ServicePromise,
  changedTo: string,
): ServicePromise => {
  const prev = registerOf(previous);
  const review = lastReview(prev);
  if (!review || prev.state === 'proposed') return next;
  const r = registerOf(next);
  if (r.state !== 'proposed') return next;
  const note = `the page now says ${changedTo}; you had ${PAST[prev.state]} ${review.restsOn ?? describeFigure(prev.identity)} (${previous.id}${review.reason ? `: ${review.reason}` : ''})`;
  return project(next, { ...r, attention: note });
};

// ---------- reviews ----------

export type ReviewAction =
  | { action: 'confirm'; reason?: string }
  | { action: 'reject'; reason: string }
  | { action: 'correct'; correction: Correction; reason?: string };

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a correction's values against the taxonomy; throws InvalidReviewError naming the field. */
export const checkCorrection = (c: Correction): Correction => {
  const known = new Set(['category', 'metric', 'operator', 'threshold', 'unit', 'qualifiers', 'gradedOn']);
  for (const key of Object.keys(c))
    if (!known.has(key)) throw new InvalidReviewError(key, 'is not a field a correction may change');
  if (Object.keys(c).length === 0)
    throw new InvalidReviewError('correction', 'changes nothing: give at least one field');
  if (c.category !== undefined && !(CATEGORIES as readonly string[]).includes(c.category))
    throw new InvalidReviewError('category', `must be one of ${CATEGORIES.join(', ')}`);
  if (c.operator !== undefined && !(OPERATORS as readonly string[]).includes(c.operator))
    throw new InvalidReviewError('operator', `must be one of ${OPERATORS.join(', ')}`);
  if (c.unit !== undefined && c.unit !== null && !(UNITS as readonly string[]).includes(c.unit))
    throw new InvalidReviewError('unit', `must be one of ${UNITS.join(', ')}`);
  if (c.threshold !== undefined && c.threshold !== null && (!isNumber(c.threshold) || c.threshold < 0))
    throw new InvalidReviewError('threshold', 'must be a number of at least 0');
  if (c.metric !== undefined && !/^[a-z][a-z0-9_]{0,63}$/.test(c.metric))
    throw new InvalidReviewError('metric', 'must be a metric name such as first_response_time');
  if (c.gradedOn !== undefined && c.gradedOn !== null && !/^[a-z][a-z0-9_]{0,63}$/.test(c.gradedOn))
    throw new InvalidReviewError('gradedOn', 'must be a metric name such as first_response_business_time');
  for (const [key, value] of Object.entries(c.qualifiers ?? {})) {
    if (!(QUALIFIER_KEYS as readonly string[]).includes(key))
      throw new InvalidReviewError(`qualifiers.${key}`, `is not a qualifier (${QUALIFIER_KEYS.join(', ')})`);
    if (value === null) continue;
    if (key === 'target' && (!isNumber(value) || value <= 0 || value > 100))
      throw new InvalidReviewError('qualifiers.target', 'must be a share between 0 and 100');
    if (key === 'statistic' && value !== 'median' && value !== 'mean')
      throw new InvalidReviewError('qualifiers.statistic', 'must be median or mean');
    if (key === 'negated' && typeof value !== 'boolean')
      throw new InvalidReviewError('qualifiers.negated', 'must be true or false');
    if (
      !['target', 'negated'].includes(key) &&
      (typeof value !== 'string' || value.trim() === '' || value.length > 200)
    )
      throw new InvalidReviewError(`qualifiers.${key}`, 'must be a non-empty text of at most 200 characters');
  }
  return c;
};

const checkWho = (by: string): string => {
  const who = by.trim();
  if (who === '' || who.length > 120)
    throw new InvalidReviewError('by', 'must name who reviewed, in at most 120 characters');
  return who;
};

const checkReason = (reason: string | undefined, required: boolean): string | undefined => {
  const text = reason?.trim();
  if (required && !text) throw new InvalidReviewError('reason', 'is required: say why this is not a promise');
  if (text && text.length > 2000) throw new InvalidReviewError('reason', 'is longer than 2,000 characters');
  return text || undefined;
};

/** Applies a review: the state, the correction (merged with an earlier one), who, when and why. */
export const applyReview = (
  c: ServicePromise,
  review: ReviewAction,
  by: string,
  at: string,
): ServicePromise => {
  const r = registerOf(c);
  const who = checkWho(by);
  const reason = checkReason(review.reason, review.action === 'reject');
  let correction = r.correction;
  let state: ReviewState;
  if (review.action === 'correct') {
    const next = checkCorrection(review.correction);
    correction = {
      ...(r.correction ?? {}),
      ...next,
      ...(next.qualifiers || r.correction?.qualifiers
        ? { qualifiers: { ...(r.correction?.qualifiers ?? {}), ...(next.qualifiers ?? {}) } }
        : {}),
    };
    state = 'corrected';
  } else {
    state = review.action === 'confirm' ? (r.correction ? 'corrected' : 'confirmed') : 'rejected';
  }
  const record: RegisterRecord = { ...r, state, ...(correction ? { correction } : {}) };
  const entry: Review = {
    action: review.action,
    state,
    by: who,
    at,
    ...(reason ? { reason } : {}),
    ...(review.action === 'correct' ? { correction: review.correction } : {}),
    restsOn: describeFigure(effectiveTerms(record)),
  };
  const { attention: _a, ...settled } = record;
  return project(c, { ...settled, reviews: [...r.reviews, entry] });
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Acknowledges a gap: listed as acknowledged, with its note, until `until` (inclusive) or until kept. */
export const acknowledge = (
  c: ServicePromise,
  input: { note: string; until: string; by: string },
  at: string,
): ServicePromise => {
  const r = registerOf(c);
  const note = input.note.trim();
  if (note === '' || note.length > 2000)
    throw new InvalidReviewError('note', 'must say what is being done, in at most 2,000 characters');
  if (
    !DAY.test(input.until) ||
    Number.isNaN(Date.parse(`${input.until}T00:00:00Z`)) ||
    new Date(`${input.until}T00:00:00Z`).toISOString().slice(0, 10) !== input.until
  )
    throw new InvalidReviewError('until', `must be a date as YYYY-MM-DD, got "${input.until}"`);
  if (input.until < at.slice(0, 10))
    throw new InvalidReviewError('until', `${input.until} has already passed`);
  if (r.state === 'rejected')
    throw new InvalidReviewError('id', `${c.id} was rejected as not a promise: nothing to acknowledge`);
  const acknowledgement: Acknowledgement = { note, until: input.until, by: checkWho(input.by), at };
  return project(c, {
    ...r,
    acknowledgement,
    reviews: [
      ...r.reviews,
      { action: 'acknowledge', state: r.state, by: acknowledgement.by, at, acknowledgement },
    ],
  });
};

/** Whether an acknowledgement still holds on `day` (YYYY-MM-DD). */
export const acknowledgedOn = (p: ServicePromise, day: string): Acknowledgement | undefined => {
  const ack = p.register?.acknowledgement;
  return ack && ack.until >= day ? ack : undefined;
};

/** A commitment a person adds by hand (a contract, a sales deck), with its own evidence. */
export const manualCommitment = (
  terms: PromiseTerms,
  evidence: { quote: string; source?: string; by: string; reason?: string },
  at: string,
): ServicePromise => {
  const quote = evidence.quote.trim();
  if (quote === '' || quote.length > 2000)
    throw new InvalidReviewError('quote', 'must give the evidence text, in at most 2,000 characters');
  checkCorrection({ ...terms });
  if (
    evidence.source !== undefined &&
    !/^(https?:\/\/|[a-z][\w+.-]*:)/i.test(evidence.source) &&
    evidence.source.trim() === ''
  )
    throw new InvalidReviewError('source', 'must not be empty');
  const who = checkWho(evidence.by);
  const identity = termsOf(terms);
  const statement: Statement = {
    statementId: 'manual',
    quote,
    url: evidence.source?.trim() || null,
    firstSeen: at,
    lastSeen: at,
    contentHash: null,
  };
  const id = commitmentId(identity);
  const base: ServicePromise = {
    ...identity,
    id,
    quote,
    sourceUrl: statement.url ?? 'added by hand',
    sourceKind: 'sla',
    confidence: 1,
    meaningHash: id,
    firstSeen: at,
    lastSeen: at,
  };
  const reason = checkReason(evidence.reason, false);
  return project(base, {
    state: 'confirmed',
    origin: 'manual',
    identity,
    statements: [statement],
    reviews: [
      {
        action: 'add',
        state: 'confirmed',
        by: who,
        at,
        ...(reason ? { reason } : {}),
        restsOn: describeFigure(identity),
      },
    ],
    revision: 0,
  });
};

/** In the review queue: never reviewed, or back because a page changed what a review rests on. */
export const needsReview = (p: ServicePromise): boolean =>
  !p.removedAt && ((p.register?.state ?? 'proposed') === 'proposed' || p.register?.attention !== undefined);

/** Whether the evaluation grades it: never when rejected; with review required, only when a person agreed. */
export const isGraded = (p: ServicePromise, reviewRequired: boolean): boolean => {
  const state = p.register?.state ?? 'proposed';
  if (state === 'rejected') return false;
  return !reviewRequired || state === 'confirmed' || state === 'corrected';
};

/** The evaluation's part of the register, spread into evaluateWindow's deps beside complaintJudgement. */
export const registerJudgement = (config: { promises: { reviewRequired: boolean } }) => ({
  gradable: (p: ServicePromise) => isGraded(p, config.promises.reviewRequired),
});

/** The metric a commitment added by hand is about, when the person names none. */
export const defaultMetricFor = (
  category: PromiseTerms['category'],
  operator: PromiseTerms['operator'],
): string => {
  switch (category) {
    case 'response_time':
      return 'first_response_time';
    case 'uptime':
      return 'uptime_percent';
    case 'availability_hours':
      return 'support_hours';
    case 'refund_guarantee':
      return operator === '<=' ? 'refund_processing_time' : 'refund_window';
    case 'credit_compensation':
      return 'service_credit';
    case 'other':
      return 'commitment';
    default:
      return category;
  }
};
