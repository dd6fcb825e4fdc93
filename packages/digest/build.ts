// buildDigest: verdicts in, subject + HTML + text out. Pure: no clock, no network, no store.

import { buildDigestModel, type DigestCounts, type DigestInput } from './content.ts';
import { renderHtml } from './html.ts';
import { renderText } from './text.ts';

export interface Digest {
  subject: string;
  html: string;
  text: string;
  counts: DigestCounts;
}

export const buildDigest = (input: DigestInput): Digest => {
  const model = buildDigestModel(input);
  return { subject: model.subject, html: renderHtml(model), text: renderText(model), counts: model.counts };
};
