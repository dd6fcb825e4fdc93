// Links complaints to a promise for one window (category, qualifiers, time) and says which allege a breach;
// flags a perception gap when the numbers say kept while complaints say broken.

import {
  type Category,
  type ComplaintEvidence,
  isBusinessUnit,
  type Qualifiers,
  type ServicePromise,
  type StoredComplaint,
  toMinutes,
  type Unit,
  type Verdict,
  type VerdictStatus,
  type Window,
} from '../core/index.ts';
import { detectCategories } from './categories.ts';
import { durationMinutes } from './durations.ts';
import { maskPersonalData } from './mask.ts';
import { normaliseText, splitSentences } from './text.ts';

export type LinkablePromise = ServicePromise | (Verdict['promise'] & { id?: string });

/** Spellings of one qualifier value that mean the same. Extend here. */
const SYNONYMS: Readonly<Record<string, string>> = {
  'e-mail': 'email',
  mail: 'email',
  emails: 'email',
  'live chat': 'chat',
  livechat: 'chat',
  'web chat': 'chat',
  webchat: 'chat',
  messenger: 'chat',
  telephone: 'phone',
  'phone call': 'phone',
  call: 'phone',
  calls: 'phone',
  voice: 'phone',
  hotline: 'phone',
  ticket: 'portal',
  tickets: 'portal',
  'web form': 'portal',
  urgent: '1',
  critical: '1',
  blocker: '1',
  emergency: '1',
  high: '2',
  major: '2',
  normal: '3',
  medium: '3',
  moderate: '3',
  low: '4',
  minor: '4',
  enterprise: 'enterprise',
};

/** "Pro plan" → "pro", "P1"/"Sev 1"/"Priority 1"/"Severity-1" → "1", "E-mail" → "email". */
export const normaliseQualifier = (value: string): string => {
  let v = value.toLowerCase().trim().replace(/[_]+/g, ' ').replace(/\s+/g, ' ');
  v = v.replace(/\b(?:plan|tier|package|edition|support|channel|level)\b/g, '').trim();
  const level = /^(?:p|sev|severity|priority|prio|s)\s*-?\s*(\d)$/.exec(v);
  if (level?.[1]) return level[1];
  v = SYNONYMS[v] ?? v;
  return v.replace(/[^a-z0-9]+/g, '');
};

/** A qualifier value may name several ("email and chat", "P1/P2"): any of them agreeing is agreement. */
const values = (value: string): string[] =>
  value
    .split(/\s*(?:,|\/|\||&|\band\b|\bor\b)\s*/i)
    .map(normaliseQualifier)
    .filter(Boolean);

const agree = (promised: string | undefined, reported: string | undefined): boolean => {
  if (!promised || !reported) return true;
  const a = values(promised);
  const b = values(reported);
  return a.length === 0 || b.length === 0 || a.some((x) => b.includes(x));
};

const dimension = (c: StoredComplaint, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const found = Object.entries(c.dimensions).find(([k]) => k.toLowerCase() === key);
    if (found) return found[1];
  }
  return undefined;
};

/** Qualifiers that must agree when both sides state them. */
const qualifiersAgree = (q: Qualifiers, c: StoredComplaint): boolean =>
  agree(q.tier, dimension(c, 'tier', 'plan')) &&
  agree(q.channel, c.channel ?? dimension(c, 'channel')) &&
  agree(q.severity, dimension(c, 'severity', 'priority'));

const inWindow = (at: string, window: Window): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(window.start) && t < Date.parse(window.end);
};

/**
 * The promise's threshold in wall-clock minutes. Business units are approximated without a calendar: a
 * business day counts as a day plus a weekend (two days) for every five business days begun, a business hour
 * as an eighth of a business day, so a reported wait is only called a breach when it exceeds the longest
 * wall-clock time the promise could allow.
 */
export const thresholdMinutes = (threshold: number | null, unit: Unit | null): number | null => {
  if (threshold === null || unit === null) return null;
  if (isBusinessUnit(unit)) {
    const days = unit === 'business_days' ? threshold : threshold / 8;
    return Math.round((days + 2 * Math.ceil(days / 5)) * 1440);
  }
  return toMinutes(threshold, unit);
};

export const BUSINESS_UNITS_NOTE =
  'Business hours and days are approximated without a calendar: a business day as a day plus two weekend days per five begun, a business hour as an eighth of a business day.';

interface Judged {
  complaint: StoredComplaint;
  alleging: boolean;
  /** How far the worst reported wait exceeds the threshold (ratio), 0 when none does. */
  excess: number;
  quote: string;
}

const QUOTE_LENGTH = 160;

/** A short excerpt: the sentence holding `needle`, cut to about 160 characters around it, masked. */
const excerpt = (text: string, needle: string | undefined): string => {
  const normal = normaliseText(text);
  const sentences = splitSentences(normal);
  const sentence =
    (needle ? sentences.find((s) => s.text.includes(needle)) : undefined)?.text ??
    sentences[0]?.text ??
    normal;
  let out = sentence;
  if (out.length > QUOTE_LENGTH) {
    const at = needle ? Math.max(0, out.indexOf(needle)) : 0;
    const start = Math.max(0, Math.min(at - 60, out.length - QUOTE_LENGTH));
    out = `${start > 0 ? '…' : ''}${out.slice(start, start + QUOTE_LENGTH).trim()}…`;
  }
  return maskPersonalData(out);
};

