// Types for the one deep import of natural the extractor uses (natural ships no types for deep paths).

declare module 'natural/lib/natural/tokenizers/sentence_tokenizer.js' {
  export default class SentenceTokenizer {
    constructor(abbreviations?: string[], trimSentences?: boolean);
    tokenize(text: string): string[];
  }
}
