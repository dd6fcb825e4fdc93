// Pagination cursors: a query's LastEvaluatedKey handed to the caller and back. Decoding is strict
// (exactly the key attributes of the partition being paged, as strings) so a forged cursor is an
// InvalidCursorError, never a DynamoDB ValidationException; with a key, cursors are also signed.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './errors.ts';

export interface CursorOptions {
  /** The partition the cursor must stay in: a cursor of another partition is refused. */
  partition: string;
  /** HMAC-SHA-256 key; when set, cursors carry a signature and unsigned or altered ones are refused. */
  key?: string | Uint8Array;
}

const MAX_CURSOR_CHARS = 2048;
const MAX_SORT_KEY_CHARS = 1024;

const sign = (payload: string, key: string | Uint8Array): string =>
  createHmac('sha256', key).update(payload).digest('base64url');

export const encodeCursor = (
  start: Record<string, unknown> | undefined,
  options: CursorOptions,
): string | undefined => {
  if (!start) return undefined;
  const payload = Buffer.from(JSON.stringify({ pk: start.pk, sk: start.sk })).toString('base64url');
  return options.key ? `${payload}.${sign(payload, options.key)}` : payload;
};

export const decodeCursor = (
  cursor: string | undefined,
  options: CursorOptions,
): { pk: string; sk: string } | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  const refuse = (reason: string, cause?: unknown): never => {
    throw new InvalidCursorError(cursor, reason, cause === undefined ? undefined : { cause });
  };
  if (cursor.length > MAX_CURSOR_CHARS) refuse('too long');
  const [payload = '', signature, ...rest] = cursor.split('.');
  if (rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(payload)) refuse('not a cursor this API issued');
  if (options.key) {
    if (!signature) refuse('not signed');
    const expected = Buffer.from(sign(payload, options.key));
    const given = Buffer.from(signature ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      refuse('signature does not match');
  } else if (signature !== undefined) {
    refuse('not a cursor this API issued');
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    refuse('does not decode', error);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return refuse('does not decode to a position');
  const keys = Object.keys(value);
  const { pk, sk } = value as Record<string, unknown>;
  if (keys.length !== 2 || typeof pk !== 'string' || typeof sk !== 'string') {
    return refuse('does not decode to a position');
  }
  if (pk !== options.partition) return refuse('belongs to another listing');
  if (sk.length === 0 || sk.length > MAX_SORT_KEY_CHARS) return refuse('position out of range');
  return { pk, sk };
};
