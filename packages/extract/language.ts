// Which language a document is written in, well enough to refuse what the extractor cannot read.
// The rules, the figure readers and the model all read English; a page in another language would
// otherwise give an empty result that looks like "no promises here". Function words decide for
// Latin-script languages; the share of letters outside the Latin script decides for the others.

import type { ExtractionNote } from '../core/index.ts';

const FUNCTION_WORDS: Record<string, readonly string[]> = {
  English: [
    'the',
    'and',
    'of',
    'to',
    'is',
    'are',
    'we',
    'you',
    'your',
    'our',
    'within',
    'for',
    'with',
    'will',
    'be',
    'this',
    'that',
    'on',
    'in',
    'it',
  ],
  French: [
    'le',
    'la',
    'les',
    'des',
    'et',
    'est',
    'nous',
    'vous',
    'votre',
    'notre',
    'dans',
    'pour',
    'avec',
    'une',
    'sous',
    'sont',
    'du',
    'au',
    'aux',
    'qui',
  ],
  German: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'sind',
    'wir',
    'sie',
    'ihre',
    'unsere',
    'innerhalb',
    'für',
    'mit',
    'eine',
    'einer',
    'nicht',
    'den',
    'dem',
    'zu',
    'bei',
  ],
  Spanish: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'son',
    'nosotros',
    'usted',
    'su',
    'nuestro',
    'dentro',
    'para',
    'con',
    'una',
    'del',
    'por',
    'que',
    'en',
    'horas',
    'días',
  ],
  Italian: [
    'il',
    'gli',
    'della',
    'delle',
    'è',
    'sono',
    'noi',
    'vostro',
    'nostro',
    'entro',
    'per',
    'con',
    'una',
    'del',
    'che',
    'nel',
    'alla',
    'ore',
    'giorni',
    'di',
  ],
  Dutch: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'zijn',
    'wij',
    'jij',
    'uw',
    'onze',
    'binnen',
    'voor',
    'met',
    'niet',
    'van',
    'op',
    'te',
    'dat',
    'uur',
    'dagen',
  ],
  Portuguese: [
    'os',
    'as',
    'uma',
    'não',
    'nós',
    'você',
    'seu',
    'nosso',
    'dentro',
    'para',
    'com',
    'dos',
    'das',
    'pelo',
    'pela',
    'em',
    'que',
    'horas',
    'dias',
    'até',
  ],
};

const SCRIPTS: readonly { name: string; from: number; to: number; also?: [number, number] }[] = [
  { name: 'Chinese or Japanese', from: 0x3040, to: 0x30ff, also: [0x3400, 0x9fff] },
  { name: 'Korean', from: 0xac00, to: 0xd7af },
  { name: 'Russian or another Cyrillic-script language', from: 0x0400, to: 0x04ff },
  { name: 'Arabic', from: 0x0600, to: 0x06ff },
  { name: 'Hebrew', from: 0x0590, to: 0x05ff },
  { name: 'Greek', from: 0x0370, to: 0x03ff },
  { name: 'Thai', from: 0x0e00, to: 0x0e7f },
  { name: 'Hindi or another Devanagari-script language', from: 0x0900, to: 0x097f },
];

/** A letter (\p{L}) at a position, read as a code point: used for the characters outside ASCII. */
const LETTER_AT = /\p{L}/uy;

/**
 * The length in code units of the letter starting at `i` (2 for an astral letter), or 0 when the
 * character there is not a letter. ASCII is decided without a regular expression.
 */
const letterAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c | 32) >= 97 && (c | 32) <= 122 ? 1 : 0;
  LETTER_AT.lastIndex = i;
  if (!LETTER_AT.test(text)) return 0;
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
};

/** What the decision reads of a text, counted in one pass. */
interface Scan {
  /** Letters, as code points. */
  letters: number;
  /** Characters of each script (SCRIPTS order); the ranges are all in the BMP. */
  scripts: number[];
  /** Runs of letters (what /\p{L}+/gu matches in the lowered text). */
  words: number;
  /** Function words of each language, in the order the languages were first hit. */
  hits: Map<string, number>;
}

