// The rule tables' reading of a complaint (categories.ts, durations.ts, the markers here): the features the
// learned reader (model.ts) decides from, and the rules-only analysis kept for comparison.

import type { Category, ComplaintAnalysis, ReportedDuration } from '../core/index.ts';
import { type CategoryEvidence, DURATION_ATTRIBUTION, detectCategories } from './categories.ts';
import { findDurationMentions, type Mention, selectDurations } from './durations.ts';
import { ComplaintInputError } from './errors.ts';
import { isSarcastic, scoreSentiment } from './sentiment.ts';
import { forgetClauses, negatedBefore, normaliseText, type Span, splitSentences } from './text.ts';

/** Words of a writer who is unhappy. One point each (once per sentence). */
export const DISCONTENT_MARKERS: readonly RegExp[] = [
  /\b(?:unacceptable|terrible|horrible|horrendous|awful|atrocious|pathetic|ridiculous|absurd|appalling|abysmal|dreadful|disgrace\w*|shocking|outrageous|shameless|lousy|rubbish|garbage|worst)\b/i,
  /\b(?:disappoint\w*|frustrat\w*|annoy\w*|angry|furious|livid|irate|upset\w*|fed up|sick of|tired of|had enough|mad about|grumpy|stress\w*|exhaust\w*|panick?\w*|horror|nightmare|ordeal|hell)\b/i,
  /\b(?:wtf|ffs|ugh|grr+|argh+|sheesh|damn|bloody|fuck\w*|shit\w*|crap)\b/i,
  /\b(?:came and went|come and gone|waited and waited|waiting and waiting|complain\w*|ghosted|ignored|scam\w*|rotten|criminal|no excuse|not (?:okay|ok|fine|acceptable|good enough|reasonable)|unreasonable|still|yet again|once again|again|anymore|any more)\b/i,
  /\b(?:unfortunately|sadly|regrettably|in vain|wasted?|wasting|waste of|lost (?:all|some|a lot)|failed|fail(?:s|ure)|useless|hopeless|incompeten\w*|rude|unhelpful)\b/i,
  /\b(?:i (?:want|need|demand|expect) (?:a |my |an )?(?:refund|money|answer|response|update|explanation|compensation))\b/i,
  /\b(?:please (?:help|respond|reply|refund|cancel|fix|give an update|send)|help me)\b/i,
  /!{2,}|\?{3,}/,
];

