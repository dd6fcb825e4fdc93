// Extraction of a stored snapshot into versioned statements and the commitments they state: the
// step the extract Lambda and the local pipeline share. Re-running it on an unchanged page writes
// the same ids and no changes.

import type {
  ExtractionNote,
  Logger,
  PromiseChange,
  PromiseVersion,
  Snapshot,
  Store,
} from '../core/index.ts';
import { diffPromises, extractDocument } from '../extract/index.ts';
import { syncPageCommitments } from '../register/index.ts';
import { SnapshotMissingError } from './errors.ts';

export interface ExtractStepDeps {
  store: Store;
  now: () => Date;
  logger: Logger;
}

export interface ExtractStepResult {
  url: string;
  promises: number;
  claims: number;
  changes: PromiseChange[];
  /** What the reader of the crawl report must know about this page (another language, a cut). */
  notes: ExtractionNote[];
}

/** Extracts one snapshot, diffs it against the promises stored for its page, and writes the result. */
export const extractSnapshot = async (
  deps: ExtractStepDeps,
  snapshot: Snapshot,
): Promise<ExtractStepResult> => {
  const { store, logger } = deps;
  const extraction = await extractDocument({
    source: snapshot.url,
    body: snapshot.body,
    contentType: snapshot.contentType,
    kind: snapshot.sourceKind,
    ...(snapshot.charset ? { charset: snapshot.charset } : {}),
  });
  // What the page said before, slot by slot; each slot names the commitment it states.
  const previous = await store.listStatementsBySource(snapshot.url);
  const previousVersions = new Map<string, PromiseVersion>();
  for (const p of previous) {
    const versions = await store.listPromiseVersions(p.id);
    const open = versions.filter((v) => !v.validTo).at(-1) ?? versions.at(-1);
    if (open) previousVersions.set(p.id, open);
  }
  const diff = diffPromises({
    sourceUrl: snapshot.url,
    sourceKind: snapshot.sourceKind,
    previous,
    previousVersions,
    extracted: extraction.promises,
    now: deps.now(),
  });
  // Commitments first, slots last: if this stops half-way, the next run still sees the old slots
  // and re-applies the same moves (each commitment write is conditional and idempotent).
  const synced = await syncPageCommitments(store, {
    previous,
    slots: diff.promises,
    snapshot,
    now: deps.now(),
  });
  await store.putPromiseVersions(diff.versions);
  await store.putStatements(synced.slots);
  await store.putClaims(snapshot.url, extraction.claims, deps.now().toISOString());
  for (const note of extraction.notes ?? [])
    logger.warn('page not fully read', { url: snapshot.url, note: note.kind, message: note.message });
  logger.info('promises extracted', {
    url: snapshot.url,
    promises: extraction.promises.length,
    claims: extraction.claims.length,
    changes: diff.changes.length,
    commitments: synced.commitments,
  });
  return {
    url: snapshot.url,
    promises: extraction.promises.length,
    claims: extraction.claims.length,
    changes: diff.changes,
    notes: extraction.notes ?? [],
  };
};

/** Loads the latest snapshot of `url` and extracts it (the extract Lambda's job). */
export const extractSnapshotStep = async (deps: ExtractStepDeps, url: string): Promise<ExtractStepResult> => {
  const snapshot = await deps.store.getLatestSnapshot(url);
  if (!snapshot) throw new SnapshotMissingError(url);
  return extractSnapshot(deps, snapshot);
};
