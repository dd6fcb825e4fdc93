// Samples and rollups: samples merge into hourly rollups per series, idempotently by sample id,
// with a registry of series per metric so the evaluator can find them.

import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import * as z from 'zod/mini';
import {
  type IngestResult,
  type MetricSample,
  type Rollup,
  type SeriesKey,
  type Store,
  sha256Hex,
} from '../core/index.ts';
import { hourOf, mergeIntoRollup, seriesId } from '../rollups/index.ts';
import { StoreWriteError } from './errors.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

export type MetricRepository = Pick<Store, 'ingestSamples' | 'listSeries' | 'rollupsFor'>;

const rollupShape = z.looseObject({
  series: z.string(),
  hour: z.string(),
  count: z.number(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
  sketch: z.string(),
  worst: z.array(z.looseObject({ value: z.number(), at: z.string() })),
});

export const fromRollupItem = (item: Record<string, unknown>) => check<Rollup>(item, rollupShape, 'rollup');

const sampleId = (series: string, s: MetricSample): string =>
  sha256Hex(`${series}|${s.at}|${s.ref ?? ''}|${s.value}`).slice(0, 12);

export const createMetricRepository = (table: Table): MetricRepository => {
  const { client, tableName, options, logger, sleep, queryAll, queryPk, batchPut } = table;
  const knownSeries = new Set<string>();
  const idsPerPart = options.idsPerRollupPart ?? 10_000;

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

  return {
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
  };
};
