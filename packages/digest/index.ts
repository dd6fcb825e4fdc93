// Public entry of the digest: build the weekly communication-gap email, gather its input, send it.

export { buildDigest, type Digest } from './build.ts';
export type { DigestCounts, DigestInput, DigestVerdict } from './content.ts';
export { DigestInputError, NoEvaluatedWeekError } from './errors.ts';
export {
  budgetWords,
  describeVerdict,
  statementKey,
  trendWords,
  type UptimeFacts,
  type VerdictFacts,
} from './figures.ts';
export {
  formatDate,
  formatShare,
  promisedPhrase,
  windowLabel,
} from './format.ts';
export {
  changesDuring,
  describeCalendar,
  describePerceptionRule,
  describeRules,
  digestInputFromStore,
  latestEvaluatedWeek,
  windowBefore,
} from './from-store.ts';
export { escapeHtml } from './html.ts';
export { KNOWN_MEASURES, type Measure, measureOf } from './measures.ts';
export { type Rewording, rewordPromise, roundUpToCopy, withinPhrase } from './rewording.ts';
export { type SendDigestDeps, type SendDigestInput, type SendDigestResult, sendDigest } from './send.ts';
