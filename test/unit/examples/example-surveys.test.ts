// The example's survey export: exactly what generate-surveys.ts writes, and the story it tells — chat
// satisfaction falls under the configured floor from 2026-W46 while the other channels stay above it.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD_SURVEY_LINE, generateSurveys } from '../../../examples/generate-surveys.ts';
import { loadConfigFile, type StoredSurvey, weekWindow } from '../../../packages/core/index.ts';
import { parseSurveysCsv, surveyEvidence } from '../../../packages/surveys/index.ts';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const file = join(examples, 'data/surveys-zendesk.csv');
const { config } = loadConfigFile(join(examples, 'promisegap.config.json'));
const rule = config.surveys;
let surveys: StoredSurvey[];
let errors: { line: number; reason: string }[];

beforeAll(async () => {
  const parsed = await parseSurveysCsv(readFileSync(file, 'utf8'), { file, format: 'zendesk' });
  surveys = parsed.surveys;
  errors = parsed.errors;
});

const inWeek = (week: string) => {
  const w = weekWindow(week, config.calendar.timezone);
  return surveys.filter((s) => s.at >= w.start && s.at < w.end);
};
const csat = (week: string, qualifiers: Record<string, string>) =>
  surveyEvidence({ category: 'response_time', qualifiers }, inWeek(week), [], rule)?.csat;

describe('the example survey export', () => {
  it('is exactly what the generator writes from the committed tickets', () => {
    const tickets = readFileSync(join(examples, 'data/tickets.csv'), 'utf8');
    expect(readFileSync(file, 'utf8')).toBe(generateSurveys(tickets).csv);
  });

  it('is configured as a Zendesk export with a 70% floor', () => {
    expect(config.surveys.files).toEqual([
      { file: 'data/surveys-zendesk.csv', format: 'zendesk', mapping: {} },
    ]);
    expect(config.surveys.floor).toBe(70);
  });

  it('has one bad row, reported at its line, and every other answered row kept', () => {
    expect(errors).toEqual([
      { line: BAD_SURVEY_LINE, reason: expect.stringContaining('"excellent" is outside its scale') },
    ]);
    expect(surveys.length).toBeGreaterThan(500);
  });

  it('shows chat satisfaction under the floor in W46 and W47, on enough answers, after weeks above it', () => {
    for (const week of ['2026-W39', '2026-W40', '2026-W41', '2026-W42', '2026-W43']) {
      expect(csat(week, { channel: 'chat' })?.percent, week).toBeGreaterThanOrEqual(rule.floor);
    }
    for (const week of ['2026-W46', '2026-W47']) {
      const c = csat(week, { channel: 'chat' });
      expect(c?.percent, week).toBeLessThan(rule.floor);
      expect(c?.rated, week).toBeGreaterThanOrEqual(rule.minResponses);
    }
  });

  it('keeps email, phone and web above the floor in W47, and Starter and Enterprise too', () => {
    for (const channel of ['email', 'phone', 'web']) {
      expect(csat('2026-W47', { channel })?.percent, channel).toBeGreaterThanOrEqual(rule.floor);
    }
    for (const tier of ['Starter', 'Enterprise']) {
      expect(csat('2026-W47', { tier })?.percent, tier).toBeGreaterThanOrEqual(rule.floor);
    }
  });

  it('has chat comments that say the wait after the greeting, in the weeks it falls', () => {
    const comments = inWeek('2026-W47').filter(
      (s) => s.dimensions.channel === 'chat' && s.score === 0 && s.comment,
    );
    expect(comments.length).toBeGreaterThanOrEqual(5);
    expect(comments.every((s) => /\d+ minutes|half an hour|an hour/.test(s.comment ?? ''))).toBe(true);
  });
});
