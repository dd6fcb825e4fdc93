import { describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import type { ApiKeyRecord, Logger, Store } from '../../../packages/core/index.ts';
import { hashApiKey } from '../../../packages/keys/index.ts';

const KEY = `pg_read_${'k'.repeat(43)}`;
const record: ApiKeyRecord = {
  id: 'key_1',
  hash: hashApiKey(KEY),
  scope: 'read',
  createdAt: '2026-11-01T00:00:00Z',
};

/** A store whose reads fail the way a broken table would, with internal names in the message. */
const failingStore = {
  getApiKeyByHash: async (hash: string) => (hash === record.hash ? record : undefined),
  listWindows: async () => {
    throw new Error('ResourceNotFoundException: Requested resource not found: Table: promisegap-prod');
  },
  listPromises: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'pk')");
  },
} as unknown as Store;

describe('unexpected failures', () => {
  it.each(['/v1/compliance', '/v1/promises'])(
    'answer %s with a generic 500 and the request id, and log the cause',
    async (path) => {
      const errors: Record<string, unknown>[] = [];
      const logger: Logger = { debug() {}, info() {}, warn() {}, error: (_m, a) => errors.push(a ?? {}) };
      const app = createApp({ store: failingStore, now: () => new Date('2026-11-25T10:00:00Z'), logger });
      const res = await app.request(path, { headers: { authorization: `Bearer ${KEY}` } });
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text);
      expect(body).toEqual({
        error: 'internal error; quote the request id when reporting it',
        details: [],
        requestId: res.headers.get('x-request-id'),
      });
      for (const leak of ['promisegap-prod', 'ResourceNotFound', 'TypeError', 'pk', ' at ', '.ts']) {
        expect(text).not.toContain(leak);
      }
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ requestId: body.requestId, path });
    },
  );
});
