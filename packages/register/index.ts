// Public entry of the promise register: commitments (one per meaning, however many pages state
// it), their statements, reviews and acknowledgements, and the sync that keeps them with the pages.

export {
  acknowledgedOn,
  applyReview,
  checkCorrection,
  defaultMetricFor,
  describeFigure,
  effectiveTerms,
  isGraded,
  manualCommitment,
  needsReview,
  type ReviewAction,
  registerJudgement,
  registerOf,
} from './commitment.ts';
export { type Contradiction, findContradictions } from './contradictions.ts';
export {
  CommitmentExistsError,
  CommitmentNotFoundError,
  InvalidReviewError,
  RegisterBusyError,
} from './errors.ts';
export { commitmentId, commitmentKey, identityQualifiers, subjectKey } from './identity.ts';
export {
  acknowledgeGap,
  addCommitment,
  type CommitmentView,
  commitmentView,
  getCommitment,
  listCommitments,
  type RegisterStore,
  reviewCommitment,
} from './review.ts';
export { type SyncResult, syncPageCommitments, updateCommitment } from './sync.ts';
