// analyzeComplaint: is it a complaint, which promise categories it says were broken, the durations the
// customer reports, and its sentiment, read by the committed model (model/complaints-model.json, rebuilt by
// `npm run train:complaints`) over the rule tables' verdicts and the text's words.

import type { ComplaintAnalysis } from '../core/index.ts';
import { ComplaintInputError } from './errors.ts';
import { complaintFeatures } from './features.ts';
import committed from './model/complaints-model.json' with { type: 'json' };
import {
  type ComplaintModel,
  type ComplaintProbabilities,
  decide,
  type PackedComplaintModel,
  unpackModel,
} from './model.ts';

/** The committed model, as trained. */
export const COMPLAINT_MODEL: ComplaintModel = unpackModel(committed as PackedComplaintModel);

export const analyzeComplaint = (text: string): ComplaintAnalysis => {
  if (typeof text !== 'string')
    throw new ComplaintInputError(`complaint text must be a string, got ${typeof text}`);
  const { isComplaint, categories, durations, sentiment } = decide(COMPLAINT_MODEL, complaintFeatures(text));
  return { isComplaint, categories, durations, sentiment };
};

/** The analysis with the model's probabilities behind it (linking weighs complaints by them). */
export const readWithModel = (
  text: string,
): ComplaintAnalysis & { probabilities: ComplaintProbabilities } => {
  if (typeof text !== 'string')
    throw new ComplaintInputError(`complaint text must be a string, got ${typeof text}`);
  return decide(COMPLAINT_MODEL, complaintFeatures(text));
};
