// The one public shape of a window's verdicts: what `run --json`, `evaluate --json`, GET /v1/compliance
// and the digest's input carry. The accounting rules are stated once per response (`rules`), and each
// verdict names the version it was graded under (`rulesVersion`), instead of 4-5 KB repeated per verdict.

import type { Verdict, VerdictStatus, Window } from './domain.ts';
import { sha256Hex } from './ids.ts';

export interface RulesRef {
  /** A short hash of `text`: equal versions mean the same rules and settings. */
  version: string;
  text: string;
}

/**
 * A verdict as published: the stored verdict, with its rules text replaced by the rules' version. A
 * window's verdicts carry their evidence in brief (the worst case measured, the complaint counts,
 * quotes and themes); a promise's history (GET /v1/compliance/{promiseId}) carries it in full: every
 * worst case kept and the ids of the linked complaints.
 */
export type PublicVerdict = Omit<Verdict, 'rules'> & { rulesVersion: string };

export type VerdictSummary = Record<VerdictStatus, number> & { total: number };

export interface ComplianceBody {
  window: Window;
  evaluatedAt: string | null;
  summary: VerdictSummary;
  /** The rules most verdicts were graded under; null when there are no verdicts. */
  rules: RulesRef | null;
  /** Only when some verdicts were graded under other rules (a window partly re-evaluated). */
  otherRules?: RulesRef[];
  verdicts: PublicVerdict[];
}

const versions = new Map<string, string>();

/** The version of a rules text; memoised, as a window's verdicts share one or two texts. */
export const rulesVersionOf = (text: string): string => {
  let version = versions.get(text);
  if (version === undefined) {
    version = sha256Hex(text).slice(0, 12);
    if (versions.size > 64) versions.clear();
    versions.set(text, version);
  }
  return version;
};

/** How much evidence a published verdict carries: `brief` in a window's list, `full` in a promise's history. */
export type EvidenceDetail = 'brief' | 'full';

export const toPublicVerdict = (verdict: Verdict, detail: EvidenceDetail = 'brief'): PublicVerdict => {
  const { rules, ...rest } = verdict;
  const published: PublicVerdict = { ...rest, rulesVersion: rulesVersionOf(rules) };
  if (detail === 'full') return published;
  // In brief: the worst case only (they are stored worst first), and no list of linked complaint ids
  // (`matched` counts them, `weighted` sums their weights): ~20% of a window's bytes, ~30% gzipped.
  const { delivery, complaints } = published;
  if (delivery && delivery.worst.length > 1)
    published.delivery = { ...delivery, worst: delivery.worst.slice(0, 1) };
  if (complaints?.linked) {
    const { linked: _ids, ...counts } = complaints;
    published.complaints = counts;
  }
  return published;
};

/** Worst first: breached, at risk, kept, no data. */
export const STATUS_ORDER: readonly VerdictStatus[] = ['breached', 'at_risk', 'kept', 'no_data'];

/** Worst first, then by category and promise id: the order every surface lists verdicts in. */
export const sortVerdicts = <V extends Pick<Verdict, 'status' | 'promiseId' | 'promise'>>(
  verdicts: readonly V[],
): V[] =>
  [...verdicts].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.promise.category.localeCompare(b.promise.category) ||
      a.promiseId.localeCompare(b.promiseId),
  );

export const summarise = (verdicts: readonly { status: VerdictStatus }[]): VerdictSummary => {
  const summary = { total: verdicts.length, kept: 0, at_risk: 0, breached: 0, no_data: 0 };
  for (const v of verdicts) summary[v.status] += 1;
  return summary;
};

/** The rules of a set of verdicts, the most used first. */
export const rulesOf = (verdicts: readonly Verdict[]): RulesRef[] => {
  const counts = new Map<string, number>();
  for (const v of verdicts) counts.set(v.rules, (counts.get(v.rules) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([text]) => ({ version: rulesVersionOf(text), text }));
};

/** The rules part of a response: `rules`, and `otherRules` only when there is more than one text. */
export const rulesFields = (verdicts: readonly Verdict[]): Pick<ComplianceBody, 'rules' | 'otherRules'> => {
  const [first, ...others] = rulesOf(verdicts);
  return { rules: first ?? null, ...(others.length > 0 ? { otherRules: others } : {}) };
};

const latestEvaluation = (verdicts: readonly Verdict[]): string | null =>
  verdicts.reduce<string | null>(
    (latest, v) => (latest === null || v.evaluatedAt > latest ? v.evaluatedAt : latest),
    null,
  );

/** A window's verdicts in the published shape (evidence in brief), in the order given. */
export const complianceBody = (window: Window, verdicts: readonly Verdict[]): ComplianceBody => ({
  window,
  evaluatedAt: latestEvaluation(verdicts),
  summary: summarise(verdicts),
  ...rulesFields(verdicts),
  verdicts: verdicts.map((v) => toPublicVerdict(v)),
});
