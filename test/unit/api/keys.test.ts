import { describe, expect, it } from 'vitest';
import { createKeyChecker } from '../../../packages/api/auth.ts';
import type { ApiKeyRecord, Store } from '../../../packages/core/index.ts';
import { sha256Hex } from '../../../packages/core/index.ts';
import {
  ApiKeyFormatError,
  ApiKeyNotFoundError,
  bearerToken,
  createApiKey,
  revokeApiKey,
  scopeAllows,
  verifyApiKey,
} from '../../../packages/keys/index.ts';

const NOW = () => new Date('2026-11-25T10:00:00.000Z');

/** The four key methods of the store, in memory, keyed by hash as the real table is. */
const keyStore = () => {
  const byHash = new Map<string, ApiKeyRecord>();
  const store = {
    putApiKey: async (r: ApiKeyRecord) => {
      byHash.set(r.hash, r);
    },
    getApiKeyByHash: async (h: string) => byHash.get(h),
    listApiKeys: async () => [...byHash.values()],
    revokeApiKey: async (id: string, at: string) => {
      const r = [...byHash.values()].find((x) => x.id === id && !x.revokedAt);
      if (!r) return false;
      byHash.set(r.hash, { ...r, revokedAt: at });
      return true;
    },
  };
  return { store: store as unknown as Store, byHash };
};

describe('API keys', () => {
  it('stores only the SHA-256 of a new key, never the key', async () => {
    const { store, byHash } = keyStore();
    const { key, record } = await createApiKey(store, { scope: 'write', label: 'ingest job', now: NOW });
    expect(key).toMatch(/^pg_write_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ scope: 'write', label: 'ingest job', createdAt: NOW().toISOString() });
    expect([...byHash.keys()]).toEqual([sha256Hex(key)]);
    expect(JSON.stringify([...byHash.values()])).not.toContain(key);
  });

  it('makes a different key every time', async () => {
    const { store } = keyStore();
    const a = await createApiKey(store, { scope: 'read', now: NOW });
    const b = await createApiKey(store, { scope: 'read', now: NOW });
    expect(a.key).not.toBe(b.key);
    expect(a.record.id).not.toBe(b.record.id);
  });

  it.each([
    ['an unknown scope', { scope: 'admin' as never }],
    ['an empty label', { scope: 'read' as const, label: '  ' }],
  ])('refuses %s', async (_name, options) => {
    await expect(createApiKey(keyStore().store, { ...options, now: NOW })).rejects.toBeInstanceOf(
      ApiKeyFormatError,
    );
  });

  it.each([
    ['read', 'read', true],
    ['read', 'write', false],
    ['write', 'read', true],
    ['write', 'write', true],
  ] as const)('a %s key %s access: %s', (granted, required, allowed) => {
    expect(scopeAllows(granted, required)).toBe(allowed);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads the bearer token from %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it('verifies a key and says why one is refused', async () => {
    const { store } = keyStore();
    const read = await createApiKey(store, { scope: 'read', now: NOW });
    const revoked = await createApiKey(store, { scope: 'write', now: NOW });
    await revokeApiKey(store, revoked.record.id, NOW);
    const reason = async (key: string | undefined, scope: 'read' | 'write') => {
      const check = await verifyApiKey(store, key, scope);
      return check.ok ? 'ok' : check.reason;
    };
    expect(await reason(read.key, 'read')).toBe('ok');
    expect(await reason(read.key, 'write')).toBe('scope');
    expect(await reason(revoked.key, 'read')).toBe('revoked');
    expect(await reason(undefined, 'read')).toBe('missing');
    expect(await reason('hunter2', 'read')).toBe('malformed');
    expect(await reason(`${read.key.slice(0, -1)}${read.key.endsWith('A') ? 'B' : 'A'}`, 'read')).toBe(
      'unknown',
    );
  });

  it('reports revoking an unknown or already revoked key', async () => {
    const { store } = keyStore();
    await expect(revokeApiKey(store, 'key_nothing', NOW)).rejects.toBeInstanceOf(ApiKeyNotFoundError);
  });

  it('remembers a check for the cache time, so a busy client costs no read, and a revoked key stops within it', async () => {
    const { store } = keyStore();
    const read = await createApiKey(store, { scope: 'read', now: NOW });
    let reads = 0;
    const counting = {
      getApiKeyByHash: (h: string) => {
        reads += 1;
        return store.getApiKeyByHash(h);
      },
    };
    let t = NOW().getTime();
    const keys = createKeyChecker({ store: counting, now: () => new Date(t), ttlMs: 5_000 });
    for (let i = 0; i < 100; i++) expect((await keys.check(read.key, 'read')).ok).toBe(true);
    expect(reads).toBe(1);
    // The other scope asked of the same key is its own answer, from the same remembered record.
    expect(await keys.check(read.key, 'write')).toMatchObject({ ok: false, reason: 'scope' });
    expect(reads).toBe(1);
    await revokeApiKey(store, read.record.id, NOW);
    t += 4_000;
    expect((await keys.check(read.key, 'read')).ok).toBe(true);
    t += 1_500;
    expect(await keys.check(read.key, 'read')).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await keys.check(undefined, 'read')).toMatchObject({ ok: false, reason: 'missing' });
  });
});
