// Which series back a promise: those whose dimensions agree with the promise's qualifiers wherever
// both state one. "Severity 1" on a page and "urgent" in a help desk are the same level.

import type { Qualifiers, SeriesKey } from '../core/index.ts';
import { normaliseChannel, normalisePriority, normaliseTier } from '../ingest/normalise.ts';

const loose = (value: string): string => value.trim().toLowerCase().replace(/\s+/g, ' ');

interface QualifierRule {
  qualifier: 'tier' | 'severity' | 'channel' | 'region' | 'scope';
  /** Series dimension names that carry the same thing. */
  dimensions: string[];
  agree(promised: string, recorded: string): boolean;
  /**
   * Free text ("Monthly uptime commitment", "Contiguous United States") that names none of the
   * recorded values cannot be mapped onto the data, so it does not narrow it.
   */
  freeText?: boolean;
}

const same =
  (normalise: (v: string) => string) =>
  (a: string, b: string): boolean =>
    normalise(a) === normalise(b);
const overlapping = (a: string, b: string): boolean => {
  const x = loose(a);
  const y = loose(b);
  return x === y || x.includes(y) || y.includes(x);
};

export const QUALIFIER_RULES: QualifierRule[] = [
  { qualifier: 'tier', dimensions: ['tier', 'plan'], agree: same(normaliseTier) },
  { qualifier: 'severity', dimensions: ['priority', 'severity'], agree: same(normalisePriority) },
  { qualifier: 'channel', dimensions: ['channel', 'via', 'source'], agree: same(normaliseChannel) },
  { qualifier: 'region', dimensions: ['region'], agree: overlapping, freeText: true },
  { qualifier: 'scope', dimensions: ['scope', 'service'], agree: overlapping, freeText: true },
];

const recorded = (series: SeriesKey, names: string[]): string | undefined => {
  for (const name of names) {
    const value = series.dimensions[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
};

/** The series (of the promise's metric) whose dimensions agree with its qualifiers. */
export const matchSeries = (promise: { qualifiers: Qualifiers }, available: SeriesKey[]): SeriesKey[] => {
  const rules = QUALIFIER_RULES.filter((rule) => {
    const promised = promise.qualifiers[rule.qualifier];
    if (promised === undefined || promised === '') return false;
    if (!rule.freeText) return true;
    return available.some((s) => {
      const value = recorded(s, rule.dimensions);
      return value !== undefined && rule.agree(promised, value);
    });
  });
  return available.filter((series) =>
    rules.every((rule) => {
      const value = recorded(series, rule.dimensions);
      return value === undefined || rule.agree(String(promise.qualifiers[rule.qualifier]), value);
    }),
  );
};

/** Qualifiers the promise states but none of the matched series records (they could not narrow it). */
export const unrecordedQualifiers = (promise: { qualifiers: Qualifiers }, matched: SeriesKey[]): string[] =>
  QUALIFIER_RULES.filter((rule) => {
    const promised = promise.qualifiers[rule.qualifier];
    return (
      promised !== undefined &&
      promised !== '' &&
      matched.length > 0 &&
      matched.every((s) => recorded(s, rule.dimensions) === undefined)
    );
  }).map((rule) => rule.qualifier);
