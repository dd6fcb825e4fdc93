import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { IngestFormatError, parseTicketsCsv } from '../../../packages/ingest/index.ts';

const calendar = createBusinessCalendar({
  timezone: 'Europe/Berlin',
  hours: {
    mon: ['09:00', '17:00'],
    tue: ['09:00', '17:00'],
    wed: ['09:00', '17:00'],
    thu: ['09:00', '17:00'],
    fri: ['09:00', '17:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
});
const file = 'tickets.csv';

const byMetric = (samples: { metric: string; value: number }[]) =>
  Object.fromEntries(samples.map((s) => [s.metric, s.value]));

describe('help-desk ticket exports', () => {
  it('computes calendar and business times from a Zendesk export opened on Friday evening', () => {
    const text = [
      'Id,Created at,First reply at,Solved at,Priority,Via,Plan',
      '101,2026-11-20 18:00:00,2026-11-23 10:00:00,2026-11-23 12:30:00,Urgent,Web form,Pro',
    ].join('\n');
    const { samples, errors } = parseTicketsCsv(text, { calendar, file });
    expect(errors).toEqual([]);
    expect(byMetric(samples)).toEqual({
      first_response_time: 64 * 60,
      first_response_business_time: 1,
      resolution_time: 66.5 * 60,
      resolution_business_time: 3.5,
    });
    expect(samples[0]).toMatchObject({
      unit: 'minutes',
      at: '2026-11-23T09:00:00.000Z',
      dimensions: { tier: 'pro', priority: 'urgent', channel: 'web form' },
      ref: 'ticket 101',
    });
    expect(samples[1]?.unit).toBe('business_hours');
  });

  it('reads a Freshdesk export and its column names', () => {
    const text = [
      'Ticket ID,Subject,Created time,Initial response time,Resolved time,Priority,Source',
      '7,Login,2026-11-24T09:00:00+01:00,2026-11-24T09:45:00+01:00,,High,Email',
    ].join('\n');
    const { samples, errors } = parseTicketsCsv(text, { calendar, file });
    expect(errors).toEqual([]);
    expect(byMetric(samples)).toEqual({ first_response_time: 45, first_response_business_time: 0.75 });
    expect(samples[0]?.dimensions).toEqual({ priority: 'high', channel: 'email' });
  });

  it('gives no resolution sample for an unsolved ticket and no response sample for an unanswered one', () => {
    const text = [
      'Id,Created at,First reply at,Solved at',
      '1,2026-11-24 10:00,,',
      '2,2026-11-24 10:00,2026-11-24 10:30,',
    ].join('\n');
    const { samples } = parseTicketsCsv(text, { calendar, file });
    expect(samples.map((s) => `${s.ref} ${s.metric}`)).toEqual([
      'ticket 2 first_response_time',
      'ticket 2 first_response_business_time',
    ]);
  });

  it('derives the first reply from "First reply time in minutes"', () => {
    const text = 'Id,Created at,First reply time in minutes\n5,2026-11-24 16:30,60\n';
    const { samples } = parseTicketsCsv(text, { calendar, file });
    expect(byMetric(samples)).toEqual({ first_response_time: 60, first_response_business_time: 0.5 });
  });

  it('uses a mapping for other help desks', () => {
    const text = 'Key,Opened,Answered,Customer tier\nA-1,2026-11-24 10:00,2026-11-24 11:00,Enterprise\n';
    const { samples, errors } = parseTicketsCsv(text, {
      calendar,
      file,
      mapping: { id: 'Key', created: 'Opened', firstReply: 'Answered', tier: 'Customer tier' },
    });
    expect(errors).toEqual([]);
    expect(samples[0]).toMatchObject({ value: 60, dimensions: { tier: 'enterprise' }, ref: 'ticket A-1' });
  });

  it('reports bad rows by line and reason and keeps the good ones', () => {
    const text = [
      'Id,Created at,First reply at,Solved at,Priority',
      '1,2026-11-24 10:00,2026-11-24 09:00,,low',
      '2,yesterday,2026-11-24 10:00,,low',
      ',2026-11-24 10:00,2026-11-24 11:00,,low',
      '4,2026-11-24 10:00,2026-11-24 11:00,2026-11-23 11:00,low',
      '5,2026-11-24 10:00,2026-11-24 11:00,,low',
      '5,2026-11-24 10:00,2026-11-24 11:00,,low',
    ].join('\n');
    const { samples, errors, rows } = parseTicketsCsv(text, { calendar, file });
    expect(rows).toBe(6);
    expect(new Set(samples.map((s) => s.ref))).toEqual(new Set(['ticket 5']));
    expect(errors).toEqual([
      { line: 2, reason: expect.stringMatching(/ticket 1: first reply .* is before creation/) },
      { line: 3, reason: expect.stringMatching(/ticket 2: malformed date in "Created at": "yesterday"/) },
      { line: 4, reason: 'missing ticket id in "Id"' },
      { line: 5, reason: expect.stringMatching(/ticket 4: solved .* before creation/) },
      { line: 7, reason: 'ticket 5 appears again (first on line 6)' },
    ]);
  });

  it.each([
    ['no id column', 'Created at,First reply at\n'],
    ['no creation column', 'Id,First reply at\n'],
    ['neither a reply nor a solved column', 'Id,Created at,Priority\n'],
  ])('refuses an export with %s', (_name, text) => {
    expect(() => parseTicketsCsv(text, { calendar, file })).toThrow(IngestFormatError);
  });
});
