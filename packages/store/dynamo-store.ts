// The DynamoDB implementation of the Store: one table, keys from schema.ts, no Scan anywhere.

import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchGetCommand,
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
  type IngestResult,
  type Logger,
  type MetricSample,
  type Page,
  type PromiseFilter,
  type PromiseVersion,
  type PutSnapshotResult,
  type Rollup,
  type SeriesKey,
  type ServicePromise,
  type Snapshot,
  type SnapshotMeta,
  type Store,
  type StoredComplaint,
  sha256Hex,
  silentLogger,
  type Verdict,
} from '../core/index.ts';
import { hourOf, mergeIntoRollup, seriesId } from '../rollups/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { StoreWriteError } from './errors.ts';
import {
  fromApiKeyItem,
  fromClaimsItem,
  fromComplaintItem,
  fromDigestSendItem,
  fromPromiseItem,
  fromRollupItem,
  fromVerdictItem,
  fromVersionItem,
  type Item,
  toItem,
} from './items.ts';
import { keys, TABLE_SCHEMA } from './schema.ts';

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger?: Logger;
  /** Injected so tests need not wait; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Days raw crawl claims are kept (TTL). */
  crawlClaimTtlDays?: number;
  /** Sample ids kept per rollup item before the hour starts a new part (default 10,000; items stay far under 400 KB). */
  idsPerRollupPart?: number;
  /** Signs pagination cursors (HMAC-SHA-256); without it cursors are still strictly validated. */
  cursorKey?: string | Uint8Array;
}

