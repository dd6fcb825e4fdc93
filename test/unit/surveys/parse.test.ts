import { describe, expect, it } from 'vitest';
import { parseSurveysCsv } from '../../../packages/surveys/index.ts';

const zendesk = [
  'Id,Ticket ID,Score,Comment,Created at,Group,Plan,Via,Priority,Assignee ID',
  '501,9001,good,Sorted in minutes,2026-11-16T10:00:00Z,Support,Pro,email,Normal,77',
  '502,9002,bad,"Waited two days, then a canned reply",2026-11-16T11:00:00Z,Support,Starter,web,Low,77',
  '503,9003,offered,,2026-11-16T12:00:00Z,Support,Pro,chat,Normal,77',
  '504,9004,great,,2026-11-16T12:30:00Z,Support,Pro,chat,Normal,77',
  '505,9005,bad_with_comment,Nobody answered the chat,2026-11-16T13:00:00Z,Chat,Pro,chat,High,77',
].join('\n');

describe('Zendesk satisfaction ratings', () => {
  it('reads good/bad ratings with their plan, channel and priority, and skips surveys offered but not answered', async () => {
    const parsed = await parseSurveysCsv(zendesk, { file: 'ratings.csv', format: 'zendesk' });
    expect(parsed.rows).toBe(5);
    expect(parsed.unanswered).toBe(1);
    expect(parsed.surveys.map((s) => [s.score, s.scale, s.ticket])).toEqual([
      [1, 'binary', '9001'],
      [0, 'binary', '9002'],
      [0, 'binary', '9005'],
    ]);
    expect(parsed.surveys[1]?.comment).toBe('Waited two days, then a canned reply');
    expect(parsed.surveys[0]?.dimensions).toEqual({
      group: 'Support',
      plan: 'Pro',
      channel: 'email',
      priority: 'Normal',
    });
    expect(parsed.surveys[0]?.ref).toBe('ratings.csv:2');
  });

  it('rejects a score Zendesk does not write, by line and with the reason, and keeps the good rows', async () => {
    const parsed = await parseSurveysCsv(zendesk, { file: 'ratings.csv', format: 'zendesk' });
    expect(parsed.errors).toEqual([
      { line: 5, reason: expect.stringContaining('"great" is outside its scale good/bad') },
    ]);
    expect(parsed.surveys).toHaveLength(3);
  });
});

describe('Freshdesk survey results', () => {
  it('reads rating codes and labels, counting the happy side as satisfied, and rejects codes Freshdesk has not', async () => {
    const csv = [
      'Survey Result ID,Ticket ID,Rating,Feedback,Created At,Plan,Source',
      '1,77,103,Great help,2026-11-17T09:00:00Z,Pro,Chat',
      '2,78,Unhappy,Too slow,2026-11-17T09:10:00Z,Pro,Email',
      '3,79,104,,2026-11-17T09:20:00Z,Pro,Email',
      '4,80,-102,,2026-11-17 09:30,Starter,Phone',
    ].join('\n');
    const parsed = await parseSurveysCsv(csv, {
      file: 'fd.csv',
      format: 'freshdesk',
      timezone: 'America/New_York',
    });
    expect(parsed.surveys.map((s) => s.score)).toEqual([103, -101, -102]);
    expect(parsed.surveys.every((s) => s.scale === 'freshdesk')).toBe(true);
    expect(parsed.surveys[0]?.dimensions.channel).toBe('Chat');
    // A time without an offset is read in the given zone.
    expect(parsed.surveys[2]?.at).toBe('2026-11-17T14:30:00.000Z');
    expect(parsed.errors).toEqual([
      { line: 4, reason: expect.stringContaining("rating 104 is not one of Freshdesk's ratings") },
    ]);
  });
});

describe('the generic score,scale,at,comment file', () => {
  const csv = [
    'score,scale,at,comment,plan,channel,priority,region',
    '5,1-5,2026-11-18T10:00:00Z,,Pro,chat,P3,US',
    '6,1-5,2026-11-18T10:05:00Z,,Pro,chat,P3,US',
    '9,0-10,2026-11-18T10:10:00Z,Would recommend,Pro,email,P3,US',
    '11,0-10,2026-11-18T10:15:00Z,,Pro,email,P3,US',
    '3,stars-ish,2026-11-18T10:20:00Z,,Pro,email,P3,US',
    '4,5,yesterday,,Pro,email,P3,US',
    '2,1-3,2026-11-18T10:30:00Z,,Pro,email,P3,US',
  ].join('\n');

  it.each([
    [3, 'score 6 is outside its scale 1–5'],
    [5, 'score 11 is outside its scale 0–10'],
    [6, 'unknown scale "stars-ish"'],
    [7, 'malformed date "yesterday"'],
  ])('reports line %i: %s', async (line, reason) => {
    const parsed = await parseSurveysCsv(csv, { file: 'answers.csv', format: 'generic' });
    expect(parsed.errors.find((e) => e.line === line)?.reason).toContain(reason);
  });

  it('keeps every row on its scale, with its dimensions', async () => {
    const parsed = await parseSurveysCsv(csv, { file: 'answers.csv', format: 'generic' });
    expect(parsed.surveys.map((s) => `${s.score}/${s.scale}`)).toEqual(['5/csat5', '9/nps', '2/csat3']);
    expect(parsed.surveys[0]?.dimensions).toEqual({
      plan: 'Pro',
      channel: 'chat',
      priority: 'P3',
      region: 'US',
    });
    expect(parsed.errors).toHaveLength(4);
  });

  it('gives an answer the same id under another file name, and two identical rows two ids', async () => {
    const twice = 'score,scale,at\n4,1-5,2026-11-18T10:00:00Z\n4,1-5,2026-11-18T10:00:00Z\n';
    const a = await parseSurveysCsv(twice, { file: 'a.csv', format: 'generic' });
    const b = await parseSurveysCsv(twice, { file: 'renamed/b.csv', format: 'generic' });
    expect(a.surveys.map((s) => s.id)).toEqual(b.surveys.map((s) => s.id));
    expect(new Set(a.surveys.map((s) => s.id)).size).toBe(2);
  });

  it('refuses a file with no score column, saying which names it looked for', async () => {
    await expect(
      parseSurveysCsv('rating_value,at\n4,2026-11-18T10:00:00Z\n', { file: 'x.csv', format: 'generic' }),
    ).rejects.toThrow(/no score column: expected one of score, rating/);
  });
});
