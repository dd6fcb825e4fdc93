// Public entry of the digest: build the weekly communication-gap email, gather its input, send it.

export { buildDigest, type Digest } from './build.ts';
export type { DigestCounts, DigestInput } from './content.ts';
export { DigestInputError, NoEvaluatedWeekError } from './errors.ts';
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
export { type Rewording, rewordPromise, roundUpToCopy } from './rewording.ts';
export { type SendDigestDeps, type SendDigestInput, type SendDigestResult, sendDigest } from './send.ts';
