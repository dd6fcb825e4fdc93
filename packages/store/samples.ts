// Metric samples and their rollups in the table: one item per series and UTC week (Monday to
// Sunday) holds that week's hourly rollups (count, sum, min, max, DDSketch, worst cases) and the
// ids of the samples merged into it. A sparse series (a help desk's plan × priority × channel) has
// one or two samples an hour, so an item per hour meant a store write per sample; an item per week
// is written once per import chunk, and an evaluation reads one or two items per series and week.
// An item that would pass MAX_ITEM_CHARS or hold over idsPerRollupPart ids starts a new part. Merges are conditional on the item's version, so concurrent writers never lose a sample,
// and a sample's id is stored in the same write as its figures, so a killed import re-run stores
// each sample exactly once. Reads still understand the hourly items older data folders hold.

import { hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import {
  type IngestResult,
  type Logger,
  type MetricSample,
  type Rollup,
  type SeriesKey,
  silentLogger,
} from '../core/index.ts';
import { hourOf, mergeIntoRollup, seriesId, sketchOfValues, WORST_KEPT } from '../rollups/index.ts';
import { normaliseDimensions } from '../rollups/series.ts';
import { StoreItemError, StoreWriteError } from './errors.ts';
import { toItem } from './items.ts';
import { fromRollupItem } from './metrics.ts';
import { keys } from './schema.ts';

z.config(en());

export interface SampleRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger?: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Sample ids kept per week item before the week starts a new part (default 10,000). */
  idsPerRollupPart?: number;
}

export interface SampleRepository {
  ingestSamples(samples: MetricSample[]): Promise<IngestResult>;
  listSeries(metric: string): Promise<SeriesKey[]>;
  rollupsFor(series: SeriesKey, from: string, to: string): Promise<Rollup[]>;
}

/** Figures of one hour inside a day item: a Rollup without what the item already says once. */
type HourFigures = Pick<Rollup, 'count' | 'sum' | 'min' | 'max' | 'sketch' | 'worst'>;

/** An hour with no samples yet: what mergeIntoRollup starts from when given no rollup. */
const EMPTY_HOUR: HourFigures = {
  count: 0,
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
  sketch: '',
  worst: [],
};

interface DayData {
  series: string;
  metric: string;
  dimensions: Record<string, string>;
  unit: string;
  /** The Monday (UTC, YYYY-MM-DD) the item's week starts on. */
  day: string;
  /** 'YYYY-MM-DDTHH' → that hour's figures. */
  hours: Record<string, HourFigures>;
}

const hourShape = z.looseObject({
  count: z.number(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
  sketch: z.string(),
  worst: z.array(z.looseObject({ value: z.number(), at: z.string() })),
});
// The hours are kept as one JSON string, deflated into a binary attribute (`hoursZ`): a map of
// 168 maps costs DynamoDB's marshalling (and dynalite's validation) far more on every merge than
// one attribute, and a help desk's week of ticket cases (values, instants and ticket refs) deflates
// to about a fifth: a fifth of the bytes each write sends, signs and is billed for (DynamoDB
// bills writes per KB). Items written before hold `hours` as a plain string, read as they are.
const dayShape = z.looseObject({
  series: z.string(),
  metric: z.string(),
  dimensions: z.record(z.string(), z.string()),
  unit: z.string(),
  day: z.string(),
  hours: z.optional(z.string()),
  hoursZ: z.optional(z.custom<Uint8Array>((v) => v instanceof Uint8Array)),
});
const hoursShape = z.record(z.string(), hourShape);

const fromDayItem = (item: Record<string, unknown>): DayData => {
  const fail = (problem: string, cause?: unknown): never => {
    throw new StoreItemError({ pk: item.pk, sk: item.sk }, `rollup week: ${problem}`, { cause });
  };
  const parsed = dayShape.safeParse(item.data);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  }
  const { hours: plain, hoursZ, ...rest } = parsed.data;
  if (plain === undefined && hoursZ === undefined) return fail('neither hours nor hoursZ');
  let hours: unknown;
  try {
    hours = JSON.parse(plain ?? inflateRawSync(hoursZ ?? new Uint8Array()).toString('utf8'));
  } catch (cause) {
    return fail(plain === undefined ? 'hoursZ is not deflated JSON' : 'hours are not JSON', cause);
  }
  const checked = hoursShape.safeParse(hours);
  if (!checked.success) {
    return fail(checked.error.issues.map((i) => `hours.${i.path.join('.')} ${i.message}`).join('; '));
  }
  return { ...rest, hours: checked.data as Record<string, HourFigures> };
};

