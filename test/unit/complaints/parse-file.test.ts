import { describe, expect, it } from 'vitest';
import { complaintSchema, parseComplaintsFile } from '../../../packages/complaints/index.ts';

describe('parseComplaintsFile', () => {
  it('keeps good CSV rows, reports each bad row with its line, and turns extra columns into dimensions', () => {
    const csv = [
      'id,at,text,channel,tier,priority',
      'c1,2026-11-16T09:30:00Z,"Waited 3 days, no reply",email,Pro,P1',
      'c2,16/11/2026,No date format I know,chat,,',
      'c3,2026-11-17T10:00:00+01:00,"two lines',
      'of text",phone,Starter,',
      ',2026-11-18T10:00:00Z,no id,,,',
      'c1,2026-11-19T10:00:00Z,same id again,,,',
    ].join('\n');
    const { complaints, errors } = parseComplaintsFile(csv, 'csv');
    expect(complaints).toEqual([
      {
        id: 'c1',
        at: '2026-11-16T09:30:00.000Z',
        text: 'Waited 3 days, no reply',
        channel: 'email',
        dimensions: { tier: 'Pro', priority: 'P1' },
      },
      {
        id: 'c3',
        at: '2026-11-17T09:00:00.000Z',
        text: 'two lines\nof text',
        channel: 'phone',
        dimensions: { tier: 'Starter' },
      },
    ]);
    expect(errors).toEqual([
      { line: 3, reason: expect.stringMatching(/ISO timestamp/) },
      { line: 6, reason: expect.stringMatching(/missing "id"/) },
      { line: 7, reason: 'duplicate id "c1" (first on line 2)' },
    ]);
  });

  it('reads columns named differently through the mapping', () => {
    const csv = 'ticket_id,created_at,body,plan\nT-9,2026-11-16,Site down all day,Enterprise\n';
    const { complaints, errors } = parseComplaintsFile(csv, 'csv', {
      id: 'ticket_id',
      at: 'created_at',
      text: 'body',
    });
    expect(errors).toEqual([]);
    expect(complaints).toEqual([
      {
        id: 'T-9',
        at: '2026-11-16T00:00:00.000Z',
        text: 'Site down all day',
        dimensions: { plan: 'Enterprise' },
      },
    ]);
  });

  it('reports a CSV row whose quotes are broken and goes on', () => {
    const csv =
      'id,at,text\na,2026-11-16T00:00:00Z,"fine"\nb,2026-11-16T00:00:00Z,"broken "quote" here"\nc,2026-11-16T00:00:00Z,ok\n';
    const { complaints, errors } = parseComplaintsFile(csv, 'csv');
    expect(complaints.map((c) => c.id)).toEqual(['a', 'c']);
    expect(errors).toEqual([{ line: 3, reason: expect.stringMatching(/unreadable CSV row/) }]);
  });

  it('reads JSON Lines, with nested and top-level dimensions, and reports bad lines', () => {
    const jsonl = [
      '{"id":7,"at":"2026-11-16T08:00:00Z","text":"On hold for an hour","channel":"phone","dimensions":{"tier":"Pro"},"priority":"high"}',
      'not json',
      '["an","array"]',
      '',
      '{"id":"8","text":"no time"}',
    ].join('\n');
    const { complaints, errors } = parseComplaintsFile(jsonl, 'jsonl');
    expect(complaints).toEqual([
      {
        id: '7',
        at: '2026-11-16T08:00:00.000Z',
        text: 'On hold for an hour',
        channel: 'phone',
        dimensions: { tier: 'Pro', priority: 'high' },
      },
    ]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(errors[2]?.reason).toMatch(/missing "at"/);
  });

  it('refuses a local time with no zone, which would depend on the server', () => {
    const { errors } = parseComplaintsFile('{"id":"1","at":"2026-11-16T08:00:00","text":"x"}', 'jsonl');
    expect(errors[0]?.reason).toMatch(/time zone/);
  });

  it('says which formats it knows', () => {
    expect(() => parseComplaintsFile('', 'xml' as 'csv')).toThrow(/csv or jsonl/);
  });
});

describe('complaintSchema', () => {
  it('takes the HTTP item shape and normalises the time', () => {
    expect(
      complaintSchema.parse({ id: 'a', at: '2026-11-16T10:00:00+02:00', text: ' late ', channel: 'chat' }),
    ).toEqual({ id: 'a', at: '2026-11-16T08:00:00.000Z', text: 'late', channel: 'chat', dimensions: {} });
  });

  it.each([
    ['an empty id', { id: '', at: '2026-11-16T10:00:00Z', text: 'x' }, /id/],
    ['a bad time', { id: 'a', at: 'last week', text: 'x' }, /ISO timestamp/],
    ['no text', { id: 'a', at: '2026-11-16T10:00:00Z', text: '  ' }, /text/],
    ['an unknown field', { id: 'a', at: '2026-11-16T10:00:00Z', text: 'x', tier: 'pro' }, /tier/],
  ])('rejects %s with a message saying what', (_name, body, message) => {
    const result = complaintSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});
