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

const SCRIPTS: readonly { name: string; re: RegExp }[] = [
  { name: 'Chinese or Japanese', re: /[\u3040-\u30ff\u3400-\u9fff]/gu },
  { name: 'Korean', re: /[\uac00-\ud7af]/gu },
  { name: 'Russian or another Cyrillic-script language', re: /[\u0400-\u04ff]/gu },
  { name: 'Arabic', re: /[\u0600-\u06ff]/gu },
  { name: 'Hebrew', re: /[\u0590-\u05ff]/gu },
  { name: 'Greek', re: /[\u0370-\u03ff]/gu },
  { name: 'Thai', re: /[\u0e00-\u0e7f]/gu },
  { name: 'Hindi or another Devanagari-script language', re: /[\u0900-\u097f]/gu },
];

/** How much text is looked at: enough to decide, bounded for very large pages. */
const SAMPLE_CHARS = 6_000;
/** Fewer words than this decide nothing (a table of figures, a short label). */
const MIN_WORDS = 25;

/** The language a text reads as, when it is clearly not English; undefined when it is English or too short to tell. */
export const foreignLanguage = (text: string): string | undefined => {
  const sample = text.slice(0, SAMPLE_CHARS);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters < 40) return undefined;
  for (const script of SCRIPTS) {
    const n = (sample.match(script.re) ?? []).length;
    if (n / letters > 0.3) return script.name;
  }
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return undefined;
  const counts = new Map<string, number>();
  const sets = Object.entries(FUNCTION_WORDS).map(([name, list]) => [name, new Set(list)] as const);
  for (const w of words)
    for (const [name, set] of sets) if (set.has(w)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const english = counts.get('English') ?? 0;
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, n] of counts) {
    if (name !== 'English' && n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  // Clearly another language: its function words outnumber English ones three to one and make
  // up a real share of the text.
  if (best && bestCount >= 3 * Math.max(1, english) && bestCount / words.length >= 0.08) return best;
  return undefined;
};

/** The note a result carries when its document is in a language the extractor does not read. */
export const unsupportedLanguageNote = (language: string): ExtractionNote => ({
  kind: 'unsupportedLanguage',
  language,
  message: `the document reads as ${language}; the extractor reads English only, so no promises or claims were extracted from it`,
});
