// Checks every sample's value against its unit, whatever the way in (CSV, ticket export, API),
// and reads numbers as exports write them, refusing the ones a reader could take two ways.

import type { Unit } from '../core/index.ts';

/** Why a value cannot be a measurement in `unit`, or null when it can. */
export const valueProblem = (value: number, unit: Unit): string | null => {
  if (!Number.isFinite(value)) return `value ${value} is not a finite number`;
  if (unit === 'percent' && (value < 0 || value > 100)) return `percentage ${value} is outside 0..100`;
  if (value < 0) return `negative ${unit.replace('_', ' ')} (${value}) cannot be a measurement`;
  return null;
};

export type NumberReading = { value: number } | { problem: string };

const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
/** 1,500,000 or 1,500.25: commas group thousands (English). */
const COMMA_GROUPS = /^[-+]?\d{1,3}(,\d{3})+\.\d+$|^[-+]?\d{1,3}(,\d{3}){2,}$/;
/** 1.500.000,25 or 1.500,25: dots group thousands, the comma is the decimal mark (German, French…). */
const DOT_GROUPS = /^[-+]?\d{1,3}(\.\d{3})+,\d+$/;
/** 12,5 or 0,25 or 1234,500: a decimal comma (the ambiguous 1,500 is caught before). */
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;
/** 1,500: a thousands separator in English, a decimal comma in German. */
const AMBIGUOUS = /^[-+]?\d{1,3},\d{3}$/;

/**
 * Reads a number as exported: "12", "12.5", "99.95%", a decimal comma ("12,5"), thousands groups
 * that can be read one way only ("1,500,000", "1,500.5", "1.500,5"). "1,500" is refused: it is
 * 1500 to an English reader and 1.5 to a German one.
 */
export const readNumber = (raw: string): NumberReading => {
  const text = raw.trim().replace(/%$/, '').trim();
  let normalised: string;
  if (PLAIN.test(text)) normalised = text;
  else if (AMBIGUOUS.test(text)) {
    return {
      problem: `"${raw.trim()}" is ambiguous: a thousands separator (${text.replace(',', '')}) or a decimal comma (${text.replace(',', '.')})? write it without the comma, or with a point for decimals`,
    };
  } else if (COMMA_GROUPS.test(text)) normalised = text.replace(/,/g, '');
  else if (DOT_GROUPS.test(text)) normalised = text.replace(/\./g, '').replace(',', '.');
  else if (DECIMAL_COMMA.test(text)) normalised = text.replace(',', '.');
  else return { problem: text ? `"${raw.trim()}" is not a number` : 'missing number' };
  const value = Number(normalised);
  return Number.isFinite(value) ? { value } : { problem: `"${raw.trim()}" is not a finite number` };
};

/** Reads a number as exported (see readNumber); null when it is not one or is ambiguous. */
export const parseNumber = (raw: string): number | null => {
  const r = readNumber(raw);
  return 'value' in r ? r.value : null;
};
