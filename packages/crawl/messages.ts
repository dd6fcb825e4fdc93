// The crawl queue's message: one page to fetch in one run. Checked on read, so a malformed
// message fails alone (and ends in the dead-letter queue) instead of crashing the batch.

import { z } from 'zod';
import { CrawlMessageError } from './errors.ts';
import type { CrawlMessage } from './types.ts';

const crawlMessageSchema = z.object({
  runId: z.string().min(1),
  url: z.string().url(),
  sourceKind: z.enum(['marketing', 'sla', 'policy', 'support-plan']),
  depth: z.number().int().nonnegative(),
  source: z.union([z.number().int().nonnegative(), z.string().min(1)]),
});

export const serializeCrawlMessage = (message: CrawlMessage): string => JSON.stringify(message);

export const parseCrawlMessage = (body: string, messageId = '(unknown)'): CrawlMessage => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new CrawlMessageError(`message ${messageId}: body is not JSON`, { cause });
  }
  const parsed = crawlMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new CrawlMessageError(`message ${messageId}: ${problems.join('; ')}`);
  }
  return parsed.data;
};
