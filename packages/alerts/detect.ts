// Pure detection: from verdicts of the period to date and of the burn-rate lookbacks, which
// commitments are in which alert condition now. Sending and remembering is check.ts's job.

import type { Verdict } from '../core/index.ts';
import type { AlertRules } from './rules.ts';

export type AlertCondition = 'breached' | 'fast_burn' | 'slow_burn' | 'complaints_jump';

export interface DetectedAlert {
  commitmentId: string;
  condition: AlertCondition;
  /** One sentence a person reads in a notification. */
  summary: string;
  quote: string;
  sourceUrl: string;
  /** The figures behind it, for the message and the ledger. */
  figures: Record<string, number | string | null>;
}

/** The verdicts detection reads, each list keyed by commitment id. */
export interface DetectionInput {
  /** The running period (week or month to date). */
  running: Map<string, Verdict>;
  fast: { long: Map<string, Verdict>; short: Map<string, Verdict>; lookbackHours: (id: string) => number };
  slow: { long: Map<string, Verdict>; short: Map<string, Verdict>; lookbackHours: (id: string) => number };
  rules: AlertRules;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * How many times faster than an even spend the error budget burned in a verdict's window:
 * the share of misses over the share the target allows. Null when it cannot be said: no
 * measured cases, or a target of every case (any miss is a breach, not a rate).
 */
export const burnRate = (verdict: Verdict | undefined): number | null => {
  const d = verdict?.delivery;
  if (!verdict || !d || verdict.status === 'no_data' || d.samples <= 0) return null;
  if (verdict.promise.qualifiers.statistic === 'mean' || verdict.promise.qualifiers.statistic === 'median')
    return null;
  const target = verdict.promise.category === 'uptime' ? (verdict.promise.threshold ?? d.target) : d.target;
  if (target === null) return null;
  const allowed = (100 - target) / 100;
  if (!(allowed > 0)) return null;
  const missed = Math.max(0, 100 - d.attainment) / 100;
  return missed / allowed;
};

const describeRate = (rate: number): string => (rate >= 100 ? `${Math.round(rate)}×` : `${round(rate, 1)}×`);

const burn = (
  id: string,
  running: Verdict,
  pair: DetectionInput['fast'],
  threshold: number,
  condition: 'fast_burn' | 'slow_burn',
): DetectedAlert | undefined => {
  const long = burnRate(pair.long.get(id));
  const short = burnRate(pair.short.get(id));
  // 1e-9: 0.7 / 0.05 is 13.999999999999998 in floating point, and 14 is the rule.
  if (long === null || short === null || long < threshold - 1e-9 || short < threshold - 1e-9)
    return undefined;
  const hours = pair.lookbackHours(id);
  const span = hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
  return {
    commitmentId: id,
    condition,
    summary: `error budget burning ${describeRate(long)} faster than an even spend over the last ${span} (alert at ${threshold}×)`,
    quote: running.promise.quote,
    sourceUrl: running.promise.sourceUrl,
    figures: { burnRate: round(long), shortBurnRate: round(short), threshold, lookbackHours: hours },
  };
};

export const detectAlerts = (input: DetectionInput): DetectedAlert[] => {
  const out: DetectedAlert[] = [];
  const ids = [...input.running.keys()].sort();
  for (const id of ids) {
    const running = input.running.get(id);
    if (!running) continue;
    if (running.status === 'breached') {
      out.push({
        commitmentId: id,
        condition: 'breached',
        summary: `broken so far this period (${running.window.id}): ${running.reason.replace(/^breached:\s*/i, '')}`,
        quote: running.promise.quote,
        sourceUrl: running.promise.sourceUrl,
        figures: {
          window: running.window.id,
          attainment: running.delivery ? round(running.delivery.attainment) : null,
          target: running.delivery?.target != null ? round(running.delivery.target) : null,
          samples: running.delivery?.samples ?? null,
        },
      });
    } else {
      // A breach already says more than a burn rate; burn alerts warn before it.
      const fast = burn(id, running, input.fast, input.rules.fast.rate, 'fast_burn');
      const slow = fast ? undefined : burn(id, running, input.slow, input.rules.slow.rate, 'slow_burn');
      if (fast) out.push(fast);
      if (slow) out.push(slow);
    }
    const recent = input.fast.long.get(id)?.complaints?.allegingBreach ?? 0;
    const wider = input.slow.long.get(id)?.complaints?.allegingBreach ?? 0;
    const fastHours = input.fast.lookbackHours(id);
    const slowHours = input.slow.lookbackHours(id);
    const before = Math.max(0, wider - recent);
    const baselinePerHour = slowHours > fastHours ? before / (slowHours - fastHours) : 0;
    const { minComplaints, factor } = input.rules.complaintsJump;
    if (recent >= minComplaints && recent / fastHours >= factor * baselinePerHour) {
      out.push({
        commitmentId: id,
        condition: 'complaints_jump',
        summary: `${recent} complaints alleging a breach in the last ${fastHours} hours, against ${before} in the ${slowHours - fastHours} hours before`,
        quote: running.promise.quote,
        sourceUrl: running.promise.sourceUrl,
        figures: { recent, before, fastHours, slowHours },
      });
    }
  }
  return out;
};
