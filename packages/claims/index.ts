// Public entry of vague claims held to evidence.

export {
  CLAIM_CATEGORIES,
  CLAIM_EVIDENCE_RULES,
  type ClaimEvidence,
  type ClaimEvidenceDeps,
  type ClaimFigure,
  type ClaimStatus,
  claimCategory,
  claimsEvidence,
  type SurveyEvidence,
  type SurveyEvidenceSource,
} from './evidence.ts';
