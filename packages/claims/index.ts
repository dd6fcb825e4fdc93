// Public entry of vague claims held to evidence.

export {
  CLAIM_CATEGORIES,
  type ClaimEvidence,
  type ClaimEvidenceDeps,
  type ClaimFigure,
  type ClaimStatus,
  claimCategory,
  claimsEvidence,
  type SurveyEvidence,
  type SurveyEvidenceSource,
} from './evidence.ts';
export { CLAIM_EVIDENCE_RULES } from './rules.ts';
