// The extract queue's message: the crawl worker sends one per new or changed snapshot, the
// extract function reads it. Only the URL travels; the snapshot itself is in the table.

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { Snapshot, SnapshotMeta } from '../../packages/core/index.ts';
import { MessageFormatError } from './errors.ts';

export interface ExtractMessage {
  url: string;
  /** When the snapshot was fetched, for logs and to spot stale messages. */
  fetchedAt: string;
  contentHash: string;
  /** The content hash this snapshot replaces, when there was one. */
  previousHash?: string;
}

// zod/mini keeps the bundles small (see packages/core/config.ts); English messages as classic zod.
z.config(en());

const extractMessageSchema = z.object({
  url: z.url(),
  fetchedAt: z.iso.datetime({ offset: true }),
  contentHash: z.string().check(z.minLength(1)),
  previousHash: z.optional(z.string().check(z.minLength(1))),
});

export const serializeExtractMessage = (message: ExtractMessage): string => JSON.stringify(message);

export const parseExtractMessage = (body: string, messageId: string): ExtractMessage => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new MessageFormatError('extract', messageId, 'body is not JSON', { cause });
  }
  const parsed = extractMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new MessageFormatError('extract', messageId, problems.join('; '));
  }
  return parsed.data;
};

/**
 * The crawl worker's `onSnapshot` in AWS: queue the snapshot for extraction. A send failure
 * throws, so the page's record fails and the page is fetched again on retry.
 */
export const makeExtractEnqueuer =
  (deps: { sqs: Pick<SQSClient, 'send'>; queueUrl: string }) =>
  async (snapshot: Snapshot, previous?: SnapshotMeta): Promise<void> => {
    const message: ExtractMessage = {
      url: snapshot.url,
      fetchedAt: snapshot.fetchedAt,
      contentHash: snapshot.contentHash,
      ...(previous ? { previousHash: previous.contentHash } : {}),
    };
    await deps.sqs.send(
      new SendMessageCommand({ QueueUrl: deps.queueUrl, MessageBody: serializeExtractMessage(message) }),
    );
  };
