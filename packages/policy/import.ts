// A policy file into the store: read, validated, normalised, and stored by identity (a policy whose
// content is unchanged is not written again, so importing the same file twice stores nothing twice).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PolicyFileConfig, PolicyFormat, PutPoliciesResult, Store } from '../core/index.ts';
import { PolicyFileError } from './errors.ts';
import { parsePolicies } from './parse.ts';

export interface PolicyImportReport extends PutPoliciesResult {
  kind: 'policies';
  file: string;
  format: PolicyFormat | 'detected';
  policies: number;
  targets: number;
  /** Conditions that name no plan, priority or channel, per policy: they cannot be matched to promises. */
  unmatchedConditions: { policy: string; conditions: string[] }[];
}

export const importPolicyFile = async (
  deps: {
    store: Pick<Store, 'putPolicies'>;
    now: () => Date;
    knownTiers?: ReadonlySet<string>;
    businessDayHours?: number;
  },
  spec: Pick<PolicyFileConfig, 'file'> & Partial<Pick<PolicyFileConfig, 'format' | 'planOf'>>,
  baseDir: string,
): Promise<PolicyImportReport> => {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, spec.file), 'utf8');
  } catch {
    throw new PolicyFileError(spec.file, '', 'cannot be read');
  }
  const policies = parsePolicies(text, {
    file: spec.file,
    ...(spec.format ? { format: spec.format } : {}),
    ...(deps.knownTiers ? { knownTiers: deps.knownTiers } : {}),
    ...(spec.planOf ? { planOf: spec.planOf } : {}),
    ...(deps.businessDayHours ? { businessDayHours: deps.businessDayHours } : {}),
    importedAt: deps.now().toISOString(),
  });
  const stored = await deps.store.putPolicies(policies);
  return {
    kind: 'policies',
    file: spec.file,
    format: spec.format ?? 'detected',
    policies: policies.length,
    targets: policies.reduce((n, p) => n + p.targets.length, 0),
    ...stored,
    unmatchedConditions: policies
      .map((p) => ({
        policy: p.title,
        conditions: [...(p.all.other ?? []), ...(p.any ?? []).flatMap((f) => f.other ?? [])],
      }))
      .filter((u) => u.conditions.length > 0),
  };
};
