// Number words and quantities as customers write them: "two", "twenty-three", "a", "half an", "3.5", "~30".

import { TENS_NUMBER_WORDS, UNIT_NUMBER_WORDS } from '../core/index.ts';

/** Words read as numbers. Extend here; the duration rules build their patterns from this table. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  ...Object.fromEntries(Object.entries(UNIT_NUMBER_WORDS).filter(([, n]) => n > 0)),
  ...TENS_NUMBER_WORDS,
  hundred: 100,
  single: 1,
  couple: 2,
};

const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const UNITS_1_9 = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A regex source matching one quantity: digits, a decimal, a compound word ("twenty-three") or a word. */
export const QUANTITY_SOURCE = [
  '\\d+(?:[.,]\\d+)?',
  `(?:${TENS.join('|')})[- ](?:${UNITS_1_9.join('|')})`,
  // Longest words first so "sixteen" wins over "six".
  ...Object.keys(NUMBER_WORDS)
    .filter((w) => w !== 'couple')
    .sort((x, y) => y.length - x.length),
].join('|');

/** Reads a quantity matched by QUANTITY_SOURCE; null when it is not a number. */
export const parseQuantity = (raw: string): number | null => {
  const text = raw.toLowerCase().trim();
  if (/^\d+(?:[.,]\d+)?$/.test(text)) {
    // "7,010" is a thousands separator; "1,5" a decimal comma.
    const comma = /^\d{1,3},\d{3}$/.test(text) ? text.replace(',', '') : text.replace(',', '.');
    const value = Number(comma);
    return Number.isFinite(value) ? value : null;
  }
  const compound = /^([a-z]+)[- ]([a-z]+)$/.exec(text);
  if (compound) {
    const tens = NUMBER_WORDS[compound[1] ?? ''];
    const ones = NUMBER_WORDS[compound[2] ?? ''];
    return tens !== undefined && ones !== undefined ? tens + ones : null;
  }
  return NUMBER_WORDS[text] ?? null;
};
