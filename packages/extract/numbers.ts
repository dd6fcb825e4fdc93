// Numbers as people write them in promises: digits, number words ("twenty-four"), and a word
// followed by its digits in brackets ("twenty-four (24)").

import { TENS_NUMBER_WORDS, UNIT_NUMBER_WORDS } from '../core/index.ts';

const UNITS_WORDS = UNIT_NUMBER_WORDS;
const TENS_WORDS = TENS_NUMBER_WORDS;

const unitAlternation = Object.keys(UNITS_WORDS).join('|');
const tensAlternation = Object.keys(TENS_WORDS).join('|');

/** A number word or compound ("forty-eight", "twenty four"); used inside larger patterns. */
export const NUMBER_WORD_SOURCE = `(?:(?:${tensAlternation})(?:[\\s-](?:${Object.keys(UNITS_WORDS)
  .filter((w) => UNITS_WORDS[w] !== undefined && (UNITS_WORDS[w] ?? 0) < 10 && w !== 'zero')
  .join('|')}))?|${unitAlternation}|a\\s+hundred|one\\s+hundred)`;

/** Digits (with decimals) or a number word, optionally followed by its digits in brackets. */
export const NUMBER_SOURCE = `(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORD_SOURCE})(?:\\s*\\(\\s*\\d+(?:\\.\\d+)?\\s*\\))?`;

/** Reads a number written as digits or words; null when it is neither. */
export const parseNumber = (raw: string): number | null => {
  const text = raw.trim().toLowerCase();
  const bracketed = /\(\s*(\d+(?:\.\d+)?)\s*\)/.exec(text);
  if (bracketed?.[1]) return Number(bracketed[1]);
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (/^\d+,\d{3}$/.test(text)) return Number(text.replace(',', ''));
  if (/^\d+,\d{1,2}$/.test(text)) return Number(text.replace(',', '.'));
  if (/hundred/.test(text)) return 100;
  const parts = text.split(/[\s-]+/);
  let total = 0;
  for (const part of parts) {
    const value = UNITS_WORDS[part] ?? TENS_WORDS[part];
    if (value === undefined) return null;
    total += value;
  }
  return parts.length > 0 ? total : null;
};