/** Promise kinds where a plain allegation of the failure is a breach, with no duration needed. */
const NO_DURATION_NEEDED: ReadonlySet<Category> = new Set([
  'uptime',
  'availability_hours',
  'credit_compensation',
  'other',
]);

const judge = (promise: LinkablePromise, complaint: StoredComplaint, window: Window): Judged => {
  const limit = thresholdMinutes(promise.threshold, promise.unit);
  const durations = complaint.analysis.durations;
  // An uptime promise in percent: the downtime it allows over the window.
  const uptimePercent =
    promise.category === 'uptime' && promise.unit === 'percent' && promise.threshold !== null;
  const allowed =
    uptimePercent && promise.threshold !== null
      ? ((100 - promise.threshold) / 100) * ((Date.parse(window.end) - Date.parse(window.start)) / 60_000)
      : limit;
  if (durations.length > 0 && allowed !== null && (promise.operator === '<=' || uptimePercent)) {
    const worst = durations.reduce((a, b) => (durationMinutes(b) > durationMinutes(a) ? b : a));
    const minutes = durationMinutes(worst);
    const excess = minutes > allowed ? minutes / Math.max(allowed, 1) : 0;
    return { complaint, alleging: excess > 0, excess, quote: excerpt(complaint.text, worst.quote) };
  }
  // No comparable duration: the complaint alleges a breach when it says the thing never happened ("no
  // reply", "still not fixed", "never shipped", "no refund"), or for promises with no time limit to compare
  // (uptime, hours of availability, credits, refund windows) when it says the failure happened at all.
  const evidence = detectCategories(splitSentences(normaliseText(complaint.text))).evidence.filter(
    (e) => e.category === promise.category,
  );
  const denial = evidence.find((e) => e.kind === 'denied');
  const windowPromise = promise.operator === '>=' || NO_DURATION_NEEDED.has(promise.category);
  const telling = denial ?? (windowPromise ? evidence[0] : undefined);
  return {
    complaint,
    alleging: telling !== undefined,
    excess: 0,
    quote: excerpt(complaint.text, (telling ?? evidence[0])?.sentence),
  };
};

/**
 * The complaints that count against `promise` in `window`: analysed as complaints in the promise's category,
 * qualifiers agreeing where both sides state them (tier, channel, severity vs priority), time inside the
 * window. A reported wait beyond the threshold (units converted; business units approximated) is an alleged
 * breach; so is a complaint with no duration that plainly says the promised thing never happened.
 */
export const linkComplaints = (
  promise: LinkablePromise,
  complaints: StoredComplaint[],
  window: Window,
): ComplaintEvidence => {
  const judged = complaints
    .filter(
      (c) =>
        c.analysis.isComplaint &&
        c.analysis.categories.includes(promise.category) &&
        inWindow(c.at, window) &&
        qualifiersAgree(promise.qualifiers, c),
    )
    .map((c) => judge(promise, c, window));
  const telling = judged
    .filter((j) => j.alleging)
    .sort(
      (a, b) =>
        b.excess - a.excess ||
        a.complaint.analysis.sentiment - b.complaint.analysis.sentiment ||
        a.complaint.at.localeCompare(b.complaint.at),
    )
    .slice(0, 3);
  return {
    matched: judged.length,
    allegingBreach: judged.filter((j) => j.alleging).length,
    quotes: telling.map((j) => ({ id: j.complaint.id, at: j.complaint.at, quote: j.quote })),
    perceptionGap: false,
  };
};

export interface PerceptionGapRule {
  /** Share of matched complaints that allege a breach, 0..100. */
  rate: number;
  minComplaints: number;
}

export const PERCEPTION_GAP_RULE =
  'Perception gap: the metrics say the promise was kept (or at risk), yet at least the set minimum number of complaints in the window (3 by default) allege a breach, and they make up at least the set share (20% by default) of the complaints matched to the promise.';

/** The rule with its figures, for a digest footer. */
export const describePerceptionGapRule = (rule: PerceptionGapRule): string =>
  `Perception gap: the metrics say the promise was kept (or at risk), yet at least ${rule.minComplaints} complaints in the window allege a breach, and they make up at least ${rule.rate}% of the complaints matched to the promise.`;

export const assessPerceptionGap = (
  status: VerdictStatus,
  evidence: ComplaintEvidence,
  rule: PerceptionGapRule,
): boolean =>
  (status === 'kept' || status === 'at_risk') &&
  evidence.matched > 0 &&
  evidence.allegingBreach >= rule.minComplaints &&
  (evidence.allegingBreach * 100) / evidence.matched >= rule.rate;

/**
 * The complaint side of an evaluation, ready to pass to compliance's evaluateWindow: link each
 * promise to its complaints and flag a perception gap by the configured rule.
 */
export const complaintJudgement = (config: {
  perceptionGapRate: number;
  perceptionGapMinComplaints: number;
}) => {
  const rule: PerceptionGapRule = {
    rate: config.perceptionGapRate,
    minComplaints: config.perceptionGapMinComplaints,
  };
  return {
    link: linkComplaints,
    perceptionGap: (status: VerdictStatus, evidence: ComplaintEvidence) =>
      assessPerceptionGap(status, evidence, rule),
  };
};
