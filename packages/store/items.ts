// Item ↔ domain mapping shared by every repository: each entity is stored as its keys plus the
// domain object under `data`; reads check the shape (declared beside each repository) instead of
// casting, so a corrupt item fails loudly with its key.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { StoreItemError } from './errors.ts';

export type Item = Record<string, unknown> & { pk: string; sk: string };

// zod/mini: classic zod's namespace puts ~440 KB into every Lambda bundle that reads the table.
// Mini has no messages of its own; the English ones classic zod shows are configured.
z.config(en());

export const check = <T>(item: Record<string, unknown>, shape: z.ZodMiniType, what: string): T => {
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

export const toItem = (
  key: { pk: string; sk: string },
  data: unknown,
  extra: Record<string, unknown> = {},
): Item => ({
  ...key,
  ...extra,
  data: plain(data),
});
