import { describe, expect, it } from 'vitest';
import { detectCategories } from '../../../packages/complaints/categories.ts';
import {
  CATEGORY_RULES,
  DURATION_EXCLUSIONS,
  extractDurations,
  findDurationMentions,
  MENTION_PATTERNS,
  SARCASM_MARKERS,
} from '../../../packages/complaints/index.ts';
import { normaliseText, splitSentences } from '../../../packages/complaints/text.ts';

// Every row of every rule table carries an example; these tests keep the examples true as the tables grow.
describe('rule tables', () => {
  it.each(CATEGORY_RULES.map((r) => [r.category, r.kind, r.example] as const))(
    'a %s rule (%s) fires on its example: %s',
    (category, _kind, example) => {
      const { categories } = detectCategories(splitSentences(normaliseText(example)));
      expect(categories.has(category)).toBe(true);
    },
  );

  // A pattern reads a mention; whether it is a wait is the exclusions' and the model's call.
  it.each(MENTION_PATTERNS.map((p) => [p.example] as const))('reads a duration in "%s"', (example) => {
    const first = example.split(/[,;]/)[0] ?? example;
    expect(findDurationMentions(normaliseText(first)).length).toBeGreaterThan(0);
  });

  it.each(DURATION_EXCLUSIONS.map((x) => [x.name, x.example] as const))(
    'keeps out %s: "%s"',
    (_name, example) => {
      for (const part of example.split(';')) expect(extractDurations(normaliseText(part.trim()))).toEqual([]);
    },
  );

  it.each([
    'Oh great, another week without internet.',
    'Thanks for nothing.',
    'Good times!',
    'DPD helpfully left a card.',
  ])('marks "%s" as sarcastic', (sentence) => {
    expect(SARCASM_MARKERS.some((re) => re.test(sentence))).toBe(true);
  });
});
