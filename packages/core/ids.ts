// Deterministic identifiers: the same input always yields the same id, so writes are idempotent.

import { createHash } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** A short, stable id from the parts given (order matters). */
export const stableId = (prefix: string, ...parts: (string | number | null | undefined)[]): string =>
  `${prefix}_${sha256Hex(parts.map((p) => (p === null || p === undefined ? '' : String(p))).join('\u241f')).slice(0, 16)}`;

/** JSON with sorted keys, so equal objects serialise (and hash) equally. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};
