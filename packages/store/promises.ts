// Promises: one item per promise (indexed by source), their versions, and the claims found
// beside them, with the item shapes checked on read.

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
import { decodeCursor, encodeCursor } from './cursor.ts';
import { RevisionConflictError } from './errors.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

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
  | 'listStatementsBySource'
  | 'putStatements'
  | 'saveCommitment'
>;

const registerShape = z.optional(
  z.looseObject({
    state: z.enum(['proposed', 'confirmed', 'rejected', 'corrected']),
    origin: z.enum(['extracted', 'manual']),
    identity: z.looseObject({ category: z.enum(CATEGORIES), operator: z.enum(OPERATORS) }),
    statements: z.array(z.looseObject({ statementId: z.string(), quote: z.string(), firstSeen: z.string() })),
    reviews: z.array(z.looseObject({ action: z.string(), by: z.string(), at: z.string() })),
    revision: z.number(),
  }),
);
const promiseShape = z.looseObject({
  id: z.string(),
  sourceUrl: z.string(),
  quote: z.string(),
  category: z.enum(CATEGORIES),
  operator: z.enum(OPERATORS),
  threshold: z.nullable(z.number()),
  firstSeen: z.string(),
  lastSeen: z.string(),
  register: registerShape,
});
const versionShape = z.looseObject({ promiseId: z.string(), version: z.number(), validFrom: z.string() });
const claimsShape = z.array(z.looseObject({ quote: z.string(), reason: z.string() }));

export const fromPromiseItem = (item: Record<string, unknown>) =>
  check<ServicePromise>(item, promiseShape, 'promise');
export const fromVersionItem = (item: Record<string, unknown>) =>
  check<PromiseVersion>(item, versionShape, 'promise version');
export const fromClaimsItem = (item: Record<string, unknown>) => check<Claim[]>(item, claimsShape, 'claims');

export const createPromiseRepository = (table: Table): PromiseRepository => {
  const { client, tableName, options, get, put, queryAll, queryPk, batchPut } = table;

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
        (filter.includeRejected || filter.states?.includes('rejected') || p.register?.state !== 'rejected') &&
        (!filter.states || filter.states.includes(p.register?.state ?? 'proposed')) &&
        (!filter.category || p.category === filter.category) &&
        (!filter.source || p.sourceUrl === filter.source) &&
        (!filter.tier || p.qualifiers.tier?.toLowerCase() === filter.tier.toLowerCase());
      const items: ServicePromise[] = [];
      const paging = { partition: 'PROMISES', ...(options.cursorKey ? { key: options.cursorKey } : {}) };
      let start: Record<string, unknown> | undefined = decodeCursor(filter.cursor, paging);
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
      const cursor = encodeCursor(start, paging);
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

    async listStatementsBySource(sourceUrl) {
      return (await queryPk(keys.statementsOf(sourceUrl))).map(fromPromiseItem);
    },

    async putStatements(statements) {
      await batchPut(statements.map((p) => toItem(keys.statement(p.sourceUrl, p.id), p)));
    },

    async saveCommitment(commitment, expectedRevision) {
      const condition =
        expectedRevision === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              // A commitment stored before the register existed has no revision: it counts as 0.
              ConditionExpression:
                expectedRevision === 0
                  ? 'attribute_exists(pk) AND (attribute_not_exists(#data.#register) OR #data.#register.#revision = :rev)'
                  : 'attribute_exists(pk) AND #data.#register.#revision = :rev',
              ExpressionAttributeNames: { '#data': 'data', '#register': 'register', '#revision': 'revision' },
              ExpressionAttributeValues: { ':rev': expectedRevision },
            };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(keys.promise(commitment.id), commitment, {
              gsi1pk: keys.promisesBySource(commitment.sourceUrl),
              gsi1sk: commitment.id,
            }),
            ...condition,
          }),
        );
      } catch (error) {
        if (isConditionalFailure(error))
          throw new RevisionConflictError(commitment.id, expectedRevision, { cause: error });
        throw error;
      }
    },
  };
};
