// The extract function's logic: each SQS record names a snapshot to extract. Records fail on
// their own (batch item failures), so one bad page is retried and dead-lettered alone.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../packages/core/index.ts';
import { parseExtractMessage } from '../shared/extract-messages.ts';

export interface ExtractHandlerDeps {
  /** Loads the latest snapshot of `url`, extracts, diffs and writes promises and versions. */
  extract: (url: string) => Promise<unknown>;
  logger: Logger;
  now: () => Date;
}

export const makeExtractHandler = (deps: ExtractHandlerDeps) => {
  const processor = new BatchProcessor(EventType.SQS);
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseExtractMessage(record.body, record.messageId);
    const started = deps.now().getTime();
    await deps.extract(message.url);
    deps.logger.info('snapshot extracted', {
      url: message.url,
      contentHash: message.contentHash,
      ms: deps.now().getTime() - started,
    });
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const response = await processPartialResponse(event, processRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
    if (response.batchItemFailures.length) {
      deps.logger.warn('snapshots not extracted', {
        failed: response.batchItemFailures.length,
        of: event.Records.length,
      });
    }
    return response;
  };
};