/**
 * An hour whose `worst` holds all its samples (a help desk's sparse series: one or two an hour)
 * is stored without its sketch, which those samples give again (withSketch): a third of a week
 * item's characters, and so of what each write sends and the store parses and keeps.
 */
const isWhole = (f: HourFigures): boolean => f.count > 0 && f.worst.length === f.count;
const withoutSketch = (f: HourFigures): HourFigures =>
  isWhole(f) && f.sketch !== '' ? { ...f, sketch: '' } : f;
const withSketch = (f: HourFigures): HourFigures =>
  f.sketch === '' && isWhole(f) ? { ...f, sketch: sketchOfValues(f.worst.map((w) => w.value)) } : f;

/** The stored form of a week's data, and its size in characters. */
const serialise = (data: DayData): { stored: Record<string, unknown>; chars: number } => {
  const compact: Record<string, HourFigures> = {};
  for (const hour in data.hours) {
    const figures = data.hours[hour];
    if (figures) compact[hour] = withoutSketch(figures);
  }
  const hours = JSON.stringify(compact);
  return {
    stored: {
      series: data.series,
      metric: data.metric,
      dimensions: { ...data.dimensions },
      unit: data.unit,
      day: data.day,
      // Level 1: most of what level 6 saves on this text, at a third of its time.
      hoursZ: deflateRawSync(hours, { level: 1 }),
    },
    // Characters before deflating: parts are sized as if stored plain, so a week's parts split
    // where they always did and any item fits with room to spare.
    chars: hours.length + data.series.length * 2 + 200,
  };
};

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * A sample's id: its series, instant, key (what tells it from its twins: a ticket id, "#2") and
 * value. Without a key the ref is used, which is how every id was made before keys existed, so
 * ticket samples (key = ref = "ticket N") keep the ids older data folders hold.
 */
const idOf = (series: string, at: string, key: string, value: number): string =>
  hash('sha256', `${series}|${at}|${key}|${value}`, 'hex').slice(0, 12);

// Ids are kept as one binary attribute (6 bytes an id): a list of strings costs far more to
// validate and marshal on every merge.
const packIds = (ids: string[]): Uint8Array => Buffer.from(ids.join(''), 'hex');
const unpackIds = (packed: unknown, into: Set<string>): number => {
  if (!(packed instanceof Uint8Array)) return 0;
  const hex = Buffer.from(packed).toString('hex');
  for (let i = 0; i < hex.length; i += 12) into.add(hex.slice(i, i + 12));
  return hex.length / 12;
};

interface DayPart {
  /** The figures, read (and checked) only when samples are merged into them: a re-import needs only the ids. */
  data: () => DayData;
  packed: Uint8Array | undefined;
  idCount: number;
  version: number;
  part: number;
}

const toPart = (item: Record<string, unknown>): DayPart => {
  const packed = item.ids instanceof Uint8Array ? item.ids : undefined;
  let data: DayData | undefined;
  return {
    data: () => {
      data ??= fromDayItem(item);
      return data;
    },
    packed,
    idCount: packed ? packed.length / 6 : 0,
    version: Number(item.version ?? 0),
    part: Number(String(item.sk).slice(-3)),
  };
};

const MAX_ATTEMPTS = 8;
/** DynamoDB items hold 400 KB; a part is closed well before (JSON characters of its figures). */
const MAX_ITEM_CHARS = 250_000;
const DAY_MS = 86_400_000;

/** Mondays of the days seen ('YYYY-MM-DD' → Monday), a few thousand at most in practice. */
const mondays = new Map<string, string>();

