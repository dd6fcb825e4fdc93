// Sends crawl messages to the queue in batches of ten, retrying the entries SQS refused, and
// throwing when some still could not be sent (the invocation fails and is retried).

import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type CrawlMessage, serializeCrawlMessage } from '../../packages/crawl/index.ts';

export class EnqueueError extends Error {
  constructor(
    readonly failed: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${failed} crawl message(s) could not be queued: ${detail}`, options);
    this.name = 'EnqueueError';
  }
}

export interface OutgoingMessage {
  message: CrawlMessage;
  /** SQS delay, 0..900 seconds: spreads a page's links over time to stay polite. */
  delaySeconds?: number;
}

const ATTEMPTS = 3;

export const enqueueCrawlMessages = async (
  sqs: Pick<SQSClient, 'send'>,
  queueUrl: string,
  messages: OutgoingMessage[],
): Promise<number> => {
  for (let start = 0; start < messages.length; start += 10) {
    let entries: SendMessageBatchRequestEntry[] = messages.slice(start, start + 10).map((m, i) => ({
      Id: String(i),
      MessageBody: serializeCrawlMessage(m.message),
      ...(m.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(m.delaySeconds))) } : {}),
    }));
    for (let attempt = 1; entries.length; attempt++) {
      const response = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((response.Failed ?? []).map((f) => f.Id));
      if (!failed.size) break;
      const refused = response.Failed ?? [];
      // Sender faults (a malformed entry) will not pass on a retry.
      if (attempt >= ATTEMPTS || refused.some((f) => f.SenderFault)) {
        throw new EnqueueError(
          refused.length,
          refused.map((f) => `${f.Code ?? 'error'}${f.Message ? ` (${f.Message})` : ''}`).join('; '),
        );
      }
      entries = entries.filter((e) => failed.has(e.Id));
    }
  }
  return messages.length;
};
