// What the learned complaint reader sees: for the item, its words (stemmed, negation marked) and the rule
// tables' verdicts; for each duration mention, the words around it and what the exclusion rules said.
// The rules are features here (weak supervision): the model learns how far to trust each.

import {
  attributeDuration,
  type ComplaintReading,
  readComplaint,
  ruleDecision,
  sentenceAt,
} from './analyze.ts';
import { durationMinutes, type Mention } from './durations.ts';
import { stemWord } from './sentiment.ts';
import { NEGATOR, splitClauses } from './text.ts';

export interface MentionFeatures {
  mention: Mention;
  minutes: number;
  features: string[];
}

export interface ComplaintFeatures {
  reading: ComplaintReading;
  item: string[];
  mentions: MentionFeatures[];
}

/** Words that turn the next few words of their clause round. */
const NEGATION_WORDS = new Set([
  'no',
  'not',
  'never',
  'none',
  'nobody',
  'nothing',
  'without',
  'cannot',
  'nor',
  'neither',
  'zero',
]);

const TIME_OF_DAY = /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b/i;
const MONEY = /[$£€]\s?\d|\b\d+(?:\.\d+)?\s?(?:dollars|pounds|euros|bucks|usd|gbp|eur)\b/i;
const DATE =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/i;
const FREQUENCY = /\b(?:every|each|per|a|an)\s*$/i;

const bucket = (n: number, edges: readonly number[]): string => {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return String(i);
};

