import { describe, expect, it } from 'vitest';
import { makeExtractHandler } from '../../../functions/extract/extract-handler.ts';
import { serializeExtractMessage } from '../../../functions/shared/extract-messages.ts';
import { lambdaContext, recordingLogger, sqsEvent, sqsRecord, steppingClock } from './fakes.ts';

const message = (url: string) =>
  serializeExtractMessage({ url, fetchedAt: '2026-11-16T05:00:00.000Z', contentHash: 'abc123' });

const setup = (failFor: string[] = []) => {
  const extracted: string[] = [];
  const logger = recordingLogger();
  const handler = makeExtractHandler({
    logger,
    now: steppingClock('2026-11-16T05:00:00Z', 40),
    extract: async (url) => {
      if (failFor.includes(url)) throw new Error(`cannot extract ${url}`);
      extracted.push(url);
    },
  });
  return { handler, extracted, logger };
};

describe('extract handler', () => {
  it('extracts the snapshot each message names and reports no failure', async () => {
    const { handler, extracted, logger } = setup();
    const response = await handler(
      sqsEvent(
        sqsRecord('m1', message('https://a.example/sla')),
        sqsRecord('m2', message('https://a.example/pricing')),
      ),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(extracted).toEqual(['https://a.example/sla', 'https://a.example/pricing']);
    expect(logger.lines.filter((l) => l.message === 'snapshot extracted')[0]?.attributes).toEqual({
      url: 'https://a.example/sla',
      contentHash: 'abc123',
      ms: expect.any(Number),
    });
  });

  it('fails only the record whose extraction threw, so only it is retried', async () => {
    const { handler, extracted, logger } = setup(['https://a.example/broken']);
    const response = await handler(
      sqsEvent(
        sqsRecord('ok', message('https://a.example/sla')),
        sqsRecord('bad', message('https://a.example/broken')),
      ),
      lambdaContext(),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(extracted).toEqual(['https://a.example/sla']);
    expect(logger.lines.at(-1)).toEqual({
      level: 'warn',
      message: 'snapshots not extracted',
      attributes: { failed: 1, of: 2 },
    });
  });

  it.each([
    ['not JSON', '{nope'],
    ['no URL', JSON.stringify({ fetchedAt: '2026-11-16T05:00:00Z', contentHash: 'x' })],
    ['a relative URL', JSON.stringify({ url: '/sla', fetchedAt: '2026-11-16T05:00:00Z', contentHash: 'x' })],
  ])('fails a message with %s (it ends in the dead-letter queue) and extracts nothing', async (_, body) => {
    const { handler, extracted } = setup();
    const response = await handler(sqsEvent(sqsRecord('poison', body)), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(extracted).toEqual([]);
  });
});
