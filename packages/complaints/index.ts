// Public entry of complaints: analysis of complaint text, complaint files, linking to promises, masking.

export { analyzeComplaintByRules, CONTENT_MARKERS, DISCONTENT_MARKERS } from './analyze.ts';
export { CATEGORY_RULES, type CategoryRule, type RuleKind } from './categories.ts';
export {
  DURATION_EXCLUSIONS,
  extractDurations,
  findDurationMentions,
  MENTION_PATTERNS,
  UNIT_WORDS,
} from './durations.ts';
export { ComplaintInputError, ComplaintsFileError } from './errors.ts';
export {
  assessPerceptionGap,
  BUSINESS_UNITS_NOTE,
  complaintJudgement,
  describePerceptionGapRule,
  type LinkablePromise,
  type LinkRelevance,
  linkComplaints,
  linkRelevance,
  normaliseQualifier,
  PERCEPTION_GAP_RULE,
  type PerceptionGapRule,
  thresholdMinutes,
} from './link.ts';
export { MASKS, maskPersonalData } from './mask.ts';
export {
  analyzeWithModel,
  type ComplaintModel,
  type ComplaintProbabilities,
  type LabelledComplaint,
  trainComplaintModel,
} from './model.ts';
export { NUMBER_WORDS } from './numbers.ts';
export {
  type ComplaintRowError,
  complaintSchema,
  type ParsedComplaints,
  parseComplaintsFile,
  readTimestamp,
} from './parse-file.ts';
export { analyzeComplaint, COMPLAINT_MODEL, readWithModel } from './reader.ts';
export { SARCASM_MARKERS } from './sentiment.ts';
export { complaintThemes, type Theme } from './themes.ts';