const TOKEN = /[a-z0-9']+/g;

/** Stems of a stretch of text, lower-cased, "n't" spelled "not" (as the sentiment tokenizer reads it). */
const stems = (text: string): string[] => {
  const lower = text
    .toLowerCase()
    .replace(/n't\b/g, ' not')
    .replace(/\bcannot\b/g, 'can not');
  const out: string[] = [];
  for (const m of lower.matchAll(TOKEN)) {
    const token = m[0].replace(/^'+|'+$/g, '');
    if (token) out.push(stemWord(token));
  }
  return out;
};

/** Word features of the item: stems and stem pairs, a negated word marked "n:" for three words. */
const wordFeatures = (reading: ComplaintReading, out: Set<string>): void => {
  for (const sentence of reading.sentences) {
    for (const clause of splitClauses(sentence)) {
      const words = stems(clause.text);
      let negatedFor = 0;
      // Word pairs ("no_repli", "back_up") keep what a phrase says that its words alone do not.
      for (let i = 1; i < words.length; i++) out.add(`w2:${words[i - 1]}_${words[i]}`);
      for (const w of words) {
        if (NEGATION_WORDS.has(w)) {
          negatedFor = 3;
          out.add(`w:${w}`);
          continue;
        }
        out.add(negatedFor > 0 ? `n:${w}` : `w:${w}`);
        if (negatedFor > 0) negatedFor--;
      }
    }
  }
};

const lastWords = (text: string, n: number): string[] => stems(text.slice(-24 * n)).slice(-n);
const firstWords = (text: string, n: number): string[] => stems(text.slice(0, 24 * n)).slice(0, n);

/** Features of one duration mention: its context words, the exclusion rule's verdict, what the clause holds. */
const mentionFeatures = (
  m: Mention,
  reading: ComplaintReading,
  seen: Set<number>,
  index: number,
): string[] => {
  const c = m.context;
  const f = new Set<string>();
  f.add(`ex:${m.excludedBy ?? 'none'}`);
  f.add(m.excludedBy ? 'excluded' : 'kept');
  f.add(`u:${m.unit}`);
  f.add(`p:${m.pattern}`);
  f.add(`q:${/^\d/.test(c.quantity) ? 'digit' : /^an?$/i.test(c.quantity) ? 'a' : 'word'}`);
  f.add(`v:${m.unit}:${bucket(m.value, [1, 2, 5, 12, 30])}`);
  const before = lastWords(c.before, 4);
  const after = firstWords(c.after, 3);
  before.reverse().forEach((w, i) => {
    if (i < 2) f.add(`b${i + 1}:${w}`);
    f.add(`bw:${w}`);
  });
  if (before.length === 0) f.add('b1:^');
  after.forEach((w, i) => {
    if (i < 2) f.add(`a${i + 1}:${w}`);
    f.add(`aw:${w}`);
  });
  if (after.length === 0) f.add('a1:$');
  for (const w of lastWords(c.beforePhrase, 8)) f.add(`pw:${w}`);
  if (TIME_OF_DAY.test(c.sentence)) f.add('sentence:time-of-day');
  if (MONEY.test(c.clause)) f.add('clause:money');
  if (DATE.test(c.sentence)) f.add('sentence:date');
  if (FREQUENCY.test(c.before)) f.add('before:per');
  if (NEGATOR.test(c.before.slice(-30))) f.add('before:negated');
  if (c.quoted !== null) f.add('quoted');
  // How late something was ("a week late", "three days overdue") is a wait the writer got.
  if (/^\s*(?:late|overdue|behind schedule|later than)\b/i.test(c.after)) f.add('after:late');
  if (/^\s*ago\b/i.test(c.after)) f.add('after:ago');
  if (/\bfor\s+(?:the\s+)?(?:past|last|over|nearly|almost|about|more than)?\s*$/i.test(c.before))
    f.add('before:for');
  if (m.bare) f.add('bare');
  const minutes = durationMinutes(m);
  if (seen.has(minutes)) f.add('repeat');
  if (index === 0) f.add('first');
  if (reading.sentences.length <= 1) f.add('one-sentence');
  // What the sentence around the mention is about, and whether it states a failure.
  for (const cat of attributeDuration(c.sentence, m.unit, false)) f.add(`att:${cat}`);
  if (reading.failed[sentenceAt(reading.sentences, m.start)]) f.add('sentence:failure');
  return [...f];
};

// Who is speaking and to whom: a company's reply ("we apologise", "@name thanks for reporting, it's back
// up"), advice to other customers ("if your power is out, you may be able to claim") and a customer's own
// story ("I waited", "my parcel") read alike word by word, but are told apart by their pronouns and openings.
const FIRST_SINGULAR = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b/gi;
const FIRST_PLURAL = /\b(?:we|we're|we've|we'll|we'd|us|our|ours)\b/gi;
const SECOND = /\b(?:you|you're|you've|you'll|your|yours)\b/gi;
const COMPANY_REPLY =
  /\b(?:we(?:'re| are)?\s+(?:sorry|apologi[sz]e|working on|looking into|investigating|aware)|(?:i|we)\s+(?:apologi[sz]e|am sorry|'m sorry) (?:for|about) (?:the|any|this)|thanks? (?:you )?for (?:reporting|letting (?:me|us) know|your (?:patience|feedback|report))|(?:is|are|it's|everything's) (?:all )?back (?:up|online|to normal)|has been (?:restored|resolved|fixed)|we(?:'ve| have) (?:restored|resolved|fixed|initiated|issued|processed))\b/i;
const ADVICE =
  /(?:^|[.!?]\s+)(?:if (?:you|your)\b|you (?:may|might|can|should|could) (?:be able to|claim|ask|get|contact|check)|be sure to|make sure (?:you|to)|it'?s (?:always )?worth)/i;
const GOOD_OUTCOME =
  /\b(?:(?:just |finally )?(?:received|got) (?:it|mine|my (?:order|parcel|package|refund|device))|arrived (?:today|yesterday|safely|on time|early)|(?:was|were|got) (?:fixed|sorted|resolved|restored) (?:quickly|fast|promptly|within|in)|no (?:issues|problems|complaints|outages|hiccups) (?:at all|so far|since|this)|(?:works?|working) (?:fine|perfectly|great) (?:now|again))\b/i;

const count = (re: RegExp, text: string): number => (text.match(re) ?? []).length;

/** Voice features: who speaks (a customer, a company, an adviser) and how the text opens. */
const voiceFeatures = (normal: string, out: Set<string>): void => {
  const i = count(FIRST_SINGULAR, normal);
  const we = count(FIRST_PLURAL, normal);
  const you = count(SECOND, normal);
  out.add(i === 0 ? 'voice:no-i' : i >= 3 ? 'voice:i:many' : 'voice:i:some');
  if (we > i) out.add('voice:we>i');
  if (you > i) out.add('voice:you>i');
  if (you > 0 && i === 0 && we === 0) out.add('voice:only-you');
  if (/^\s*@\w/.test(normal)) out.add('opens:@');
  if (/^\s*(?:hi|hello|hey|dear)\b/i.test(normal)) out.add('opens:greeting');
  if (COMPANY_REPLY.test(normal)) out.add('company-reply');
  if (ADVICE.test(normal)) out.add('advice');
  if (GOOD_OUTCOME.test(normal)) out.add('good-outcome');
};

/** Everything the learned reader decides from, for one text. */
export const complaintFeatures = (text: string): ComplaintFeatures => {
  const reading = readComplaint(text);
  const item = new Set<string>();
  wordFeatures(reading, item);
  voiceFeatures(reading.normal, item);
  const decision = ruleDecision(reading);
  item.add(decision.isComplaint ? 'rule:complaint' : 'rule:not-complaint');
  item.add(`rule:against:${bucket(decision.against, [0, 1, 2, 4])}`);
  item.add(`rule:content:${bucket(reading.content.length, [0, 1, 2])}`);
  for (const e of reading.evidence) item.add(`r:${e.category}:${e.kind}`);
  for (const c of reading.categories) item.add(`rc:${c}`);
  for (const found of reading.attributed) for (const c of found) item.add(`rd:${c}`);
  if (reading.durations.length > 0) item.add('rule:duration');
  if (reading.sarcastic) item.add('sarcasm');
  item.add(`sentiment:${bucket(reading.sentiment, [-0.3, -0.1, -0.02, 0.02, 0.1, 0.3])}`);
  if (reading.normal.includes('?')) item.add('question-mark');
  if (/^[^.!]*\?\s*$/.test(reading.normal.slice(-400)) && reading.sentences.length <= 2)
    item.add('only-a-question');
  if (reading.normal.includes('!')) item.add('exclamation');
  item.add(`length:${bucket(reading.normal.length, [60, 150, 400, 1000])}`);
  for (const d of reading.discontent) if (!d.includes(':')) item.add(`mood:-:${d.toLowerCase()}`);
  for (const d of reading.content) item.add(`mood:+:${d.toLowerCase()}`);
  item.add('bias');
  const seen = new Set<number>();
  const mentions = reading.mentions.map((m, i) => {
    const features = mentionFeatures(m, reading, seen, i);
    const minutes = durationMinutes(m);
    seen.add(minutes);
    if (decision.isComplaint) features.push('rule:complaint');
    return { mention: m, minutes, features };
  });
  return { reading, item: [...item], mentions };
};
