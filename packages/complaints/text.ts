// Text helpers shared by the complaint rules: one normal form, sentences, clauses and negation scope.

/** Straight quotes and apostrophes, single spaces: every rule table is written against this form. */
export const normaliseText = (text: string): string =>
  text
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/(\d)\s*[\u2013\u2014\u2212]\s*(\d)/g, '$1-$2')
    .replace(/[\u2013\u2014\u2212]/g, ' - ')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface Span {
  text: string;
  start: number;
}

/** Sentences: split after . ! ? (runs of them) or a line-like bullet, keeping offsets into the text. */
export const splitSentences = (text: string): Span[] => {
  const out: Span[] = [];
  const re = /(?:[^.!?\u2022]|[.!?](?=[^\s.!?"')\]]))+(?:[.!?]+["')\]]*|\u2022|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    if (!raw.trim()) {
      if (re.lastIndex === m.index) re.lastIndex++;
      continue;
    }
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), start: m.index + lead });
  }
  return out;
};

/**
 * Clauses: the scope of a negation or a modal. A comma, semicolon, colon, dash or bracket ends one, and so
 * do the words that turn a sentence round ("but", "only to", "then", "yet").
 */
const CLAUSE_BREAK =
  /\s*(?:[,;:()[\]]|(?<!\d)\s-\s(?!\d)|\bbut\b|\bonly to\b|\band then\b|\bthen\b|\bhowever\b|\bwhereas\b)\s*/gi;

/** Stronger breaks only: the scope of "would", "if", "will" (a comma does not end a hypothetical). */
const PHRASE_BREAK =
  /\s*(?:[;:()[\]]|(?<!\d)\s-\s(?!\d)|\bbut\b|\bonly to\b|\band then\b|\bthen\b|\bhowever\b|\bwhereas\b)\s*/gi;

/**
 * Clauses of the sentences of the text being read: one analysis splits the same sentence for several rule
 * tables. readComplaint empties it for each text, so one text's work never depends on the texts before.
 */
const CLAUSE_CACHE = new Map<string, Span[]>();

export const forgetClauses = (): void => CLAUSE_CACHE.clear();

export const splitClauses = (sentence: Span, strong = false): Span[] => {
  const key = `${strong ? 1 : 0}${sentence.start}|${sentence.text}`;
  const cached = CLAUSE_CACHE.get(key);
  if (cached) return cached;
  const out = splitClausesUncached(sentence, strong);
  if (CLAUSE_CACHE.size >= 512) CLAUSE_CACHE.clear();
  CLAUSE_CACHE.set(key, out);
  return out;
};

const splitClausesUncached = (sentence: Span, strong: boolean): Span[] => {
  const breaks = strong ? PHRASE_BREAK : CLAUSE_BREAK;
  const out: Span[] = [];
  let last = 0;
  const push = (end: number) => {
    const piece = sentence.text.slice(last, end);
    const lead = piece.length - piece.trimStart().length;
    if (piece.trim()) out.push({ text: piece.trim(), start: sentence.start + last + lead });
  };
  breaks.lastIndex = 0;
  for (let m = breaks.exec(sentence.text); m; m = breaks.exec(sentence.text)) {
    if (m[0].length === 0) {
      breaks.lastIndex++;
      continue;
    }
    push(m.index);
    last = m.index + m[0].length;
  }
  push(sentence.text.length);
  return out;
};

/** Words that deny what follows them in the same clause ("not once did they reply", "no response"). */
export const NEGATOR =
  /\b(?:no|not|never|none|nobody|nothing|neither|nor|without|zero|cannot|yet to|fail(?:s|ed)? to|refus(?:e|es|ed|ing) to|stopped|lack of|absence of|no-one|no one|unable to|instead of|havnt|hasnt|hadnt|didnt|dont|doesnt|wont|cant|couldnt|isnt|wasnt|arent|werent|nope)\b|n't\b/i;

/** True when `before` (the clause text up to a match) ends in a negation close enough to govern the match. */
export const negatedBefore = (before: string, maxWords = 6): boolean => {
  // Words are short: the last 40 characters per word cover them, so a long clause costs no more.
  const words = before
    .slice(-40 * maxWords)
    .trim()
    .split(/\s+/)
    .slice(-maxWords)
    .join(' ');
  return NEGATOR.test(words);
};
