// Public entry of complaints: analysis of complaint text, complaint files, linking to promises, masking.

export { analyzeComplaint, CONTENT_MARKERS, DISCONTENT_MARKERS } from './analyze.ts';
export { CATEGORY_RULES, type CategoryRule, type RuleKind } from './categories.ts';
export { DURATION_EXCLUSIONS, extractDurations, MENTION_PATTERNS, UNIT_WORDS } from './durations.ts';
export { ComplaintInputError, ComplaintsFileError } from './errors.ts';
export { NUMBER_WORDS } from './numbers.ts';
export { SARCASM_MARKERS } from './sentiment.ts';
