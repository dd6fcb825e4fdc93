// The DynamoDB implementation of the Store: one table, keys from schema.ts, no Scan anywhere.

import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import {
  type ApiKeyRecord,
  type Claim,
  type DigestSendRecord,
  type Logger,
  type Page,
  type PromiseFilter,
  type PromiseVersion,
  type PutSnapshotResult,
  type ServicePromise,
  type Snapshot,
  type SnapshotMeta,
  type Store,
  type StoredComplaint,
  silentLogger,
  type Verdict,
} from '../core/index.ts';
import { InvalidCursorError, StoreWriteError } from './errors.ts';
import {
  fromApiKeyItem,
  fromClaimsItem,
  fromComplaintItem,
  fromDigestSendItem,
  fromPromiseItem,
  fromVerdictItem,
  fromVersionItem,
  type Item,
  toItem,
} from './items.ts';
import { createSampleRepository } from './samples.ts';
import { keys, TABLE_SCHEMA } from './schema.ts';

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger?: Logger;
  /** Injected so tests need not wait; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Days raw crawl claims are kept (TTL). */
  crawlClaimTtlDays?: number;
  /** Sample ids kept per rollup item before the day starts a new part (default 10,000; items stay far under 400 KB). */
  idsPerRollupPart?: number;
}

const CHUNK_BYTES = 350_000;
const DAY_MS = 86_400_000;

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through: a cursor that does not decode is reported below
  }
  throw new InvalidCursorError(cursor);
};

