// Item ↔ domain mapping. Each entity is stored as its keys plus the domain object under `data`;
// reads check the shape instead of casting, so a corrupt item fails loudly with its key.

import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type {
  ApiKeyRecord,
  Claim,
  DigestSendRecord,
  PromiseVersion,
  Rollup,
  ServicePromise,
  StoredComplaint,
  Verdict,
} from '../core/index.ts';
import { CATEGORIES, OPERATORS } from '../core/index.ts';
import { StoreItemError } from './errors.ts';

export type Item = Record<string, unknown> & { pk: string; sk: string };

// zod/mini: classic zod's namespace puts ~440 KB into every Lambda bundle that reads the table.
// Mini has no messages of its own; the English ones classic zod shows are configured.
z.config(en());

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
const verdictShape = z.looseObject({
  promiseId: z.string(),
  status: z.enum(['kept', 'at_risk', 'breached', 'no_data']),
  window: z.looseObject({ id: z.string(), start: z.string(), end: z.string() }),
  promise: z.looseObject({ quote: z.string(), sourceUrl: z.string() }),
});
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
const complaintShape = z.looseObject({
  id: z.string(),
  at: z.string(),
  text: z.string(),
  analysis: z.looseObject({ isComplaint: z.boolean(), categories: z.array(z.string()) }),
});
const claimsShape = z.array(z.looseObject({ quote: z.string(), reason: z.string() }));
const apiKeyShape = z.looseObject({
  id: z.string(),
  hash: z.string(),
  scope: z.enum(['read', 'write']),
  createdAt: z.string(),
});
const digestSendShape = z.looseObject({
  windowId: z.string(),
  recipient: z.string(),
  state: z.enum(['sending', 'sent', 'rejected', 'failed']),
  at: z.string(),
});

const check = <T>(item: Record<string, unknown>, shape: z.ZodMiniType, what: string): T => {
  const parsed = shape.safeParse(item.data);
  if (!parsed.success) {
    const key = { pk: item.pk, sk: item.sk };
    throw new StoreItemError(
      key,
      `${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data as T;
};

/** DynamoDB rejects undefined attribute values; JSON round-tripping drops them. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const fromPromiseItem = (item: Record<string, unknown>) =>
  check<ServicePromise>(item, promiseShape, 'promise');
export const fromVersionItem = (item: Record<string, unknown>) =>
  check<PromiseVersion>(item, versionShape, 'promise version');
export const fromVerdictItem = (item: Record<string, unknown>) =>
  check<Verdict>(item, verdictShape, 'verdict');
export const fromRollupItem = (item: Record<string, unknown>) => check<Rollup>(item, rollupShape, 'rollup');
export const fromComplaintItem = (item: Record<string, unknown>) =>
  check<StoredComplaint>(item, complaintShape, 'complaint');
export const fromClaimsItem = (item: Record<string, unknown>) => check<Claim[]>(item, claimsShape, 'claims');
export const fromApiKeyItem = (item: Record<string, unknown>) =>
  check<ApiKeyRecord>(item, apiKeyShape, 'API key');
export const fromDigestSendItem = (item: Record<string, unknown>) =>
  check<DigestSendRecord>(item, digestSendShape, 'digest send');

export const toItem = (
  key: { pk: string; sk: string },
  data: unknown,
  extra: Record<string, unknown> = {},
): Item => ({
  ...key,
  ...extra,
  data: plain(data),
});
