// The survey side of an evaluation, ready to spread into compliance's evaluateWindow deps beside
// complaintJudgement: the answers' figures per promise, their comments as complaints, the gap rule.

import type { ComplaintEvidence, StoredSurvey, SurveyEvidence, VerdictStatus } from '../core/index.ts';
import {
  commentComplaintId,
  commentsAsComplaints,
  describeSurveyRule,
  type SurveyRule,
  surveyEvidence,
  surveyPerceptionGap,
} from './evidence.ts';

export interface SurveyJudgement {
  comments: typeof commentsAsComplaints;
  evidence(
    promise: Parameters<typeof surveyEvidence>[0],
    current: readonly StoredSurvey[],
    previous: readonly StoredSurvey[],
    complaints: ComplaintEvidence | null,
  ): SurveyEvidence | undefined;
  perceptionGap(status: VerdictStatus, evidence: SurveyEvidence | undefined): boolean;
  /** The settings line added to the rules the verdict carries. */
  settings: string;
}

/** From the config's `surveys` section (floor, npsFloor, minResponses). */
export const surveyJudgement = (config: {
  floor: number;
  npsFloor?: number | undefined;
  minResponses: number;
}): { surveys: SurveyJudgement } => {
  const rule: SurveyRule = {
    floor: config.floor,
    minResponses: config.minResponses,
    ...(config.npsFloor === undefined ? {} : { npsFloor: config.npsFloor }),
  };
  const prefix = commentComplaintId('');
  return {
    surveys: {
      comments: commentsAsComplaints,
      evidence: (promise, current, previous, complaints) =>
        surveyEvidence(
          promise,
          current,
          previous,
          rule,
          complaints?.linked?.filter((l) => l.id.startsWith(prefix)).length ?? 0,
        ),
      perceptionGap: surveyPerceptionGap,
      settings: describeSurveyRule(rule),
    },
  };
};
