// The register's operations as the CLI, the API and the dashboard call them: list, show, review,
// add by hand, acknowledge. Each write is one conditional put of one commitment: all or nothing.

import type { PromiseTerms, ReviewState, ServicePromise, Store } from '../core/index.ts';
import { RevisionConflictError } from '../store/index.ts';
import {
  acknowledge,
  applyReview,
  manualCommitment,
  needsReview,
  type ReviewAction,
  registerOf,
} from './commitment.ts';
import { CommitmentExistsError, CommitmentNotFoundError } from './errors.ts';
import { updateCommitment } from './sync.ts';

export type RegisterStore = Pick<Store, 'getPromise' | 'saveCommitment' | 'listPromises'>;

const ID = /^[a-z]{2,8}_[0-9a-z]{1,64}$|^[\w.:-]{1,128}$/i;

const load = async (store: RegisterStore, id: string): Promise<ServicePromise> => {
  if (!ID.test(id)) throw new CommitmentNotFoundError(id);
  const found = await store.getPromise(id);
  if (!found) throw new CommitmentNotFoundError(id);
  return found;
};

export const getCommitment = load;

/** Every commitment, rejected and removed ones included, in id order. */
export const listCommitments = async (
  store: RegisterStore,
  filter: { states?: ReviewState[]; queue?: boolean; includeRemoved?: boolean } = {},
): Promise<ServicePromise[]> => {
  const out: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPromises({
      includeRemoved: filter.includeRemoved ?? false,
      includeRejected: true,
      ...(filter.states ? { states: filter.states } : {}),
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return filter.queue ? out.filter(needsReview) : out;
};

export const reviewCommitment = async (
  store: RegisterStore,
  id: string,
  review: ReviewAction,
  by: string,
  now: Date,
): Promise<ServicePromise> => {
  await load(store, id);
  const at = now.toISOString();
  const written = await updateCommitment(store, id, (c) => {
    if (!c) throw new CommitmentNotFoundError(id);
    return applyReview(c, review, by, at);
  });
  if (!written) throw new CommitmentNotFoundError(id);
  return written;
};

export const acknowledgeGap = async (
  store: RegisterStore,
  id: string,
  input: { note: string; until: string; by: string },
  now: Date,
): Promise<ServicePromise> => {
  await load(store, id);
  const written = await updateCommitment(store, id, (c) => {
    if (!c) throw new CommitmentNotFoundError(id);
    return acknowledge(c, input, now.toISOString());
  });
  if (!written) throw new CommitmentNotFoundError(id);
  return written;
};

export const addCommitment = async (
  store: RegisterStore,
  terms: PromiseTerms,
  evidence: { quote: string; source?: string; by: string; reason?: string },
  now: Date,
): Promise<ServicePromise> => {
  const commitment = manualCommitment(terms, evidence, now.toISOString());
  const existing = await store.getPromise(commitment.id);
  if (existing) throw new CommitmentExistsError(commitment.id);
  const written = { ...commitment, register: { ...registerOf(commitment), revision: 1 } };
  try {
    await store.saveCommitment(written, null);
  } catch (error) {
    if (error instanceof RevisionConflictError) throw new CommitmentExistsError(commitment.id);
    throw error;
  }
  return written;
};

/** The register's public view of a commitment (the `promises list --json` and API shape). */
export const commitmentView = (p: ServicePromise) => {
  const r = registerOf(p);
  return {
    id: p.id,
    state: r.state,
    origin: r.origin,
    inQueue: needsReview(p),
    category: p.category,
    metric: p.metric,
    operator: p.operator,
    threshold: p.threshold,
    unit: p.unit,
    qualifiers: p.qualifiers,
    ...(p.gradedOn ? { gradedOn: p.gradedOn } : {}),
    quote: p.quote,
    sourceUrl: p.sourceUrl,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    ...(p.removedAt ? { removedAt: p.removedAt } : {}),
    ...(r.attention ? { attention: r.attention } : {}),
    ...(r.correction ? { correction: r.correction, extracted: r.identity } : {}),
    statements: r.statements.map((s) => ({
      quote: s.quote,
      url: s.url,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      contentHash: s.contentHash,
      ...(s.removedAt ? { removedAt: s.removedAt } : {}),
      ...(s.changedTo ? { changedTo: s.changedTo } : {}),
    })),
    reviews: r.reviews,
    acknowledgement: r.acknowledgement ?? null,
  };
};

export type CommitmentView = ReturnType<typeof commitmentView>;