/**
 * Scans a text once. Its words are lowered one by one, each only when it is short enough to be a
 * function word. Lowering a word gives what lowering the whole text gives it except for 'İ', which
 * lowers to a letter and a combining mark that splits the word: a text holding one has its words
 * read from the lowered text instead.
 */
const scan = (text: string): Scan => {
  if (text.includes('\u0130')) {
    const lowered = wordsOf(text.toLowerCase());
    return { ...scan(text.replaceAll('\u0130', 'I')), ...lowered };
  }
  const scripts = SCRIPTS.map(() => 0);
  const hits = new Map<string, number>();
  let letters = 0;
  let words = 0;
  let from = -1;
  const endWord = (end: number) => {
    words++;
    if (end - from > LONGEST_WORD) return;
    const names = LANGUAGES_OF.get(text.slice(from, end).toLowerCase());
    if (names) for (const name of names) hits.set(name, (hits.get(name) ?? 0) + 1);
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c >= 0x0370) {
      for (let k = 0; k < SCRIPTS.length; k++) {
        const s = SCRIPTS[k];
        if (s && ((c >= s.from && c <= s.to) || (s.also && c >= s.also[0] && c <= s.also[1])))
          scripts[k] = (scripts[k] ?? 0) + 1;
      }
    }
    const w = letterAt(text, i);
    if (w === 0) {
      if (from >= 0) endWord(i);
      from = -1;
      i++;
    } else {
      letters++;
      if (from < 0) from = i;
      i += w;
    }
  }
  if (from >= 0) endWord(text.length);
  return { letters, scripts, words, hits };
};

/** The words and function-word hits of an already lowered text, run by run of letters. */
const wordsOf = (lowered: string): Pick<Scan, 'words' | 'hits'> => {
  const hits = new Map<string, number>();
  let words = 0;
  for (let i = 0; i < lowered.length; ) {
    let end = i;
    for (let w = letterAt(lowered, end); w > 0; w = letterAt(lowered, end)) end += w;
    if (end === i) {
      i++;
      continue;
    }
    words++;
    const names = end - i <= LONGEST_WORD ? LANGUAGES_OF.get(lowered.slice(i, end)) : undefined;
    if (names) for (const name of names) hits.set(name, (hits.get(name) ?? 0) + 1);
    i = end;
  }
  return { words, hits };
};

/** Each function word with the languages it belongs to, in FUNCTION_WORDS order. */
const LANGUAGES_OF = new Map<string, string[]>();
for (const [name, list] of Object.entries(FUNCTION_WORDS))
  for (const w of new Set(list)) LANGUAGES_OF.set(w, [...(LANGUAGES_OF.get(w) ?? []), name]);
/** The longest function word, in code units: longer words need no lookup. */
const LONGEST_WORD = Math.max(...[...LANGUAGES_OF.keys()].map((w) => w.length));

/** How much text is looked at: enough to decide, bounded for very large pages. */
const SAMPLE_CHARS = 6_000;
/** Fewer words than this decide nothing (a table of figures, a short label). */
const MIN_WORDS = 25;

/** The language a text reads as, when it is clearly not English; undefined when it is English or too short to tell. */
export const foreignLanguage = (text: string): string | undefined => {
  const sample = text.slice(0, SAMPLE_CHARS);
  const { letters, scripts, words, hits } = scan(sample);
  if (letters < 40) return undefined;
  for (const [k, script] of SCRIPTS.entries()) {
    if ((scripts[k] ?? 0) / letters > 0.3) return script.name;
  }
  if (words < MIN_WORDS) return undefined;
  const english = hits.get('English') ?? 0;
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, n] of hits) {
    if (name !== 'English' && n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  // Clearly another language: its function words outnumber English ones three to one and make
  // up a real share of the text.
  if (best && bestCount >= 3 * Math.max(1, english) && bestCount / words >= 0.08) return best;
  return undefined;
};

/** The note a result carries when its document is in a language the extractor does not read. */
export const unsupportedLanguageNote = (language: string): ExtractionNote => ({
  kind: 'unsupportedLanguage',
  language,
  message: `the document reads as ${language}; the extractor reads English only, so no promises or claims were extracted from it`,
});
