// Help-desk SLA policies: one item per policy under one partition, keyed by the policy's identity.
// A policy whose content hash is unchanged is not written again, so re-importing a file is a no-op.

import * as z from 'zod/mini';
import type { HelpDeskPolicy, PutPoliciesResult, Store } from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import type { Table } from './table.ts';

export type PolicyRepository = Pick<Store, 'putPolicies' | 'listPolicies'>;

const filterShape = z.looseObject({
  tier: z.optional(z.array(z.string())),
  severity: z.optional(z.array(z.string())),
  channel: z.optional(z.array(z.string())),
  other: z.optional(z.array(z.string())),
});

const policyShape = z.looseObject({
  id: z.string(),
  format: z.enum(['zendesk', 'freshdesk', 'promisegap']),
  title: z.string(),
  position: z.number(),
  file: z.string(),
  all: filterShape,
  any: z.optional(z.array(filterShape)),
  targets: z.array(
    z.looseObject({
      vendorMetric: z.string(),
      category: z.nullable(z.enum(['response_time', 'resolution_time'])),
      severity: z.optional(z.string()),
      minutes: z.number(),
      businessHours: z.boolean(),
    }),
  ),
  contentHash: z.string(),
  importedAt: z.string(),
});

export const fromPolicyItem = (item: Record<string, unknown>) =>
  check<HelpDeskPolicy>(item, policyShape, 'SLA policy');

export const createPolicyRepository = (table: Table): PolicyRepository => {
  const { queryPk, batchPut } = table;
  return {
    async putPolicies(policies) {
      const stored = new Map(
        (await queryPk(keys.policies)).map((item) => [item.sk as string, fromPolicyItem(item)]),
      );
      const result: PutPoliciesResult = { added: 0, updated: 0, unchanged: 0 };
      const writes = [];
      const seen = new Set<string>();
      for (const policy of policies) {
        if (seen.has(policy.id)) continue;
        seen.add(policy.id);
        const before = stored.get(policy.id);
        if (before && before.contentHash === policy.contentHash) {
          result.unchanged += 1;
          continue;
        }
        if (before) result.updated += 1;
        else result.added += 1;
        writes.push(toItem(keys.policy(policy.id), policy));
      }
      if (writes.length) await batchPut(writes);
      return result;
    },

    async listPolicies() {
      return (await queryPk(keys.policies))
        .map(fromPolicyItem)
        .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
    },
  };
};
