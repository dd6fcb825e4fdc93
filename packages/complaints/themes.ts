// Themes: the phrases that recur across a set of complaints ("tracking number", "still no refund"), so a
// support lead reads what the complaints are about before reading any quote.

import { normaliseText } from './text.ts';

export interface Theme {
  /** The phrase as customers write it (lower case). */
  phrase: string;
  /** How many of the complaints use it. */
  complaints: number;
}

/** Words that carry no subject on their own. Extend here. */
const STOP = new Set(
  `a about above after again against all almost also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each even ever every few for from further get got gotten had hadn't has hasn't have haven't having he
her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let
like me more most much must my myself no nor not now of off on once one only or other our ours ourselves out
over own really same she should shouldn't so some still such than that that's the their theirs them
themselves then there there's these they they're this those though through to too under until up upon us very
was wasn't we we're we've were weren't what when where which while who whom why will with won't would wouldn't
yet you your yours yourself yourselves been also since already anyone anything someone something
told said says say asked ask went go going come came take took make made thing things way lot lol
today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday week weeks day days hour
hours minute minutes month months year years time times morning afternoon evening night last next first
two three four five six seven eight nine ten twice btw please thanks thank hi hello plan plans`.split(/\s+/),
);

const WORD = /[a-z][a-z'-]*[a-z]|[a-z]/g;

/** Content words of one text, in order, with breaks (null) where a stop word or punctuation stood. */
const contentRuns = (text: string): (string | null)[] => {
  const out: (string | null)[] = [];
  for (const piece of normaliseText(text)
    .toLowerCase()
    .split(/[.,;:!?()"[\]/]+/)) {
    for (const w of piece.match(WORD) ?? []) out.push(STOP.has(w) || w.length < 3 ? null : w);
    out.push(null);
  }
  return out;
};

/**
 * The top phrases (one or two content words) of a set of complaint texts, by how many complaints use each;
 * a phrase used by one complaint only is no theme. A word is dropped when a two-word phrase holding it is
 * used by nearly as many complaints.
 */
export const complaintThemes = (
  texts: readonly string[],
  limit = 5,
  /** Words every text shares by construction (the promise's plan or channel), never a theme. */
  known: readonly string[] = [],
): Theme[] => {
  const skip = new Set(known.flatMap((k) => k.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean));
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    const runs = contentRuns(text.slice(0, 4000));
    runs.forEach((w, i) => {
      if (!w) return;
      seen.add(w);
      const next = runs[i + 1];
      if (next) seen.add(`${w} ${next}`);
    });
    for (const p of seen) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([phrase, n]) => n >= 2 && !phrase.split(' ').some((w) => skip.has(w)))
    .map(([phrase, n]) => ({ phrase, complaints: n, score: n * (phrase.includes(' ') ? 1.5 : 1) }))
    .sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase));
  const out: Theme[] = [];
  for (const r of ranked) {
    if (out.length >= limit) break;
    const words = r.phrase.split(' ');
    // "refund" after "still refund"-like pairs, or a pair after its more frequent word, adds nothing.
    const covered = out.some(
      (t) =>
        (t.phrase.includes(' ') && words.length === 1 && t.phrase.split(' ').includes(r.phrase)) ||
        (words.length === 2 &&
          !t.phrase.includes(' ') &&
          words.includes(t.phrase) &&
          t.complaints <= r.complaints),
    );
    if (covered) continue;
    out.push({ phrase: r.phrase, complaints: r.complaints });
  }
  return out;
};
