// A promise's versions with what changed between each and the one before, for the detail route.

import type { PromiseVersion } from '../core/index.ts';
import { canonicalJson } from '../core/index.ts';

export interface VersionChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type VersionWithChanges = Omit<PromiseVersion, 'promiseId'> & { changes: VersionChange[] };

const FIELDS = ['quote', 'operator', 'threshold', 'unit'] as const;

const qualifierChanges = (
  before: PromiseVersion['qualifiers'],
  after: PromiseVersion['qualifiers'],
): VersionChange[] => {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return names
    .filter((k) => canonicalJson(b[k]) !== canonicalJson(a[k]))
    .map((k) => ({ field: `qualifiers.${k}`, before: b[k] ?? null, after: a[k] ?? null }));
};

/** Oldest first; each version lists the fields that differ from the previous one. */
export const describeVersions = (versions: readonly PromiseVersion[]): VersionWithChanges[] => {
  const sorted = [...versions].sort((x, y) => x.version - y.version);
  return sorted.map((v, i) => {
    const prev = i > 0 ? sorted[i - 1] : undefined;
    const changes: VersionChange[] = prev
      ? [
          ...FIELDS.filter((f) => prev[f] !== v[f]).map((f) => ({ field: f, before: prev[f], after: v[f] })),
          ...qualifierChanges(prev.qualifiers, v.qualifiers),
        ]
      : [];
    const { promiseId: _id, ...rest } = v;
    return { ...rest, changes };
  });
};
