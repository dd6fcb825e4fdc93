// Public entry of the policy gap: help-desk SLA policy files, and each commitment set beside the
// internal target that governs the same tickets.

export { PolicyFileError } from './errors.ts';
export {
  type CommitmentTerms,
  compareTarget,
  type GoverningTarget,
  governingTargets,
  longestSpanFor,
  mostBusinessMinutesIn,
  type PolicyGap,
  type PolicyGapStatus,
  pageName,
  policyGaps,
  policyRelation,
  statedTarget,
} from './gaps.ts';
export { importPolicyFile, type PolicyImportReport } from './import.ts';
export { detectPolicyFormat, type ParsePolicyOptions, parsePolicies, readPolicyText } from './parse.ts';
export { POLICY_GAP_RULES } from './rules.ts';
export { type GapSignals, gatherGapSignals, type SignalStore } from './signals.ts';
