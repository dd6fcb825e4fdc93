// API keys: stored by hash (the key itself never), listed through the index by id.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ApiKeyRecord, Store } from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import type { Table } from './table.ts';

export type ApiKeyRepository = Pick<Store, 'putApiKey' | 'getApiKeyByHash' | 'listApiKeys' | 'revokeApiKey'>;

const apiKeyShape = z.looseObject({
  id: z.string(),
  hash: z.string(),
  scope: z.enum(['read', 'write']),
  createdAt: z.string(),
});

export const fromApiKeyItem = (item: Record<string, unknown>) =>
  check<ApiKeyRecord>(item, apiKeyShape, 'API key');

export const createApiKeyRepository = (table: Table): ApiKeyRepository => {
  const { client, tableName, get, put, queryAll } = table;

  return {
    async putApiKey(record: ApiKeyRecord) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(keys.apiKey(record.hash), record, { gsi1pk: keys.apiKeysIndex, gsi1sk: record.id }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async getApiKeyByHash(hash) {
      const item = await get(keys.apiKey(hash));
      return item ? fromApiKeyItem(item) : undefined;
    },

    async listApiKeys() {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.apiKeysIndex },
      });
      return items.map(fromApiKeyItem);
    },

    async revokeApiKey(id, at) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
        ExpressionAttributeValues: { ':pk': keys.apiKeysIndex, ':id': id },
      });
      const item = items[0];
      if (!item) return false;
      const record = fromApiKeyItem(item);
      if (record.revokedAt) return false;
      await put(
        toItem(
          keys.apiKey(record.hash),
          { ...record, revokedAt: at },
          { gsi1pk: keys.apiKeysIndex, gsi1sk: id },
        ),
      );
      return true;
    },
  };
};
