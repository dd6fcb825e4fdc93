import { describe, expect, it } from 'vitest';
import {
  type ComposedDigest,
  type DeliveryReport,
  makeEvaluateDigestHandler,
} from '../../../functions/evaluate-digest/evaluate-digest-handler.ts';
import { UnsupportedEventError } from '../../../functions/shared/errors.ts';
import { DIGEST_SUMMARY_MESSAGE } from '../../../functions/shared/log-messages.ts';
import type { Verdict, VerdictStatus, Window } from '../../../packages/core/index.ts';
import { recordingLogger } from './fakes.ts';

const verdict = (status: VerdictStatus) => ({ status }) as Verdict;

const setup = (
  report: DeliveryReport = { sent: ['a@x.example', 'b@x.example'], skipped: [], rejected: [] },
) => {
  const calls: { evaluated: Window[]; composed: Window[]; sent: ComposedDigest[] } = {
    evaluated: [],
    composed: [],
    sent: [],
  };
  const logger = recordingLogger();
  const handler = makeEvaluateDigestHandler({
    // Wednesday of ISO week 2026-W47: the latest complete week is W46.
    now: () => new Date('2026-11-18T07:00:00Z'),
    logger,
    evaluate: async (window) => {
      calls.evaluated.push(window);
      return [verdict('kept'), verdict('breached'), verdict('breached'), verdict('no_data')];
    },
    compose: async (window) => {
      calls.composed.push(window);
      return { subject: `digest ${window.id}`, html: '<p>x</p>', text: 'x' };
    },
    send: async (digest) => {
      calls.sent.push(digest);
      return report;
    },
  });
  return { handler, calls, logger };
};

describe('evaluate-digest handler', () => {
  it('evaluates the latest complete week and sends its digest', async () => {
    const { handler, calls } = setup();
    const result = await handler({ trigger: 'schedule' });
    expect(calls.evaluated.map((w) => w.id)).toEqual(['2026-W46']);
    expect(calls.sent.map((d) => d.subject)).toEqual(['digest 2026-W46']);
    expect(result).toEqual({
      windowId: '2026-W46',
      verdicts: 4,
      statuses: { kept: 1, at_risk: 0, breached: 2, no_data: 1 },
      sent: 2,
      skipped: 0,
      rejected: 0,
      failed: 0,
    });
  });

  it('re-runs the week an operator names', async () => {
    const { handler, calls } = setup();
    await handler({ window: '2026-W40' });
    expect(calls.evaluated.map((w) => w.id)).toEqual(['2026-W40']);
  });

  it('evaluates without emailing when asked not to send', async () => {
    const { handler, calls } = setup();
    const result = await handler({ window: '2026-W40', send: false });
    expect(calls.composed).toEqual([]);
    expect(result.sent).toBe(0);
  });

  it('treats an empty event as the schedule', async () => {
    const { handler, calls } = setup();
    await handler(null);
    expect(calls.evaluated).toHaveLength(1);
  });

  it.each(['2026-W60', 'last week'])('refuses the window "%s" with a clear error', async (window) => {
    const { handler, calls } = setup();
    await expect(handler({ window })).rejects.toThrow(UnsupportedEventError);
    await expect(handler({ window })).rejects.toThrow(/event\.window: not a window/);
    expect(calls.evaluated).toEqual([]);
  });

  it('counts rejected and failed recipients in the summary line the alarm reads, without addresses', async () => {
    const { handler, logger } = setup({
      sent: ['a@x.example'],
      skipped: ['b@x.example'],
      rejected: [{ recipient: 'c@x.example', error: 'MessageRejected' }],
      failed: [{ recipient: 'd@x.example', error: 'Throttling' }],
    });
    const result = await handler({});
    expect(result).toMatchObject({ sent: 1, skipped: 1, rejected: 1, failed: 2 });
    const summary = logger.lines.find((l) => l.message === DIGEST_SUMMARY_MESSAGE);
    expect(summary?.attributes).toEqual({
      windowId: '2026-W46',
      sent: 1,
      skipped: 1,
      rejected: 1,
      failed: 2,
    });
    expect(JSON.stringify(logger.lines)).not.toContain('@');
  });

  it('lets a send that throws propagate, so the schedule retries and the error alarm fires', async () => {
    const logger = recordingLogger();
    const handler = makeEvaluateDigestHandler({
      now: () => new Date('2026-11-18T07:00:00Z'),
      logger,
      evaluate: async () => [],
      compose: async () => ({ subject: 's', html: 'h', text: 't' }),
      send: async () => {
        throw new Error('account paused');
      },
    });
    await expect(handler({})).rejects.toThrow('account paused');
    expect(logger.lines.some((l) => l.message === DIGEST_SUMMARY_MESSAGE)).toBe(false);
  });
});

describe('the scheduled run in the calendar zone', () => {
  it.each([
    // Monday 23 March 2026 07:00 in Sydney (AEDT, UTC+11) is Sunday 22 March 20:00 UTC: the local
    // week 2026-W12 (Monday 16 March 00:00 to Monday 23 March 00:00 local) ended seven hours before.
    ['Australia/Sydney', '2026-03-22T20:00:00Z', '2026-W12', '2026-03-15T13:00:00.000Z'],
    // Monday 23 March 07:00 in Los Angeles (PDT, UTC-7) is 14:00 UTC: the same week, in its zone.
    ['America/Los_Angeles', '2026-03-23T14:00:00Z', '2026-W12', '2026-03-16T07:00:00.000Z'],
    // Monday 07:00 in Kolkata (UTC+5:30) is Monday 01:30 UTC.
    ['Asia/Kolkata', '2026-03-23T01:30:00Z', '2026-W12', '2026-03-15T18:30:00.000Z'],
  ])('grades the local week that just ended in %s', async (timeZone, at, week, start) => {
    const evaluated: Window[] = [];
    const handler = makeEvaluateDigestHandler({
      now: () => new Date(at),
      timeZone,
      logger: recordingLogger(),
      evaluate: async (window) => {
        evaluated.push(window);
        return [];
      },
      compose: async () => ({ subject: 's', html: 'h', text: 't' }),
      send: async () => ({ sent: [], skipped: [], rejected: [] }),
    });
    const result = await handler({ trigger: 'schedule', send: false });
    expect(result.windowId).toBe(week);
    expect(evaluated[0]).toMatchObject({ id: week, start, timeZone });
  });
});
