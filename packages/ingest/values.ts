// Checks every sample's value against its unit, whatever the way in (CSV, ticket export, API).

import type { Unit } from '../core/index.ts';

/** Why a value cannot be a measurement in `unit`, or null when it can. */
export const valueProblem = (value: number, unit: Unit): string | null => {
  if (!Number.isFinite(value)) return `value ${value} is not a finite number`;
  if (unit === 'percent' && (value < 0 || value > 100)) return `percentage ${value} is outside 0..100`;
  if (value < 0) return `negative ${unit.replace('_', ' ')} (${value}) cannot be a measurement`;
  return null;
};

/** Reads a number as exported: "12", "12.5", "12,5" (decimal comma), "99.95%". Null when not one. */
export const parseNumber = (raw: string): number | null => {
  let text = raw.trim().replace(/%$/, '').trim();
  if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
};