const CHUNK_BYTES = 350_000;
const DAY_MS = 86_400_000;

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const sampleId = (series: string, s: MetricSample): string =>
  sha256Hex(`${series}|${s.at}|${s.ref ?? ''}|${s.value}`).slice(0, 12);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const createDynamoStore = (options: DynamoStoreOptions): Store => {
  const { client, tableName } = options;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const knownSeries = new Set<string>();
  const idsPerPart = options.idsPerRollupPart ?? 10_000;

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

  // ---- metrics: merge samples into hourly rollups, idempotently by sample id ----

  // Sample ids are kept as one binary attribute (6 bytes an id): a list of strings costs far more
  // to validate and marshal on every merge.
  const packIds = (ids: string[]): Uint8Array => Buffer.from(ids.join(''), 'hex');
  const unpackIds = (packed: unknown): string[] => {
    if (!(packed instanceof Uint8Array)) return [];
    const hex = Buffer.from(packed).toString('hex');
    const out: string[] = [];
    for (let i = 0; i < hex.length; i += 12) out.push(hex.slice(i, i + 12));
    return out;
  };

  interface RollupRecord {
    rollup: Rollup;
    ids: string[];
    version: number;
    part: number;
  }

  const toRecord = (item: Record<string, unknown>): RollupRecord => ({
    rollup: fromRollupItem(item),
    ids: unpackIds(item.ids),
    version: Number(item.version ?? 0),
    part: Number(String(item.sk).slice(-3)),
  });

  const readRollupParts = async (series: string, hour: string): Promise<RollupRecord[]> =>
    (await queryPk(`SERIES#${series}`, `H#${hour}#`)).map(toRecord);

  /**
   * Part 0 of many hours in one BatchGet (100 keys a call) instead of a Query per hour. An hour
   * with more parts says so on part 0 (`moreParts`), and only then are its parts queried.
   */
  const prefetchFirstParts = async (groups: { series: string; hour: string }[]) => {
    const found = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < groups.length; i += 100) {
      let pending: Record<string, unknown>[] = groups
        .slice(i, i + 100)
        .map((g) => keys.rollup(g.series, g.hour, 0));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8)
          throw new StoreWriteError(`${pending.length} rollups were still unread after ${attempt} attempts`);
        if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
        const result = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
        );
        for (const item of result.Responses?.[tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return (series: string, hour: string): RollupRecord[] | undefined => {
      const key = keys.rollup(series, hour, 0);
      const item = found.get(`${key.pk}|${key.sk}`);
      if (!item) return [];
      return item.moreParts ? undefined : [toRecord(item)];
    };
  };

  const mergeGroup = async (
    series: string,
    hour: string,
    samples: MetricSample[],
    prefetched: RollupRecord[] | undefined,
  ): Promise<IngestResult> => {
    for (let attempt = 0; ; attempt++) {
      const parts = attempt === 0 && prefetched ? prefetched : await readRollupParts(series, hour);
      const seen = new Set(parts.flatMap((p) => p.ids));
      const fresh: MetricSample[] = [];
      const freshIds: string[] = [];
      for (const s of samples) {
        const id = sampleId(series, s);
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(s);
        freshIds.push(id);
      }
      const duplicates = samples.length - fresh.length;
      if (fresh.length === 0) return { accepted: 0, duplicates };
      const last = parts.at(-1);
      const target = last && last.ids.length + fresh.length <= idsPerPart ? last : undefined;
      const part = target ? target.part : (last?.part ?? -1) + 1;
      const rollup = mergeIntoRollup(target?.rollup, fresh, { series, hour });
      const version = (target?.version ?? 0) + 1;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(keys.rollup(series, hour, part), rollup, {
              ids: packIds([...(target?.ids ?? []), ...freshIds]),
              version,
              ...(part === 0 && parts.length > 1 ? { moreParts: true } : {}),
            }),
            ConditionExpression: target ? 'version = :v' : 'attribute_not_exists(pk)',
            ...(target ? { ExpressionAttributeValues: { ':v': target.version } } : {}),
          }),
        );
        if (part > 0) {
          // Readers that batch-read part 0 must learn that this hour now has more parts.
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.rollup(series, hour, 0),
              UpdateExpression: 'SET moreParts = :t',
              ExpressionAttributeValues: { ':t': true },
            }),
          );
        }
        return { accepted: fresh.length, duplicates };
      } catch (error) {
        // Another writer merged into this hour first: read again and merge on top of theirs.
        if (!isConditionalFailure(error) || attempt >= 10) throw error;
        await sleep(5 * (attempt + 1));
      }
    }
  };

  const registerSeries = async (groups: Iterable<{ series: string; samples: MetricSample[] }>) => {
    const fresh = new Map<string, MetricSample>();
    for (const { series, samples } of groups) {
      const first = samples[0];
      if (first && !knownSeries.has(series)) fresh.set(series, first);
    }
    if (fresh.size === 0) return;
    await batchPut(
      [...fresh].map(([id, s]) => {
        const rollupish = mergeIntoRollup(undefined, [s]);
        return toItem(keys.seriesRegistry(rollupish.metric, id), {
          metric: rollupish.metric,
          dimensions: rollupish.dimensions,
          unit: s.unit,
        });
      }),
    );
    for (const id of fresh.keys()) knownSeries.add(id);
  };

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

    async claimCrawlUrl(runId, url, at, claimant) {
      try {
        const expiresAt =
          Math.floor(new Date(at).getTime() / 1000) + (options.crawlClaimTtlDays ?? 7) * 86_400;
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.crawlClaim(runId, url),
              at,
              [TABLE_SCHEMA.ttlAttribute]: expiresAt,
              ...(claimant ? { claimant } : {}),
            },
            // The claimant's own retry may take its claim again (and so queue the URL again).
            ...(claimant
              ? {
                  ConditionExpression:
                    'attribute_not_exists(pk) OR (claimant = :claimant AND attribute_not_exists(queuedAt))',
                  ExpressionAttributeValues: { ':claimant': claimant },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
    },

    async markCrawlUrlsQueued(runId, urls, at) {
      const limit = pLimit(8);
      await Promise.all(
        urls.map((url) =>
          limit(() =>
            client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: keys.crawlClaim(runId, url),
                UpdateExpression: 'SET queuedAt = :at',
                ExpressionAttributeValues: { ':at': at },
              }),
            ),
          ),
        ),
      );
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

    async ingestSamples(samples) {
      const groups = new Map<string, { series: string; hour: string; samples: MetricSample[] }>();
      // seriesId sorts and lower-cases dimensions: do it once per distinct dimension object shape.
      const seriesMemo = new Map<string, string>();
      for (const s of samples) {
        const raw = `${s.metric}\u0000${Object.entries(s.dimensions).join('\u0000')}`;
        let series = seriesMemo.get(raw);
        if (series === undefined) {
          series = seriesId(s.metric, s.dimensions);
          seriesMemo.set(raw, series);
        }
        const hour = hourOf(s.at);
        const key = `${series}|${hour}`;
        let group = groups.get(key);
        if (!group) {
          group = { series, hour, samples: [] };
          groups.set(key, group);
        }
        group.samples.push(s);
      }
      await registerSeries(groups.values());
      const firstParts = await prefetchFirstParts([...groups.values()]);
      const limit = pLimit(16);
      const results = await Promise.all(
        [...groups.values()].map((g) =>
          limit(() => mergeGroup(g.series, g.hour, g.samples, firstParts(g.series, g.hour))),
        ),
      );
      const total = results.reduce(
        (acc, r) => ({ accepted: acc.accepted + r.accepted, duplicates: acc.duplicates + r.duplicates }),
        {
          accepted: 0,
          duplicates: 0,
        },
      );
      logger.debug('samples ingested', { ...total, groups: groups.size });
      return total;
    },

    async listSeries(metric) {
      return (await queryPk(`METRIC#${metric.toLowerCase()}`)).map((item) => {
        const data = item.data as SeriesKey;
        return { metric: data.metric, dimensions: data.dimensions };
      });
    },

    async rollupsFor(series: SeriesKey, from, to) {
      const id = seriesId(series.metric, series.dimensions);
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `SERIES#${id}`,
          ':from': `H#${hourOf(from)}`,
          // The end is exclusive: stop before the hour that holds `to`.
          ':to': `H#${hourOf(new Date(new Date(to).getTime() - 1).toISOString())}#~`,
        },
      });
      return items.map(fromRollupItem);
    },

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

    async claimDigestSend(windowId, recipient, at, reclaim) {
      try {
        const claim: DigestSendRecord = {
          windowId,
          recipient,
          state: 'sending',
          at,
          ...(reclaim ? { attempt: reclaim.attempt } : {}),
          ...(reclaim?.reclaimedFrom ? { reclaimedFrom: reclaim.reclaimedFrom } : {}),
        };
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(keys.digestSend(windowId, recipient), claim),
            // A failed send (throttled to the end) may be tried again, and so may a claim left
            // `sending` longer than any run lasts (the run died); sent, rejected or in flight may not.
            ConditionExpression: reclaim
              ? 'attribute_not_exists(pk) OR #data.#state = :failed OR (#data.#state = :sending AND #data.#at < :stale)'
              : 'attribute_not_exists(pk) OR #data.#state = :failed',
            ExpressionAttributeNames: {
              '#data': 'data',
              '#state': 'state',
              ...(reclaim ? { '#at': 'at' } : {}),
            },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ...(reclaim ? { ':sending': 'sending', ':stale': reclaim.staleBefore } : {}),
            },
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
