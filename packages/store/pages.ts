// Pages and snapshots: the latest pointer per URL, gzip body chunks per content hash, and the
// per-run crawl claims that de-duplicate fetches across workers.

import { gunzipSync, gzipSync } from 'node:zlib';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { PutSnapshotResult, Snapshot, SnapshotMeta, Store } from '../core/index.ts';
import { StoreWriteError } from './errors.ts';
import { type Item, toItem } from './items.ts';
import { keys, TABLE_SCHEMA } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

export type PageRepository = Pick<
  Store,
  | 'getLatestSnapshot'
  | 'getSnapshotMeta'
  | 'putSnapshot'
  | 'touchSnapshot'
  | 'claimCrawlUrl'
  | 'markCrawlUrlsQueued'
>;

const CHUNK_BYTES = 350_000;

export const snapshotMetaOf = (item: Record<string, unknown> | undefined): SnapshotMeta | undefined => {
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

export const createPageRepository = (table: Table): PageRepository => {
  const { client, tableName, options, get, put, queryPk, batchPut } = table;

  const store: PageRepository = {
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
  };
  return store;
};
