// Two commitments about the same thing with different figures, stated on different pages: a
// customer who reads both does not know which holds ("pricing page says 2 business hours,
// support page says 4").

import type { ServicePromise } from '../core/index.ts';
import { describeFigure, registerOf } from './commitment.ts';
import { subjectKey } from './identity.ts';

export interface Contradiction {
  /** The commitments involved, one per figure. */
  commitmentIds: string[];
  category: ServicePromise['category'];
  sides: { url: string; figure: string; quote: string; commitmentId: string }[];
  /** "pricing.html says 2 business hours, support.html says 4 business hours". */
  sentence: string;
}

const pageName = (url: string): string => {
  try {
    const u = new URL(url);
    return u.pathname.split('/').filter(Boolean).at(-1) ?? u.host;
  } catch {
    return url;
  }
};

export const findContradictions = (commitments: ServicePromise[]): Contradiction[] => {
  const bySubject = new Map<string, ServicePromise[]>();
  for (const c of commitments) {
    const r = registerOf(c);
    if (c.removedAt || r.state === 'rejected' || c.threshold === null) continue;
    const key = subjectKey(c);
    bySubject.set(key, [...(bySubject.get(key) ?? []), c]);
  }
  const out: Contradiction[] = [];
  for (const group of bySubject.values()) {
    if (group.length < 2) continue;
    const sides = group
      .flatMap((c) =>
        registerOf(c)
          .statements.filter((s) => !s.removedAt && s.url)
          .map((s) => ({ url: s.url ?? '', figure: describeFigure(c), quote: s.quote, commitmentId: c.id })),
      )
      .sort((a, b) => a.url.localeCompare(b.url) || a.figure.localeCompare(b.figure));
    // Only between pages: two figures on one page are two rows (bands, plans) more often than a contradiction.
    const pages = new Map<string, Set<string>>();
    for (const s of sides) pages.set(s.url, (pages.get(s.url) ?? new Set()).add(s.commitmentId));
    const distinct = [...pages.entries()];
    const pair = distinct.flatMap(([urlA, a], i) =>
      distinct.slice(i + 1).flatMap(([urlB, b]) => {
        const onlyA = [...a].find((id) => !b.has(id));
        const onlyB = [...b].find((id) => !a.has(id) && id !== onlyA);
        return onlyA && onlyB ? [{ urlA, urlB, onlyA, onlyB }] : [];
      }),
    )[0];
    if (!pair) continue;
    const shown = [
      sides.find((s) => s.url === pair.urlA && s.commitmentId === pair.onlyA),
      sides.find((s) => s.url === pair.urlB && s.commitmentId === pair.onlyB),
    ].filter((s): s is NonNullable<typeof s> => s !== undefined);
    const first = group[0];
    if (!first || shown.length < 2) continue;
    out.push({
      commitmentIds: [...new Set(group.map((c) => c.id))].sort(),
      category: first.category,
      sides: shown,
      sentence: shown.map((s) => `${pageName(s.url)} says ${s.figure}`).join(', '),
    });
  }
  return out.sort((a, b) => a.sentence.localeCompare(b.sentence));
};
