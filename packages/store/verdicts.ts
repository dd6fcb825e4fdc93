// Verdicts per window (and per promise, through the index), the list of evaluated windows, and
// the digest sends of each window: claimed before sending, recorded after.

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { DigestSendRecord, Store, Verdict } from '../core/index.ts';
import { canonicalJson, sha256Hex } from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

export type VerdictRepository = Pick<
  Store,
  | 'putVerdicts'
  | 'verdictsForWindow'
  | 'verdictHistory'
  | 'listWindows'
  | 'verdictsVersion'
  | 'claimDigestSend'
  | 'recordDigestSend'
  | 'digestSends'
>;

const verdictShape = z.looseObject({
  promiseId: z.string(),
  status: z.enum(['kept', 'at_risk', 'breached', 'no_data']),
  window: z.looseObject({ id: z.string(), start: z.string(), end: z.string() }),
  promise: z.looseObject({ quote: z.string(), sourceUrl: z.string() }),
});
const digestSendShape = z.looseObject({
  windowId: z.string(),
  recipient: z.string(),
  state: z.enum(['sending', 'sent', 'rejected', 'failed']),
  at: z.string(),
});

export const fromVerdictItem = (item: Record<string, unknown>) =>
  check<Verdict>(item, verdictShape, 'verdict');
export const fromDigestSendItem = (item: Record<string, unknown>) =>
  check<DigestSendRecord>(item, digestSendShape, 'digest send');

export const createVerdictRepository = (table: Table): VerdictRepository => {
  const { client, tableName, put, queryAll, queryPk, batchPut } = table;

  /**
   * The version changes when a write's content differs from the last write's, so writing the same
   * verdicts twice (a retried handler) leaves the table as one write did, and A, B, A still moves
   * on twice. Read, then write on the condition that nobody else wrote in between; retried if so.
   */
  const bumpVersion = async (written: string) => {
    for (let attempt = 0; ; attempt++) {
      const current = (
        await client.send(
          new GetCommand({ TableName: tableName, Key: keys.verdictsVersion, ConsistentRead: true }),
        )
      ).Item;
      const v = typeof current?.v === 'string' ? current.v : undefined;
      if (current?.last === written) return;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.verdictsVersion,
              v: sha256Hex(`${v ?? '0'}\n${written}`).slice(0, 24),
              last: written,
            },
            ConditionExpression: v === undefined ? 'attribute_not_exists(pk)' : '#v = :v',
            ...(v === undefined
              ? {}
              : { ExpressionAttributeNames: { '#v': 'v' }, ExpressionAttributeValues: { ':v': v } }),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalFailure(error) || attempt >= 20) throw error;
      }
    }
  };

  return {
    async putVerdicts(verdicts: Verdict[]) {
      if (verdicts.length === 0) return;
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
      // After the verdicts: a reader that sees the new version reads the new verdicts.
      await bumpVersion(sha256Hex(canonicalJson(verdicts)));
    },

    async verdictsVersion() {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.verdictsVersion,
          // Strongly consistent: a version read just after an evaluation sees it.
          ConsistentRead: true,
          ProjectionExpression: '#v',
          ExpressionAttributeNames: { '#v': 'v' },
        }),
      );
      return typeof Item?.v === 'string' ? Item.v : '0';
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
  };
};