/** Words of a writer who is satisfied or just asking. One point each (once per sentence), unless sarcastic. */
export const CONTENT_MARKERS: readonly RegExp[] = [
  /\b(?:thanks?|thank you|thx|cheers|kudos|appreciate\w*|grateful)\b(?! (?:in advance|for (?:your|any) (?:help|time|attention|assistance|patience)))/i,
  /\b(?:great|excellent|superb|fantastic|awesome|amazing|brilliant|wonderful|perfect|lovely|exceptional|outstanding|rock solid|top notch)\b/i,
  /\b(?:helpful|efficient|competent|friendly|nice enough|sweetie|(?:quick|prompt|fast|speedy) (?:response|reply|resolution|service|support|delivery|turnaround|fix)|(?:responded|replied|fixed|resolved|arrived|delivered|sorted) (?:very |so |really )?(?:quickly|promptly|fast))\b/i,
  /\b(?:(?:is|was|been|got|has been|now|all) (?:resolved|fixed|sorted|restored|solved)|back (?:up|now|online|to normal)|works? (?:now|again|fine)|working (?:now|again|fine)|all sorted|right on time|on time|smoothly|no questions asked|true to their word|lived up to|restored my faith|faith in humanity)\b/i,
  /\b(?:no worries|no problem|not in a hurry|no rush|happy|glad|pleased|delighted|satisfied|impressed|love|yippee|whoo+hoo+|hooray)\b/i,
  /\b(?:i'm (?:not saying|not complaining)|to be fair|in fairness|no expectations|can't complain|we're saving)\b/i,
  // Negated trouble is praise: "no problems at all", "not a single issue", "no complaints".
  /\b(?:no|not a single|not one|never (?:had )?(?:a|any)|without (?:a|any)) (?:problems?|issues?|complaints?|hiccups?|hitch(?:es)?|blips?|fuss)\b|\b(?:above and beyond|top marks|fine by me|impressive|really good|very good|will (?:shop|buy|order|use (?:them|you)) again|renewing happily|(?:arrived|came|delivered)(?: \w+){0,3} early|so (?:quickly|fast|promptly))\b/i,
];

const ON_A_CALL = /\b(?:call(?:ed|ing)?|phon(?:e|ed|ing)|rang|ring|on the line|hold)\b/i;

/** A question with no grievance in it ("could you share an estimated shipping date?"). */
const POLITE_ASK =
  /\b(?:could|can|would) you (?:please )?(?:share|tell|let|confirm|check|advise|send)|\bwondering\b|\bany update would\b/i;

/** Praise words that, beside a stated failure, read as sarcasm ("Great, the portal was down all weekend."). */
const PRAISE =
  /\b(?:great|thanks(?: a lot| so much| again)?|thank you|wonderful|brilliant|fantastic|lovely|perfect|awesome|excellent|amazing|superb|impressive|well done|good job|great job|nice one|love it|cheers)\b/i;
/** Praise that opens a sentence and is cut off by a comma or a stop: "Great, …", "Brilliant. …". */
const LEADING_PRAISE =
  /^(?:oh |well |wow,? )?(?:great|wonderful|brilliant|fantastic|lovely|perfect|awesome|excellent|amazing|superb|cheers|thanks|nice)\b[,.!]/i;
/** Words that say the failure is behind the writer, so praise beside it is meant. */
const RESOLVED =
  /\b(?:fixed|resolved|sorted|solved|restored|back (?:up|online|to normal)|works? (?:now|again)|working (?:now|again)|in the end|finally|eventually)\b/i;

/** The reading behind an analysis: what counted for and against "complaint". For tests, features and tuning. */
export interface ComplaintReading {
  normal: string;
  sentences: Span[];
  categories: Category[];
  evidence: CategoryEvidence[];
  discontent: string[];
  content: string[];
  sentiment: number;
  sarcastic: boolean;
  /** Every duration-looking mention, with the exclusion rule that keeps it out (if any). */
  mentions: Mention[];
  /** The rules' choice among the mentions. */
  durations: ReportedDuration[];
  /** What each rule-chosen duration was for, by the words of its sentence. */
  attributed: Category[][];
  /** Per sentence: does it state a failure (a rule of kind failure or a denial fired in it)? */
  failed: boolean[];
}

const markersIn = (markers: readonly RegExp[], sentence: string): string[] => {
  const out: string[] = [];
  for (const re of markers) {
    const m = re.exec(sentence);
    if (m && !negatedBefore(sentence.slice(0, m.index), 2)) out.push(m[0]);
  }
  return out;
};

/** The index of the sentence holding offset `at` (sentences sorted by start). */
export const sentenceAt = (sentences: Span[], at: number): number => {
  let lo = 0;
  let hi = sentences.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sentences[mid]?.start ?? 0) <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** What a duration was for, read from the words of its sentence ("took nine weeks to repair": a slow fix). */
export const attributeDuration = (sentence: string, unit: string, onACall: boolean): Category[] => {
  const found = DURATION_ATTRIBUTION.filter((a) => a.pattern.test(sentence)).map((a) => a.category);
  // Minutes or hours on a call are a slow answer: "after the usual half-hour wait I'm told…".
  if (found.length === 0 && (unit === 'minutes' || unit === 'hours') && onACall) return ['response_time'];
  return found;
};

/** The rule tables' reading of a text: categories, markers, sentiment, duration mentions. */
export const readComplaint = (text: string): ComplaintReading => {
  if (typeof text !== 'string')
    throw new ComplaintInputError(`complaint text must be a string, got ${typeof text}`);
  forgetClauses();
  const normal = normaliseText(text);
  const sentences = splitSentences(normal);
  const { categories, evidence } = detectCategories(sentences);
  const failing = new Set<string>(evidence.filter((e) => e.kind !== 'topic').map((e) => e.sentence));
  const failed = sentences.map((s) => failing.has(s.text));
  // Sarcasm: a stock phrase, or praise beside a stated failure (in its sentence or the one before or after)
  // when nothing says the failure was put right.
  // Praise meant sincerely ("your team was fantastic during the outage") sits inside a sentence; sarcastic
  // praise leads it ("Great, the portal was down") or stands alone beside the failure ("Thanks a lot.").
  const sarcasticAt = sentences.map((s, i) => {
    if (isSarcastic(s.text)) return true;
    if (RESOLVED.test(s.text)) return false;
    const leading = LEADING_PRAISE.test(s.text) && failed[i] === true;
    const alone =
      PRAISE.test(s.text) &&
      s.text.split(/\s+/).length <= 5 &&
      (failed[i - 1] === true || failed[i + 1] === true) &&
      !failed[i];
    return leading || alone;
  });
  const sentiment = scoreSentiment(sentences, sarcasticAt, failed);
  const discontent = evidence.filter((e) => e.kind !== 'topic').map((e) => `${e.category}:${e.kind}`);
  const content: string[] = [];
  sentences.forEach((s, i) => {
    discontent.push(...markersIn(DISCONTENT_MARKERS, s.text));
    if (sarcasticAt[i]) discontent.push('sarcasm');
    else content.push(...markersIn(CONTENT_MARKERS, s.text));
  });
  if (sentiment <= -0.15) discontent.push('negative sentiment');
  if (sentiment >= 0.25) content.push('positive sentiment');
  if (POLITE_ASK.test(normal)) content.push('polite question');
  const mentions = findDurationMentions(normal);
  const durations = selectDurations(mentions);
  if (durations.length > 0) discontent.push('reported wait');
  const onACall = ON_A_CALL.test(normal);
  const byQuote = new Map(mentions.map((m) => [m.quote, m]));
  const attributed = durations.map((d) => {
    const at = byQuote.get(d.quote)?.start ?? 0;
    const found = attributeDuration(sentences[sentenceAt(sentences, at)]?.text ?? d.quote, d.unit, onACall);
    for (const c of found) categories.add(c);
    return found;
  });
  return {
    normal,
    sentences,
    categories: [...categories],
    evidence,
    discontent,
    content,
    sentiment,
    sarcastic: sarcasticAt.some(Boolean),
    mentions,
    durations,
    attributed,
    failed,
  };
};

/** The rule tables' own decision (the reader before it learned; its verdicts are features of the model). */
export const ruleDecision = (r: ComplaintReading): { isComplaint: boolean; against: number } => {
  // A stated failure ("no reply", "on hold", "down") weighs twice a mood word.
  const against = r.discontent.reduce((sum, d) => sum + (d.includes(':') ? 2 : 1), 0);
  return { isComplaint: against > 0 && against > r.content.length, against };
};

/** The rules-only analysis, kept for comparison (`eval:complaints` prints both). */
export const analyzeComplaintByRules = (text: string): ComplaintAnalysis => {
  const r = readComplaint(text);
  const { isComplaint } = ruleDecision(r);
  return {
    isComplaint,
    categories: isComplaint ? (r.categories.length > 0 ? r.categories : ['other']) : [],
    durations: isComplaint ? r.durations : [],
    sentiment: r.sentiment,
  };
};
