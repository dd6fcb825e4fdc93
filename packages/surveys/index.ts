// Public entry of surveys: survey exports and API answers read into scored answers, and the survey
// signal of a promise (CSAT, NPS, trend, comments as complaints, the perception gap below a floor).

export { SurveyFileError } from './errors.ts';
export {
  commentComplaintId,
  commentsAsComplaints,
  DEFAULT_SURVEY_RULE,
  describeSurveyRule,
  matchSurveys,
  SURVEYED_CATEGORIES,
  type SurveyRule,
  surveyEvidence,
  surveyPerceptionGap,
} from './evidence.ts';
export { type SurveyJudgement, surveyJudgement } from './judgement.ts';
export {
  type ParsedSurveys,
  parseSurveysCsv,
  readScore,
  SURVEY_FORMATS,
  type SurveyFormat,
  type SurveyParseOptions,
  type SurveyRowError,
  surveyIdentity,
} from './parse.ts';
export { FRESHDESK_CODES, readScale, SCALE_HINT, SCALES, type ScaleRule } from './scales.ts';
