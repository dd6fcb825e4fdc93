// The alerts' ledger in the table: open episodes under one partition (a Query lists them), each
// channel's delivery a conditional update of its episode, closed episodes moved to a history
// partition per commitment.

import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertEpisode, AlertLedger, Delivery } from '../alerts/index.ts';
import { StoreItemError } from './errors.ts';

const OPEN = 'ALERTS';
const openKey = (commitmentId: string, condition: string) => ({
  pk: OPEN,
  sk: `${commitmentId}#${condition}`,
});
const historyKey = (commitmentId: string, condition: string, openedAt: string) => ({
  pk: `ALERTHIST#${commitmentId}`,
  sk: `${condition}#${openedAt}`,
});

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const CONDITIONS = new Set(['breached', 'fast_burn', 'slow_burn', 'complaints_jump']);
const STATES = new Set(['sending', 'sent', 'failed']);

/** Reads an episode item, checking its shape rather than casting it. */
const fromItem = (item: Record<string, unknown>): AlertEpisode => {
  const data = item.data as Record<string, unknown> | undefined;
  const fail = (what: string) => new StoreItemError({ pk: item.pk, sk: item.sk }, `alert episode: ${what}`);
  if (!data || typeof data !== 'object') throw fail('no data');
  const { commitmentId, condition, openedAt, summary, deliveries } = data;
  if (typeof commitmentId !== 'string' || typeof openedAt !== 'string' || typeof summary !== 'string')
    throw fail('missing commitmentId, openedAt or summary');
  if (typeof condition !== 'string' || !CONDITIONS.has(condition))
    throw fail(`unknown condition ${String(condition)}`);
  const out: Record<string, Delivery> = {};
  for (const [channel, d] of Object.entries((deliveries ?? {}) as Record<string, Record<string, unknown>>)) {
    if (!d || typeof d.state !== 'string' || !STATES.has(d.state) || typeof d.at !== 'string')
      throw fail(`bad delivery for ${channel}`);
    out[channel] = {
      state: d.state as Delivery['state'],
      at: d.at,
      ...(typeof d.messageId === 'string' ? { messageId: d.messageId } : {}),
      ...(typeof d.error === 'string' ? { error: d.error } : {}),
    };
  }
  return {
    commitmentId,
    condition: condition as AlertEpisode['condition'],
    openedAt,
    summary,
    deliveries: out,
  };
};

export const createAlertLedger = (deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): AlertLedger => {
  const { client, tableName } = deps;
  return {
    async listOpenEpisodes() {
      const out: AlertEpisode[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': OPEN },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) out.push(fromItem(item));
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },

    async openEpisode(episode) {
      const key = openKey(episode.commitmentId, episode.condition);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key, data: { ...episode, deliveries: {} } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { ...episode, deliveries: {} };
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
        const existing = await client.send(
          new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
        );
        if (!existing.Item) throw error;
        return fromItem(existing.Item);
      }
    },

    async claimDelivery(episode, channel, at, staleBefore) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: openKey(episode.commitmentId, episode.condition),
            UpdateExpression: 'SET #d.#dl.#ch = :claim',
            ConditionExpression:
              '#d.#opened = :opened AND (attribute_not_exists(#d.#dl.#ch) OR #d.#dl.#ch.#state = :failed OR (#d.#dl.#ch.#state = :sending AND #d.#dl.#ch.#at < :stale))',
            ExpressionAttributeNames: {
              '#d': 'data',
              '#dl': 'deliveries',
              '#ch': channel,
              '#opened': 'openedAt',
              '#state': 'state',
              '#at': 'at',
            },
            ExpressionAttributeValues: {
              ':claim': { state: 'sending', at },
              ':opened': episode.openedAt,
              ':failed': 'failed',
              ':sending': 'sending',
              ':stale': staleBefore,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
    },

    async recordDelivery(episode, channel, delivery) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: openKey(episode.commitmentId, episode.condition),
          UpdateExpression: 'SET #d.#dl.#ch = :delivery',
          ConditionExpression: '#d.#opened = :opened',
          ExpressionAttributeNames: {
            '#d': 'data',
            '#dl': 'deliveries',
            '#ch': channel,
            '#opened': 'openedAt',
          },
          ExpressionAttributeValues: { ':delivery': delivery, ':opened': episode.openedAt },
        }),
      );
    },

    async closeEpisode(episode, at) {
      const key = openKey(episode.commitmentId, episode.condition);
      const current = await client.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      if (!current.Item) return;
      const stored = fromItem(current.Item);
      if (stored.openedAt !== episode.openedAt) return;
      // History first, then the conditional delete: dynalite (the embedded store) has no
      // transactions, and the history key holds openedAt, so a retry rewrites the same item.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...historyKey(stored.commitmentId, stored.condition, stored.openedAt),
            data: { ...stored, closedAt: at },
          },
        }),
      );
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: key,
            ConditionExpression: '#d.#opened = :opened',
            ExpressionAttributeNames: { '#d': 'data', '#opened': 'openedAt' },
            ExpressionAttributeValues: { ':opened': stored.openedAt },
          }),
        );
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
      }
    },
  };
};
