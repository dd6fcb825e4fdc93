// API keys: created once and shown once, stored only as a SHA-256 hash, checked in constant time.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Store } from '../core/index.ts';
import { sha256Hex } from '../core/index.ts';
import { ApiKeyFormatError, ApiKeyNotFoundError } from './errors.ts';

export const KEY_SCOPES = ['read', 'write'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** Keys look like `pg_read_<43 base64url chars>`: the prefix tells a leaked key apart in logs and scanners. */
const KEY_PATTERN = /^pg_(read|write)_[A-Za-z0-9_-]{43}$/;
const MAX_LABEL = 100;

export type RandomBytes = (size: number) => Uint8Array;

export const isKeyScope = (value: unknown): value is KeyScope =>
  typeof value === 'string' && (KEY_SCOPES as readonly string[]).includes(value);

export const hashApiKey = (key: string): string => sha256Hex(key);

/** Whether a key of `granted` scope may do what `required` asks: write keys may also read. */
export const scopeAllows = (granted: KeyScope, required: KeyScope): boolean =>
  granted === 'write' || required === 'read';

export interface CreatedApiKey {
  /** The key itself: show it once, it cannot be recovered. */
  key: string;
  record: ApiKeyRecord;
}

export const createApiKey = async (
  store: Store,
  options: { scope: KeyScope; label?: string; now: () => Date; random?: RandomBytes },
): Promise<CreatedApiKey> => {
  if (!isKeyScope(options.scope)) {
    throw new ApiKeyFormatError(
      `scope must be one of ${KEY_SCOPES.join(', ')} (got "${String(options.scope)}")`,
    );
  }
  const label = options.label?.trim();
  if (label !== undefined && (label.length === 0 || label.length > MAX_LABEL)) {
    throw new ApiKeyFormatError(`label must be 1 to ${MAX_LABEL} characters`);
  }
  const random = options.random ?? randomBytes;
  const key = `pg_${options.scope}_${Buffer.from(random(32)).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id: `key_${Buffer.from(random(6)).toString('hex')}`,
    hash: hashApiKey(key),
    scope: options.scope,
    createdAt: options.now().toISOString(),
    ...(label ? { label } : {}),
  };
  await store.putApiKey(record);
  return { key, record };
};

export type KeyCheck =
  | { ok: true; record: ApiKeyRecord }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' | 'scope'; record?: ApiKeyRecord };

/** Reads `Authorization: Bearer <key>`; undefined when the header is absent or not a bearer token. */
export const bearerToken = (header: string | undefined | null): string | undefined => {
  if (!header) return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1];
};

const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

/**
 * Checks a presented key against the stored hashes. The lookup is by hash, and the stored hash
 * is compared again in constant time, so timing never depends on how much of a key matched.
 */
export const verifyApiKey = async (
  store: Pick<Store, 'getApiKeyByHash'>,
  presented: string | undefined,
  required: KeyScope,
): Promise<KeyCheck> => {
  if (!presented) return { ok: false, reason: 'missing' };
  if (!KEY_PATTERN.test(presented)) return { ok: false, reason: 'malformed' };
  const hash = hashApiKey(presented);
  const record = await store.getApiKeyByHash(hash);
  if (!record || !sameHash(record.hash, hash)) return { ok: false, reason: 'unknown' };
  if (record.revokedAt) return { ok: false, reason: 'revoked', record };
  if (!scopeAllows(record.scope, required)) return { ok: false, reason: 'scope', record };
  return { ok: true, record };
};

export const listApiKeys = async (store: Store): Promise<ApiKeyRecord[]> =>
  (await store.listApiKeys()).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );

export const revokeApiKey = async (store: Store, id: string, now: () => Date): Promise<void> => {
  if (!(await store.revokeApiKey(id, now().toISOString()))) throw new ApiKeyNotFoundError(id);
};
