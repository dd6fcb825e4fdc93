// Sentence boundaries for promise text: a full stop, question or exclamation mark followed by a
// capital or a figure, except after abbreviations ("a.m.", "e.g.") and initials. A small hand-made
// splitter: natural's SentenceTokenizer was measured to cost more than the rest of the engine.

const ABBREVIATIONS = new Set([
  'a.m',
  'p.m',
  'e.g',
  'i.e',
  'etc',
  'approx',
  'incl',
  'excl',
  'vs',
  'no',
  'nos',
  'rs',
  'min',
  'max',
  'hrs',
  'mins',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'u.s',
  'u.k',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
]);

const BOUNDARY = /[.!?]+["”’)]*\s+(?=["“‘(]?[\p{Lu}\d])/gu;
const MAX_SENTENCE_CHARS = 2_000;

const LAST_WORD = /([\p{L}.]+)$/u;

const endsWithAbbreviation = (before: string): boolean => {
  // Only the tail can hold the word: a run of 24 letters is neither an initial nor an abbreviation,
  // and anchoring at the end of a long text would otherwise scan all of it.
  const word = LAST_WORD.exec(before.slice(-24))?.[1]?.toLowerCase() ?? '';
  return word.length === 1 || ABBREVIATIONS.has(word.replace(/\.$/, ''));
};

/** A clause to read, and the whole sentence it belongs to (the evidence a reader is shown). */
export interface Clause {
  clause: string;
  sentence: string;
}

const cap = (text: string): string =>
  text.length > MAX_SENTENCE_CHARS ? text.slice(0, MAX_SENTENCE_CHARS) : text;

/** Splits a block into sentences, and each sentence into clauses at semicolons. */
export const splitClauses = (text: string): Clause[] => {
  if (text.length <= 80 && !/[.!?;]\s+\S/.test(text)) return [{ clause: text, sentence: text }];
  const sentences: string[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    if (m[0].startsWith('.') && endsWithAbbreviation(text.slice(start, m.index))) continue;
    sentences.push(text.slice(start, m.index + m[0].trimEnd().length));
    start = m.index + m[0].length;
  }
  sentences.push(text.slice(start));
  const out: Clause[] = [];
  for (const s of sentences) {
    const sentence = cap(s.trim());
    if (!sentence) continue;
    for (const clause of s.split(/;\s+/)) {
      const trimmed = clause.trim();
      if (trimmed) out.push({ clause: cap(trimmed), sentence });
    }
  }
  return out;
};
