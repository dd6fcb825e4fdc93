// Identity and change over time: a promise keeps its id while what it is about stays the same, so
// "1 hour" becoming "4 hours" is a change of one promise, not a removal and an addition.

import {
  canonicalJson,
  type ExtractedPromise,
  type PromiseChange,
  type PromiseVersion,
  type ServicePromise,
  type SourceKind,
  sha256Hex,
  stableId,
} from '../core/index.ts';

/**
 * The id comes from the source and what the promise is about (category, metric and the qualifiers
 * that pick out which promise it is); the meaning hash covers what it says (operator, threshold,
 * unit and every qualifier).
 */
export const promiseIdentity = (
  sourceUrl: string,
  p: ExtractedPromise,
): { id: string; meaningHash: string } => {
  const q = p.qualifiers;
  const id = stableId(
    'prm',
    sourceUrl,
    p.category,
    p.metric,
    q.tier,
    q.severity,
    q.channel,
    q.scope,
    q.region,
    q.condition,
  );
  const meaningHash = sha256Hex(
    canonicalJson({
      category: p.category,
      metric: p.metric,
      operator: p.operator,
      threshold: p.threshold,
      unit: p.unit,
      qualifiers: q,
    }),
  ).slice(0, 32);
  return { id, meaningHash };
};

export interface IdentifiedPromise {
  id: string;
  meaningHash: string;
  promise: ExtractedPromise;
}

/**
 * Ids for every promise of one document. Repeats (same id, same meaning) are merged, keeping the
 * first quote; two different promises that share an id (two columns nobody named) get the second
 * an ordinal, which stays stable while the page keeps its order.
 */
export const identifyPromises = (sourceUrl: string, extracted: ExtractedPromise[]): IdentifiedPromise[] => {
  const out: IdentifiedPromise[] = [];
  const meaningsById = new Map<string, string[]>();
  for (const promise of extracted) {
    const { id: baseId, meaningHash } = promiseIdentity(sourceUrl, promise);
    const meanings = meaningsById.get(baseId) ?? [];
    if (meanings.includes(meaningHash)) continue;
    meanings.push(meaningHash);
    meaningsById.set(baseId, meanings);
    const id = meanings.length === 1 ? baseId : stableId('prm', baseId, meanings.length);
    out.push({ id, meaningHash, promise });
  }
  return out;
};

export interface DiffInput {
  sourceUrl: string;
  sourceKind: SourceKind;
  previous: ServicePromise[];
  /** The open (latest) version per promise id. */
  previousVersions: Map<string, PromiseVersion>;
  extracted: ExtractedPromise[];
  now: Date;
}

export interface DiffResult {
  /** Every promise to write: added, changed, still present (lastSeen bumped), removed (removedAt set). */
  promises: ServicePromise[];
  /** New versions, and the old versions they close (validTo set). */
  versions: PromiseVersion[];
  changes: PromiseChange[];
}

const versionOf = (
  promiseId: string,
  version: number,
  p: ExtractedPromise,
  validFrom: string,
): PromiseVersion => ({
  promiseId,
  version,
  quote: p.quote,
  operator: p.operator,
  threshold: p.threshold,
  unit: p.unit,
  qualifiers: p.qualifiers,
  validFrom,
});

/** The open version of a stored promise; rebuilt from the promise when the store has none. */
const openVersion = (prev: ServicePromise, versions: Map<string, PromiseVersion>): PromiseVersion =>
  versions.get(prev.id) ?? versionOf(prev.id, 1, prev, prev.firstSeen);

/**
 * Compares what a page says now with what was stored for it. Pure: the same input gives the same
 * output, and an unchanged page gives no changes and the same ids.
 */
export const diffPromises = (input: DiffInput): DiffResult => {
  const now = input.now.toISOString();
  const previous = new Map(
    input.previous.filter((p) => p.sourceUrl === input.sourceUrl).map((p) => [p.id, p]),
  );
  const promises: ServicePromise[] = [];
  const versions: PromiseVersion[] = [];
  const changes: PromiseChange[] = [];
  const present = new Set<string>();

  for (const { id, meaningHash, promise } of identifyPromises(input.sourceUrl, input.extracted)) {
    present.add(id);
    const prev = previous.get(id);
    const base = { ...promise, id, sourceUrl: input.sourceUrl, sourceKind: input.sourceKind, meaningHash };
    if (!prev || prev.removedAt) {
      const last = prev ? input.previousVersions.get(id) : undefined;
      const stored: ServicePromise = { ...base, firstSeen: prev?.firstSeen ?? now, lastSeen: now };
      const version = versionOf(id, (last?.version ?? 0) + 1, promise, now);
      if (last && last.validTo === undefined) versions.push({ ...last, validTo: now });
      promises.push(stored);
      versions.push(version);
      changes.push({ kind: 'added', promise: stored });
      continue;
    }
    if (prev.meaningHash === meaningHash) {
      promises.push({ ...prev, quote: promise.quote, confidence: promise.confidence, lastSeen: now });
      continue;
    }
    const before = openVersion(prev, input.previousVersions);
    const closed: PromiseVersion = { ...before, validTo: now };
    const after = versionOf(id, before.version + 1, promise, now);
    const stored: ServicePromise = { ...base, firstSeen: prev.firstSeen, lastSeen: now };
    promises.push(stored);
    versions.push(closed, after);
    changes.push({ kind: 'changed', promise: stored, before: closed, after });
  }

  for (const prev of previous.values()) {
    if (present.has(prev.id) || prev.removedAt) continue;
    const removed: ServicePromise = { ...prev, removedAt: now };
    const open = input.previousVersions.get(prev.id);
    if (open && open.validTo === undefined) versions.push({ ...open, validTo: now });
    promises.push(removed);
    changes.push({ kind: 'removed', promise: removed });
  }
  return { promises, versions, changes };
};