/** The Monday (UTC) of the week an ISO instant falls in, as YYYY-MM-DD. */
export const weekOf = (at: string): string => {
  const date = at.slice(0, 10);
  const known = mondays.get(date);
  if (known !== undefined) return known;
  const day = Date.UTC(Number(at.slice(0, 4)), Number(at.slice(5, 7)) - 1, Number(at.slice(8, 10)));
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const monday = new Date(day - weekday * DAY_MS).toISOString().slice(0, 10);
  if (mondays.size > 50_000) mondays.clear();
  mondays.set(date, monday);
  return monday;
};
const backoff = (attempt: number) => Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);

interface Group {
  series: string;
  day: string;
  samples: MetricSample[];
  /** Ids of the samples, in the same order (computed once per ingest). */
  ids: string[];
}

export const createSampleRepository = (options: SampleRepositoryOptions): SampleRepository => {
  const { client, tableName, sleep } = options;
  const logger = options.logger ?? silentLogger;
  const idsPerPart = options.idsPerRollupPart ?? 10_000;
  /**
   * Series this process has registered: whether each may hold hourly items of older versions, and
   * whether this process created it (then a day it has not written yet has no item to read).
   */
  const knownSeries = new Map<string, { legacy: boolean; created: boolean }>();
  /** Weeks (series|Monday) this process has written, of the series it created. */
  const writtenDays = new Set<string>();

  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>) => {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  };

  const queryPrefix = (pk: string, prefix: string) =>
    queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': pk, ':sk': prefix },
    });

  /** BatchGet of any number of keys (100 a call), unprocessed keys retried with backoff. */
  const batchGet = async (
    wanted: { pk: string; sk: string }[],
    /** Attributes to read (all when absent). */
    attributes?: string[],
  ): Promise<Map<string, Record<string, unknown>>> => {
    const projection = attributes
      ? {
          ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
        }
      : {};
    const found = new Map<string, Record<string, unknown>>();
    const limit = pLimit(4);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < wanted.length; i += 100) {
      const slice = wanted.slice(i, i + 100);
      calls.push(
        limit(async () => {
          let pending: Record<string, unknown>[] = slice;
          for (let attempt = 0; pending.length > 0; attempt++) {
            if (attempt > MAX_ATTEMPTS) {
              throw new StoreWriteError(
                `${pending.length} items were still unread after ${attempt} attempts`,
              );
            }
            if (attempt > 0) await sleep(backoff(attempt));
            const result = await client.send(
              new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...projection } } }),
            );
            for (const item of result.Responses?.[tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
            pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
          }
        }),
      );
    }
    await Promise.all(calls);
    return found;
  };

  /** BatchWrite puts (25 a call), unprocessed items retried with backoff; throws if any remain. */
  const batchPut = async (items: Record<string, unknown>[]) => {
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new StoreWriteError(
            `${pending.length} items were still unprocessed after ${attempt} attempts`,
          );
        }
        if (attempt > 0) await sleep(backoff(attempt));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
          r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
        );
      }
    }
  };

  /**
   * Makes sure every series has its registry item (listSeries reads them), and learns which
   * series were registered by a version that wrote hourly items (no `rollupLayout`): only those
   * need their hourly items read to recognise samples already stored.
   */
  const registerSeries = async (firstOf: Map<string, MetricSample>): Promise<number> => {
    const unknown = [...firstOf].filter(([series]) => !knownSeries.has(series));
    if (unknown.length === 0) return 0;
    const registry = unknown.map(([series, s]) => {
      const rollupish = mergeIntoRollup(undefined, [s]);
      return { series, key: keys.seriesRegistry(rollupish.metric, series), rollupish, unit: s.unit };
    });
    const found = await batchGet(registry.map((r) => r.key));
    const missing: Record<string, unknown>[] = [];
    const created: string[] = [];
    for (const r of registry) {
      const item = found.get(`${r.key.pk}|${r.key.sk}`);
      if (item) knownSeries.set(r.series, { legacy: item.rollupLayout === undefined, created: false });
      else {
        missing.push(
          toItem(
            r.key,
            { metric: r.rollupish.metric, dimensions: r.rollupish.dimensions, unit: r.unit },
            { rollupLayout: 'day' },
          ),
        );
        created.push(r.series);
      }
    }
    // Known only once the registry item is stored: a failed write must be retried by the next
    // attempt, or the series' samples would be stored where no listSeries finds them.
    await batchPut(missing);
    for (const series of created) knownSeries.set(series, { legacy: false, created: true });
    return missing.length;
  };

  const readParts = async (series: string, week: string): Promise<DayPart[]> =>
    (await queryPrefix(`SERIES#${series}`, `W#${week}#`)).map(toPart);

  /** Ids held by the hourly items of a week that an older version wrote. */
  const legacyIds = async (series: string, week: string, into: Set<string>): Promise<void> => {
    const end = new Date(new Date(`${week}T00:00:00Z`).getTime() + 7 * DAY_MS - 1).toISOString().slice(0, 13);
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `SERIES#${series}`, ':from': `H#${week}T00`, ':to': `H#${end}#~` },
    });
    for (const item of items) unpackIds(item.ids, into);
  };

  /** Merges samples into a week's hours: the figures of `base` plus `fresh`. */
  const mergeHours = (base: DayData | undefined, group: Group, fresh: MetricSample[]): DayData => {
    const byHour = new Map<string, MetricSample[]>();
    for (const s of fresh) {
      const hour = s.at.slice(0, 13);
      let list = byHour.get(hour);
      if (!list) {
        list = [];
        byHour.set(hour, list);
      }
      list.push(s);
    }
    const first = fresh[0];
    const hours: Record<string, HourFigures> = { ...(base?.hours ?? {}) };
    // A new week's identity is made once, not once an hour (mergeIntoRollup would normalise the
    // dimensions for each hour it starts).
    let identity: Omit<DayData, 'hours' | 'day'> | undefined =
      base ??
      (first
        ? {
            series: group.series,
            metric: first.metric,
            dimensions: normaliseDimensions(first.dimensions),
            unit: first.unit,
          }
        : undefined);
    for (const [hour, samples] of byHour) {
      const stored = hours[hour];
      // An hour that keeps all its samples after the merge needs no sketch (see withoutSketch).
      const staysWhole =
        (stored === undefined || isWhole(stored)) && (stored?.count ?? 0) + samples.length <= 2 * WORST_KEPT;
      const existing = stored && !staysWhole ? withSketch(stored) : stored;
      const merged = mergeIntoRollup(
        identity
          ? {
              ...(existing ?? EMPTY_HOUR),
              series: group.series,
              metric: identity.metric,
              dimensions: identity.dimensions,
              hour,
              unit: identity.unit,
            }
          : undefined,
        samples,
        { series: group.series, hour, sketchless: staysWhole },
      );
      identity ??= {
        series: group.series,
        metric: merged.metric,
        dimensions: merged.dimensions,
        unit: merged.unit,
      };
      hours[hour] = {
        count: merged.count,
        sum: merged.sum,
        min: merged.min,
        max: merged.max,
        sketch: merged.sketch,
        worst: merged.worst,
      };
    }
    return {
      series: group.series,
      metric: identity?.metric ?? first?.metric ?? '',
      dimensions: identity?.dimensions ?? {},
      unit: identity?.unit ?? first?.unit ?? '',
      day: group.day,
      hours,
    };
  };

  const putPart = async (
    group: Group,
    part: number,
    data: Record<string, unknown>,
    ids: Uint8Array,
    expectedVersion: number | undefined,
    moreParts: boolean,
  ) => {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.rollupWeek(group.series, group.day, part),
          data,
          ids,
          version: (expectedVersion ?? 0) + 1,
          ...(moreParts ? { moreParts: true } : {}),
        },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
  };

  const mergeDay = async (
    group: Group,
    prefetched: DayPart[] | undefined,
    legacy: boolean,
  ): Promise<IngestResult & { writes: number }> => {
    for (let attempt = 0; ; attempt++) {
      // Prefetched parts hold ids only: enough to find duplicates, and the figures are read
      // (below) only when there is something to merge into them.
      const idsOnly = attempt === 0 && prefetched !== undefined && prefetched.length > 0;
      const parts = attempt === 0 && prefetched ? prefetched : await readParts(group.series, group.day);
      const seen = new Set<string>();
      for (const p of parts) unpackIds(p.packed, seen);
      if (legacy) await legacyIds(group.series, group.day, seen);
      const fresh: MetricSample[] = [];
      const freshIds: string[] = [];
      group.samples.forEach((s, i) => {
        const id = group.ids[i] ?? '';
        if (seen.has(id)) return;
        // A samples-file row stored by an older version was keyed by its file and line.
        if (legacy && s.ref !== undefined && s.key !== undefined && s.key !== s.ref) {
          if (seen.has(idOf(group.series, s.at, s.ref, s.value))) return;
        }
        seen.add(id);
        fresh.push(s);
        freshIds.push(id);
      });
      const duplicates = group.samples.length - fresh.length;
      if (fresh.length === 0) return { accepted: 0, duplicates, writes: 0 };
      if (idsOnly) continue;
      const last = parts.at(-1);
      let writes = 0;
      try {
        const merged =
          last && last.idCount + fresh.length <= idsPerPart
            ? serialise(mergeHours(last.data(), group, fresh))
            : undefined;
        if (last && merged && merged.chars + (last.idCount + fresh.length) * 6 <= MAX_ITEM_CHARS) {
          const ids = Buffer.concat([last.packed ?? new Uint8Array(), packIds(freshIds)]);
          await putPart(
            group,
            last.part,
            merged.stored,
            ids,
            last.version,
            last.part === 0 && parts.length > 1,
          );
          writes += 1;
        } else {
          // New parts of at most idsPerPart ids and MAX_ITEM_CHARS each (halved in time until they
          // fit); part 0 learns that the week has more.
          let part = last ? last.part + 1 : 0;
          const order = fresh
            .map((_, i) => i)
            .sort((x, y) => ((fresh[x]?.at ?? '') < (fresh[y]?.at ?? '') ? -1 : 1));
          const writeNew = async (from: number, to: number): Promise<void> => {
            const picked = order.slice(from, to);
            const samplesOf = picked.flatMap((i) => (fresh[i] ? [fresh[i]] : []));
            const data = serialise(mergeHours(undefined, group, samplesOf));
            const fits = to - from <= idsPerPart && data.chars + (to - from) * 6 <= MAX_ITEM_CHARS;
            if (!fits && to - from > 1) {
              const mid = from + Math.floor((to - from) / 2);
              await writeNew(from, mid);
              await writeNew(mid, to);
              return;
            }
            await putPart(
              group,
              part,
              data.stored,
              packIds(picked.map((i) => freshIds[i] ?? '')),
              undefined,
              false,
            );
            writes += 1;
            part += 1;
          };
          await writeNew(0, fresh.length);
          if (part > 1) {
            await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: keys.rollupWeek(group.series, group.day, 0),
                UpdateExpression: 'SET moreParts = :t',
                ExpressionAttributeValues: { ':t': true },
              }),
            );
            writes += 1;
          }
        }
        return { accepted: fresh.length, duplicates, writes };
      } catch (error) {
        // Another writer merged into this week first: read again and merge on top of theirs.
        // Parts written before the conflict hold their ids, so their samples are not merged twice.
        if (!isConditionalFailure(error) || attempt >= 10) throw error;
        await sleep(5 * (attempt + 1));
      }
    }
  };

  // seriesId sorts and lower-cases dimensions: once per dimensions object (ticket readers share
  // one object per plan × priority × channel), else once per distinct shape.
  const seriesByObject = new WeakMap<object, Map<string, string>>();
  const seriesByShape = new Map<string, string>();
  const seriesOf = (s: MetricSample): string => {
    let perMetric = seriesByObject.get(s.dimensions);
    if (!perMetric) {
      perMetric = new Map();
      seriesByObject.set(s.dimensions, perMetric);
    }
    let series = perMetric.get(s.metric);
    if (series === undefined) {
      const shape = `${s.metric}\u0000${Object.entries(s.dimensions).join('\u0000')}`;
      series = seriesByShape.get(shape);
      if (series === undefined) {
        series = seriesId(s.metric, s.dimensions);
        if (seriesByShape.size > 50_000) seriesByShape.clear();
        seriesByShape.set(shape, series);
      }
      perMetric.set(s.metric, series);
    }
    return series;
  };

  return {
    async ingestSamples(samples) {
      const groups = new Map<string, Group>();
      const firstOf = new Map<string, MetricSample>();
      for (const s of samples) {
        const series = seriesOf(s);
        const at = s.at.length === 24 && s.at.endsWith('Z') ? s.at : new Date(s.at).toISOString();
        const sample = at === s.at ? s : { ...s, at };
        const day = weekOf(at);
        const key = `${series}|${day}`;
        let group = groups.get(key);
        if (!group) {
          group = { series, day, samples: [], ids: [] };
          groups.set(key, group);
          if (!firstOf.has(series)) firstOf.set(series, sample);
        }
        group.samples.push(sample);
        group.ids.push(idOf(series, at, sample.key ?? sample.ref ?? '', sample.value));
      }
      let writes = await registerSeries(firstOf);
      const list = [...groups.values()];
      // A week of a series this process created, and has not written, has no item yet: no read.
      // (Were another writer to create it meanwhile, the conditional put fails and we read then.)
      const unwritten = (g: Group) =>
        knownSeries.get(g.series)?.created === true && !writtenDays.has(`${g.series}|${g.day}`);
      const firstParts = await batchGet(
        list.filter((g) => !unwritten(g)).map((g) => keys.rollupWeek(g.series, g.day, 0)),
        ['pk', 'sk', 'ids', 'version', 'moreParts'],
      );
      const limit = pLimit(16);
      const results = await Promise.all(
        list.map((g) =>
          limit(() => {
            const key = keys.rollupWeek(g.series, g.day, 0);
            const item = firstParts.get(`${key.pk}|${key.sk}`);
            // Part 0 alone is the whole week unless it says there are more.
            const prefetched = item ? (item.moreParts ? undefined : [toPart(item)]) : [];
            const series = knownSeries.get(g.series);
            const merged = mergeDay(g, prefetched, series?.legacy ?? false);
            if (series?.created) {
              // Forgetting is safe (the day is read again); a long-lived process stays bounded.
              if (writtenDays.size > 200_000) writtenDays.clear();
              writtenDays.add(`${g.series}|${g.day}`);
            }
            return merged;
          }),
        ),
      );
      let accepted = 0;
      let duplicates = 0;
      for (const r of results) {
        accepted += r.accepted;
        duplicates += r.duplicates;
        writes += r.writes ?? 0;
      }
      logger.debug('samples ingested', { accepted, duplicates, writes, groups: groups.size });
      return { accepted, duplicates };
    },

    async listSeries(metric) {
      return (await queryPrefix(`METRIC#${metric.toLowerCase()}`, '')).map((item) => {
        const data = item.data as SeriesKey;
        return { metric: data.metric, dimensions: data.dimensions };
      });
    },

    async rollupsFor(series, from, to) {
      const id = seriesId(series.metric, series.dimensions);
      const fromHour = hourOf(from);
      // The end is exclusive: stop before the hour that holds `to`.
      const lastHour = hourOf(new Date(new Date(to).getTime() - 1).toISOString());
      const [days, hourly] = await Promise.all([
        queryAll({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `SERIES#${id}`,
            ':from': `W#${weekOf(new Date(from).toISOString())}`,
            ':to': `W#${weekOf(`${lastHour}:00:00.000Z`)}#~`,
          },
        }),
        // Hourly items that older versions wrote are read as they are.
        queryAll({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `SERIES#${id}`,
            ':from': `H#${fromHour}`,
            ':to': `H#${lastHour}#~`,
          },
        }),
      ]);
      const out: Rollup[] = [];
      for (const item of days) {
        const data = fromDayItem(item);
        for (const [hour, figures] of Object.entries(data.hours)) {
          if (hour < fromHour || hour > lastHour) continue;
          out.push({
            ...withSketch(figures),
            series: data.series,
            metric: data.metric,
            dimensions: data.dimensions,
            unit: data.unit,
            hour,
          });
        }
      }
      for (const item of hourly) out.push(fromRollupItem(item));
      return out.sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
    },
  };
};
