// Keeps commitments in step with what each page says. Runs after a page's statement slots are
// diffed: each slot's statement joins the commitment its meaning names; a slot that now means
// something else leaves its old commitment (whose review stays, with what changed) for a new one.

import pLimit from 'p-limit';
import {
  canonicalJson,
  type ServicePromise,
  type Snapshot,
  type Statement,
  type Store,
} from '../core/index.ts';
import { RevisionConflictError } from '../store/index.ts';
import {
  attachStatement,
  describeFigure,
  detachStatement,
  inheritAttention,
  newCommitment,
  registerOf,
} from './commitment.ts';
import { RegisterBusyError } from './errors.ts';
import { commitmentId } from './identity.ts';

const MAX_ATTEMPTS = 8;

const withRevision = (p: ServicePromise, revision: number): ServicePromise =>
  p.register ? { ...p, register: { ...p.register, revision } } : p;

/**
 * Reads a commitment, applies `change`, and writes it only if nobody wrote it in between; on a
 * conflict it reads again and re-applies, so concurrent pages and reviewers never lose each other's work.
 */
export const updateCommitment = async (
  store: Pick<Store, 'getPromise' | 'saveCommitment'>,
  id: string,
  change: (current: ServicePromise | undefined) => ServicePromise | undefined,
): Promise<ServicePromise | undefined> => {
  for (let attempt = 0; ; attempt++) {
    const current = await store.getPromise(id);
    const next = change(current);
    if (!next || next === current) return current;
    const expected = current ? registerOf(current).revision : null;
    // The same content again (a redelivered extraction, a re-run) writes nothing: the state of once.
    if (current && canonicalJson(withRevision(next, expected ?? 0)) === canonicalJson(current))
      return current;
    const written: ServicePromise = {
      ...next,
      ...(next.register ? { register: { ...next.register, revision: (expected ?? 0) + 1 } } : {}),
    };
    try {
      await store.saveCommitment(written, expected);
      return written;
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      if (attempt + 1 >= MAX_ATTEMPTS) throw new RegisterBusyError(id, { cause: error });
    }
  }
};

const statementOf = (slot: ServicePromise, snapshot: Pick<Snapshot, 'contentHash'>): Statement => ({
  statementId: slot.id,
  quote: slot.quote,
  url: slot.sourceUrl,
  sourceKind: slot.sourceKind,
  firstSeen: slot.firstSeen,
  lastSeen: slot.lastSeen,
  contentHash: snapshot.contentHash,
});

export interface SyncResult {
  /** The statement slots, each naming the commitment it belongs to now. */
  slots: ServicePromise[];
  /** Commitments written. */
  commitments: number;
}

/**
 * Applies one page's diffed statement slots to the register. `previous` are the slots stored for
 * the page before this extraction (they name their commitments); `slots` are what the diff returns.
 * Idempotent: running it again on the same page changes nothing.
 */
export const syncPageCommitments = async (
  store: Pick<Store, 'getPromise' | 'saveCommitment'>,
  input: {
    previous: ServicePromise[];
    slots: ServicePromise[];
    snapshot: Pick<Snapshot, 'contentHash'>;
    now: Date;
  },
): Promise<SyncResult> => {
  const at = input.now.toISOString();
  const before = new Map(input.previous.map((s) => [s.id, s]));
  const written = new Set<string>();
  // Slots of one page move independently; two that meet on one commitment meet at its revision.
  const limit = pLimit(8);
  const slots = await Promise.all(
    input.slots.map((slot) =>
      limit(async (): Promise<ServicePromise> => {
        const target = commitmentId(slot);
        const prior = before.get(slot.id)?.commitmentId;
        if (slot.removedAt) {
          const from = prior ?? target;
          await updateCommitment(store, from, (c) =>
            c ? detachStatement(c, slot.id, slot.removedAt ?? at) : undefined,
          );
          written.add(from);
          return { ...slot, commitmentId: from };
        }
        const statement = statementOf(slot, input.snapshot);
        let previousCommitment: ServicePromise | undefined;
        if (prior && prior !== target) {
          // Reworded on this page: "2 business hours" became "4 business hours".
          previousCommitment = await updateCommitment(store, prior, (c) =>
            c ? detachStatement(c, slot.id, at, describeFigure(slot)) : undefined,
          );
          written.add(prior);
        }
        await updateCommitment(store, target, (c) => {
          const next = c ? attachStatement(c, statement) : newCommitment(slot, statement);
          return previousCommitment && !c
            ? inheritAttention(next, previousCommitment, describeFigure(slot))
            : next;
        });
        written.add(target);
        return { ...slot, commitmentId: target };
      }),
    ),
  );
  return { slots, commitments: written.size };
};
