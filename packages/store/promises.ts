// Promises: one item per promise (indexed by source), their versions, and the claims found
// beside them, with the item shapes checked on read.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  CATEGORIES,
  type Claim,
  OPERATORS,
  type Page,
  type PromiseFilter,
  type PromiseVersion,
  type ServicePromise,
  type Store,
} from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { decodeCursor, encodeCursor, type Table } from './table.ts';

export type PromiseRepository = Pick<
  Store,
  | 'listPromisesBySource'
  | 'listPromises'
  | 'getPromise'
  | 'putPromises'
  | 'listPromiseVersions'
  | 'putPromiseVersions'
  | 'putClaims'
  | 'listClaims'
>;

const promiseShape = z.looseObject({
  id: z.string(),
  sourceUrl: z.string(),
  quote: z.string(),
  category: z.enum(CATEGORIES),
  operator: z.enum(OPERATORS),
  threshold: z.nullable(z.number()),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
const versionShape = z.looseObject({ promiseId: z.string(), version: z.number(), validFrom: z.string() });
const claimsShape = z.array(z.looseObject({ quote: z.string(), reason: z.string() }));

export const fromPromiseItem = (item: Record<string, unknown>) =>
  check<ServicePromise>(item, promiseShape, 'promise');
export const fromVersionItem = (item: Record<string, unknown>) =>
  check<PromiseVersion>(item, versionShape, 'promise version');
export const fromClaimsItem = (item: Record<string, unknown>) => check<Claim[]>(item, claimsShape, 'claims');

export const createPromiseRepository = (table: Table): PromiseRepository => {
  const { client, tableName, get, put, queryAll, queryPk, batchPut } = table;

  return {
    async listPromisesBySource(sourceUrl) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.promisesBySource(sourceUrl) },
      });
      return items.map(fromPromiseItem);
    },

    async listPromises(filter: PromiseFilter = {}): Promise<Page<ServicePromise>> {
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
      const matches = (p: ServicePromise) =>
        (filter.includeRemoved || !p.removedAt) &&
        (!filter.category || p.category === filter.category) &&
        (!filter.source || p.sourceUrl === filter.source) &&
        (!filter.tier || p.qualifiers.tier?.toLowerCase() === filter.tier.toLowerCase());
      const items: ServicePromise[] = [];
      let start = decodeCursor(filter.cursor);
      // Filters apply after the read, so keep reading until the page is full or the data ends.
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'PROMISES' },
            ExclusiveStartKey: start,
            Limit: limit - items.length,
          }),
        );
        for (const item of page.Items ?? []) {
          const p = fromPromiseItem(item);
          if (matches(p)) items.push(p);
        }
        start = page.LastEvaluatedKey;
      } while (start && items.length < limit);
      const cursor = encodeCursor(start);
      return cursor ? { items, cursor } : { items };
    },

    async getPromise(id) {
      const item = await get(keys.promise(id));
      return item ? fromPromiseItem(item) : undefined;
    },

    async putPromises(promises) {
      await batchPut(
        promises.map((p) =>
          toItem(keys.promise(p.id), p, { gsi1pk: keys.promisesBySource(p.sourceUrl), gsi1sk: p.id }),
        ),
      );
    },

    async listPromiseVersions(promiseId) {
      return (await queryPk(`PROMISE#${promiseId}`, 'V#')).map(fromVersionItem);
    },

    async putPromiseVersions(versions: PromiseVersion[]) {
      await batchPut(versions.map((v) => toItem(keys.promiseVersion(v.promiseId, v.version), v)));
    },

    async putClaims(sourceUrl, claims: Claim[], seenAt) {
      await put(toItem(keys.claims(sourceUrl), claims, { seenAt }));
    },

    async listClaims() {
      return (await queryPk('CLAIMS')).map((item) => ({
        sourceUrl: String(item.sk),
        claims: fromClaimsItem(item),
        seenAt: String(item.seenAt ?? ''),
      }));
    },
  };
};