export const createDynamoStore = (options: DynamoStoreOptions): Store => {
  const { client, tableName } = options;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;

  const get = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const put = (item: Item) => client.send(new PutCommand({ TableName: tableName, Item: item }));

  /** Every page of a query; callers bound the partition so this never grows unbounded. */
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>, max = Number.POSITIVE_INFINITY) => {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && out.length < max);
    return out;
  };

  const queryPk = (pk: string, skPrefix?: string) =>
    queryAll({
      KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :sk)' : 'pk = :pk',
      ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
    });

  /** BatchWrite with retries of unprocessed items (exponential backoff); throws if any remain. */
  const batchPut = async (items: Item[]) => {
    const limit = pLimit(8);
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    await Promise.all(
      chunks.map((chunk) =>
        limit(async () => {
          let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
          for (let attempt = 0; pending.length > 0; attempt++) {
            if (attempt > 8) {
              throw new StoreWriteError(
                `${pending.length} items were still unprocessed after ${attempt} attempts`,
              );
            }
            if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
            const result = await client.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
            );
            pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
              r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item as Item } }] : [],
            );
          }
        }),
      ),
    );
  };

  const snapshotMetaOf = (item: Record<string, unknown> | undefined): SnapshotMeta | undefined => {
    if (!item) return undefined;
    const data = item.data as Partial<SnapshotMeta> | undefined;
    if (!data?.url || !data.contentHash || !data.fetchedAt) return undefined;
    return {
      url: data.url,
      contentHash: data.contentHash,
      fetchedAt: data.fetchedAt,
      ...(data.etag ? { etag: data.etag } : {}),
      ...(data.lastModified ? { lastModified: data.lastModified } : {}),
    };
  };

  // Metric samples and rollups live in samples.ts (one item per series and day).
  const samples = createSampleRepository({
    client,
    tableName,
    logger,
    sleep,
    ...(options.idsPerRollupPart === undefined ? {} : { idsPerRollupPart: options.idsPerRollupPart }),
  });

  const store: Store = {
    async getLatestSnapshot(url) {
      const latest = await get(keys.pageLatest(url));
      const meta = snapshotMetaOf(latest);
      if (!latest || !meta) return undefined;
      const data = latest.data as Omit<Snapshot, 'body'> & { chunks: number };
      const chunks = await queryPk(`PAGE#${url}`, keys.pageSnapshotChunkPrefix(meta.contentHash));
      const zipped = Buffer.concat(chunks.map((c) => Buffer.from(c.chunk as Uint8Array)));
      if (chunks.length !== data.chunks) {
        throw new StoreWriteError(
          `snapshot of ${url} has ${chunks.length} of ${data.chunks} body chunks stored`,
        );
      }
      const { chunks: _chunks, ...rest } = data;
      return { ...rest, body: new Uint8Array(gunzipSync(zipped)) };
    },

    async getSnapshotMeta(url) {
      return snapshotMetaOf(await get(keys.pageLatest(url)));
    },

    async putSnapshot(snapshot) {
      const previousItem = await get(keys.pageLatest(snapshot.url));
      const previous = snapshotMetaOf(previousItem);
      if (previous?.contentHash === snapshot.contentHash) {
        await store.touchSnapshot(snapshot.url, snapshot.fetchedAt);
        return { stored: false, previous };
      }
      const zipped = gzipSync(snapshot.body);
      const chunkItems: Item[] = [];
      for (let i = 0, n = 0; i < zipped.length || n === 0; i += CHUNK_BYTES, n++) {
        chunkItems.push({
          ...keys.pageSnapshotChunk(snapshot.url, snapshot.contentHash, n),
          chunk: zipped.subarray(i, i + CHUNK_BYTES),
        });
      }
      // Body first, pointer last: a reader never sees a pointer to a body that is not there.
      await batchPut(chunkItems);
      const { body: _body, ...meta } = snapshot;
      const data = { ...meta, chunks: chunkItems.length };
      await put(toItem(keys.pageSnapshot(snapshot.url, snapshot.contentHash), data));
      await put(toItem(keys.pageLatest(snapshot.url), { ...data, previous }));
      const result: PutSnapshotResult = { stored: true };
      if (previous) result.previous = previous;
      return result;
    },

    async touchSnapshot(url, fetchedAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.pageLatest(url),
            UpdateExpression: 'SET lastCheckedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': fetchedAt },
          }),
        );
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
      }
    },

    async claimCrawlUrl(runId, url, at) {
      try {
        const expiresAt =
          Math.floor(new Date(at).getTime() / 1000) + (options.crawlClaimTtlDays ?? 7) * 86_400;
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.crawlClaim(runId, url), at, [TABLE_SCHEMA.ttlAttribute]: expiresAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
    },

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

    ingestSamples: (batch) => samples.ingestSamples(batch),
    listSeries: (metric) => samples.listSeries(metric),
    rollupsFor: (series, from, to) => samples.rollupsFor(series, from, to),

    async putComplaints(complaints: StoredComplaint[]) {
      const limit = pLimit(16);
      const outcomes = await Promise.all(
        complaints.map((c) =>
          limit(async () => {
            try {
              await client.send(
                new PutCommand({
                  TableName: tableName,
                  Item: toItem(keys.complaint(c.id), c, {
                    gsi1pk: keys.complaintsByDay(new Date(c.at).toISOString().slice(0, 10)),
                    gsi1sk: `${new Date(c.at).toISOString()}#${c.id}`,
                  }),
                  ConditionExpression: 'attribute_not_exists(pk)',
                }),
              );
              return true;
            } catch (error) {
              if (isConditionalFailure(error)) return false;
              throw error;
            }
          }),
        ),
      );
      const accepted = outcomes.filter(Boolean).length;
      return { accepted, duplicates: outcomes.length - accepted };
    },

    async complaintsBetween(from, to) {
      const start = new Date(from);
      const end = new Date(to);
      const days: string[] = [];
      for (
        let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
        d < end.getTime();
        d += DAY_MS
      ) {
        days.push(new Date(d).toISOString().slice(0, 10));
      }
      const perDay = await Promise.all(
        days.map((day) =>
          queryAll({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.complaintsByDay(day),
              ':from': start.toISOString(),
              ':to': `${new Date(end.getTime() - 1).toISOString()}#~`,
            },
          }),
        ),
      );
      return perDay.flat().map(fromComplaintItem);
    },

    async putVerdicts(verdicts: Verdict[]) {
      const windows = new Set(verdicts.map((v) => v.window.id));
      await batchPut([
        ...verdicts.map((v) =>
          toItem(keys.verdict(v.window.id, v.promiseId), v, {
            gsi1pk: keys.verdictsByPromise(v.promiseId),
            gsi1sk: `${v.window.start}#${v.window.id}`,
          }),
        ),
        ...[...windows].map((id) => toItem(keys.window(id), { id, evaluatedAt: verdicts[0]?.evaluatedAt })),
      ]);
    },

    async verdictsForWindow(windowId) {
      return (await queryPk(`WINDOW#${windowId}`)).map(fromVerdictItem);
    },

    async verdictHistory(promiseId, limit) {
      const items = await queryAll(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.verdictsByPromise(promiseId) },
          ScanIndexForward: false,
          Limit: limit,
        },
        limit,
      );
      return items.slice(0, limit).map(fromVerdictItem).reverse();
    },

    async listWindows() {
      return (await queryPk('WINDOWS')).map((item) => String(item.sk));
    },

    async claimDigestSend(windowId, recipient, at) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(keys.digestSend(windowId, recipient), { windowId, recipient, state: 'sending', at }),
            // A failed send (throttled to the end) may be tried again; sent, rejected or in-flight may not.
            ConditionExpression: 'attribute_not_exists(pk) OR #data.#state = :failed',
            ExpressionAttributeNames: { '#data': 'data', '#state': 'state' },
            ExpressionAttributeValues: { ':failed': 'failed' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
    },

    async recordDigestSend(record: DigestSendRecord) {
      await put(toItem(keys.digestSend(record.windowId, record.recipient), record));
    },

    async digestSends(windowId) {
      return (await queryPk(`DIGEST#${windowId}`)).map(fromDigestSendItem);
    },

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
  return store;
};
