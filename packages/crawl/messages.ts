// The crawl queue's message: one page to fetch in one run. Checked on read, so a malformed
// message fails alone (and ends in the dead-letter queue) instead of crashing the batch.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { CrawlMessageError } from './errors.ts';
import type { CrawlMessage } from './types.ts';

// zod/mini: classic zod's namespace puts ~440 KB into every Lambda bundle that reads a message.
// Mini has no messages of its own; the English ones classic zod shows are configured.
z.config(en());

const nonNegativeInt = () => z.number().check(z.int(), z.nonnegative());

const crawlMessageSchema = z.object({
  runId: z.string().check(z.minLength(1)),
  url: z.url(),
  sourceKind: z.enum(['marketing', 'sla', 'policy', 'support-plan']),
  depth: nonNegativeInt(),
  source: z.union([nonNegativeInt(), z.string().check(z.minLength(1))]),
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
