// Durations a customer reports ("waited 3 days", "two weeks and still no refund"): what they got, not what
// was promised, not tenure, prices, times of day, margins, hypotheticals or frequencies.

import type { DurationUnit, ReportedDuration } from '../core/index.ts';
import { NUMBER_WORDS, parseQuantity, QUANTITY_SOURCE } from './numbers.ts';
import { type Span, splitClauses, splitSentences } from './text.ts';

/** Unit words as written, to the contract's units. Extend here (e.g. a new abbreviation). */
export const UNIT_WORDS: Readonly<Record<string, DurationUnit>> = {
  minutes: 'minutes',
  minute: 'minutes',
  mins: 'minutes',
  min: 'minutes',
  hours: 'hours',
  hour: 'hours',
  hrs: 'hours',
  hr: 'hours',
  h: 'hours',
  days: 'days',
  day: 'days',
  weeks: 'weeks',
  week: 'weeks',
  wks: 'weeks',
  wk: 'weeks',
  months: 'months',
  month: 'months',
};

const MINUTES: Readonly<Record<DurationUnit, number>> = {
  minutes: 1,
  hours: 60,
  days: 1440,
  weeks: 10_080,
  months: 43_200,
};

export const durationMinutes = (d: { value: number; unit: DurationUnit }): number =>
  Math.round(d.value * MINUTES[d.unit]);

const UNIT = `(?:${Object.keys(UNIT_WORDS)
  .filter((u) => u !== 'h')
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const Q = `(?:~\\s?)?(?:${QUANTITY_SOURCE})`;
/** Words allowed between the number and the unit: "6 long days", "four full days", "six working days". */
const ADJ =
  '(?:\\s+(?:long|full|whole|entire|straight|solid|complete|more|additional|extra|further|working|business|calendar|agonising|agonizing|painful|miserable|frustrating),?)*';

/** How a mention is read into a value. Each pattern has an example a test checks. */
interface MentionPattern {
  example: string;
  /** A word the text must hold for the pattern to be tried at all (most texts hold no "fortnight"). */
  needs?: string;
  pattern: RegExp;
  read: (m: RegExpExecArray) => { value: number; unit: DurationUnit } | null;
}

const unitOf = (word: string | undefined): DurationUnit | null =>
  UNIT_WORDS[(word ?? '').toLowerCase()] ?? null;
const q = (raw: string | undefined): number | null => parseQuantity((raw ?? '').replace(/^~\s?/, ''));

export const MENTION_PATTERNS: readonly MentionPattern[] = [
  {
    example: '2 hours and 27 minutes',
    pattern: new RegExp(`(?<![\\w.,])(${Q})[\\s-]*(${UNIT})\\s*(?:and|,)\\s*(${Q})[\\s-]*(${UNIT})\\b`, 'gi'),
    read: (m) => {
      const [a, ua, b, ub] = [q(m[1]), unitOf(m[2]), q(m[3]), unitOf(m[4])];
      if (a === null || b === null || !ua || !ub || MINUTES[ua] <= MINUTES[ub]) return null;
      return { value: (a * MINUTES[ua]) / MINUTES[ub] + b, unit: ub };
    },
  },
  {
    example: '23 minutes and 18 seconds',
    needs: 'sec',
    pattern: new RegExp(
      `(?<![\\w.,])(${Q})[\\s-]*(${UNIT})\\s*(?:and|,)\\s*(${Q})[\\s-]*(?:seconds?|secs?)\\b`,
      'gi',
    ),
    read: (m) => {
      const [a, u, b] = [q(m[1]), unitOf(m[2]), q(m[3])];
      if (a === null || b === null || u !== 'minutes') return null;
      return { value: Math.round((a + b / 60) * 10) / 10, unit: 'minutes' };
    },
  },
  {
    example: 'an hour and a half',
    needs: 'half',
    pattern: new RegExp(`(?<![\\w.,])(${Q})[\\s-]+(${UNIT})\\s+and\\s+a\\s+half\\b`, 'gi'),
    read: (m) => {
      const [a, u] = [q(m[1]), unitOf(m[2])];
      return a === null || !u ? null : { value: a + 0.5, unit: u };
    },
  },
  {
    example: 'one and a half hours, three-and-a-half weeks',
    needs: 'half',
    pattern: new RegExp(`(?<![\\w.,])(${Q})[\\s-]+and[\\s-]+a[\\s-]+half[\\s-]+(${UNIT})\\b`, 'gi'),
    read: (m) => {
      const [a, u] = [q(m[1]), unitOf(m[2])];
      return a === null || !u ? null : { value: a + 0.5, unit: u };
    },
  },
  {
    example: 'half an hour',
    needs: 'half',
    pattern: new RegExp(`(?<![\\w.,])half\\s+an?\\s+(${UNIT})\\b`, 'gi'),
    read: (m) => {
      const u = unitOf(m[1]);
      if (!u) return null;
      return u === 'hours' ? { value: 30, unit: 'minutes' } : { value: 0.5, unit: u };
    },
  },
  {
    example: 'a couple of days',
    needs: 'couple',
    pattern: new RegExp(
      `(?<![\\w.,])(?:a\\s+)?couple\\s+(?:of\\s+)?(?:more\\s+|long\\s+|full\\s+)?(${UNIT})\\b`,
      'gi',
    ),
    read: (m) => {
      const u = unitOf(m[1]);
      return u ? { value: 2, unit: u } : null;
    },
  },
  {
    example: 'a year, two years',
    needs: 'year',
    pattern: new RegExp(`(?<![\\w.,])(${Q})[\\s-]+years?\\b`, 'gi'),
    read: (m) => {
      const a = q(m[1]);
      return a === null || a <= 0 ? null : { value: a * 12, unit: 'months' };
    },
  },
  {
    example: 'the whole day',
    needs: 'whole|entire',
    pattern: /\b(?:the\s+)?(?:whole|entire)\s+(day|week|month)\b/gi,
    read: (m) => {
      const u = unitOf(m[1]);
      return u ? { value: 1, unit: u } : null;
    },
  },
  {
    example: 'a fortnight',
    needs: 'fortnight',
    pattern: /(?<![\w.,])(a|one|two)\s+fortnights?\b/gi,
    read: (m) => {
      const a = q(m[1]);
      return a === null ? null : { value: 2 * a, unit: 'weeks' };
    },
  },
  {
    example: '3 or so days, six working days, 48h, a 20-minute wait, 5+ hours',
    pattern: new RegExp(
      `(?<![\\w.,])(${Q})\\+?(?:\\s+or\\s+so)?${ADJ}(?:[\\s-]*)(${UNIT}|h(?=\\b))\\b`,
      'gi',
    ),
    read: (m) => {
      const [a, u] = [q(m[1]), unitOf(m[2])];
      if (a === null || !u || a <= 0) return null;
      // "h" only right after digits ("48h"), never after a word.
      if (m[2]?.toLowerCase() === 'h' && !/\d\s*h$/i.test(m[0])) return null;
      return { value: a, unit: u };
    },
  },
  {
    example: 'not working for the first week',
    needs: 'the',
    pattern: /\bfor\s+the\s+(?:first|last|past|whole|entire|full)\s+(week|day|month|hour)\b/gi,
    read: (m) => {
      const u = unitOf(m[1]);
      return u ? { value: 1, unit: u } : null;
    },
  },
  {
    example: 'the 5th week of waiting',
    needs: 'th |st |nd |rd ',
    pattern: new RegExp(`\\bthe\\s+(\\d+)(?:st|nd|rd|th)\\s+(${UNIT})\\s+(?:of|without)\\b`, 'gi'),
    read: (m) => {
      const [a, u] = [q(m[1]), unitOf(m[2])];
      return a === null || !u ? null : { value: a, unit: u };
    },
  },
  {
    example: "Day nine. Still no internet; it's day 12 of waiting",
    needs: 'day ',
    pattern: new RegExp(
      `\\bday(?<=(?:^|[.!?]\\s+|\\b(?:it's|it is|now|we're on|we are on|this is|that's|into|on)\\s+)day)\\s+(${Q})\\b(?!\\s+(?:of\\s+(?:a|an|the|my|our|their|your)\\b|and\\b|or\\b|to\\b|delivery|shipping|return|trial|window))`,
      'gi',
    ),
    read: (m) => {
      const a = q(m[1]);
      return a === null || a < 2 ? null : { value: a, unit: 'days' };
    },
  },
  {
    example: 'Week later, nothing',
    needs: 'later',
    pattern: /\b(week|day|month)\s+later\b/gi,
    read: (m) => {
      const u = unitOf(m[1]);
      return u ? { value: 1, unit: u } : null;
    },
  },
];

/** What the rules can see around a mention. */
export interface DurationContext {
  /** The quantity as written ("two", "a", "48"). */
  quantity: string;
  value: number;
  unit: DurationUnit;
  /** The clause up to the mention (a comma ends a clause). */
  before: string;
  /** The phrase up to the mention (only "but", "then", ";" and the like end a phrase). */
  beforePhrase: string;
  /** The rest of the sentence after the mention. */
  after: string;
  clause: string;
  sentence: string;
  /** The quoted passage holding the mention, or null when it is not inside quotes. */
  quoted: string | null;
}

const NUMBER_WORD = Object.keys(NUMBER_WORDS).join('|');
const RANGE_BEFORE = new RegExp(`(?:\\d|\\b(?:${NUMBER_WORD}))\\s*(?:-|to|or|and)\\s*$`, 'i');
const RANGE_AFTER = new RegExp(`^\\s*(?:-|to|or)\\s*(?:\\d|\\b(?:${NUMBER_WORD})\\b)`, 'i');
const PAST =
  /\b(?:was|were|did|took|got|had|came|went|made|sent|spent|lost|paid|heard|found|kept|left|gave|fixed|\w{3,}(?<!ne|fe|spe|ee)ed)\b/i;
const WAITING = /\b(?:wait\w*|took|take[ns]?|spent|spend|hold|held|passed|went by|queue)\b/i;
const FIRST_PERSON = /\b(?:i|i've|i'm|i'd|i'll|me|my)\b/i;

/**
 * Mentions that are not what the customer got. Each rule says what it keeps out, with an example; add a rule
 * here rather than a special case in the code.
 */
export const DURATION_EXCLUSIONS: readonly {
  name: string;
  example: string;
  test: (c: DurationContext) => boolean;
}[] = [
  {
    name: 'a range is the company estimate, not what happened',
    example: 'they said to wait 7-14 days',
    test: (c) => RANGE_BEFORE.test(c.before) || RANGE_AFTER.test(c.after),
  },
  {
    name: 'a promised or usual time',
    example: 'we reply within 24 hours; usually ships in 2 days',
    test: (c) =>
      /\b(?:within|up to|no later than|in under|no more than|at most|guaranteed?|promised|typically|usually|normally|generally|standard)\s+(?:(?:the|a|about|approximately|roughly|around|next|first|of)\s+)*$/i.test(
        c.before,
      ),
  },
  {
    name: 'a hypothetical, a plan or the future',
    example: 'it would take 3 days; if it lasted 24 hours; they will call in an hour',
    test: (c) =>
      /\b(?:would|will|could|might|may|should|shall|must)\s+(?!n't)\w|'ll\b|'d\b(?!\s+(?:been|waited|spent|had))|\b(?:if|unless|expect\w*|estimat\w*|supposed|going to|gonna|hope\w*|plan(?:s|ned)? to|schedul\w*|appointment)\b/i.test(
        c.beforePhrase.split(/\s+/).slice(-12).join(' '),
      ),
  },
  {
    name: 'a margin, not a wait',
    example: 'missed the connection by 5 minutes; arrived 3 hours early',
    test: (c) =>
      /\S\s+by\s+(?:(?:about|almost|nearly|over|only|just|less than|more than|a mere|a good)\s+)?$/i.test(
        c.before,
      ) || /^\s*(?:early|earlier|too (?:early|soon)|ahead|short|off)\b/i.test(c.after),
  },
  {
    name: 'a frequency or a price per period',
    example: 'every 5 minutes; 3 times in less than an hour; $20 a month; charged 2 months in a row',
    test: (c) =>
      /\b(?:every|each|per|once|twice|thrice|times|x)\s+(?:(?:in|a|an|the)\s+)?(?:(?:less than|about|under|over|the span of)\s+)?$/i.test(
        c.before,
      ) ||
      /^\s*(?:in a row|to (?:day|week|month)\b)/i.test(c.after) ||
      (/^(?:a|an|per)$/i.test(c.quantity) &&
        /(?:[$£€]\s?[\d.,]+|\b\d+(?:\.\d+)?\s?(?:dollars|pounds|euros|bucks|usd|gbp|eur|p)|\b(?:minutes?|hours?|days?|weeks?|months?|half|once|twice|times))\s*$/i.test(
          c.before,
        )),
  },
  {
    // The labelled corpus never counts "a couple of" as a figure the writer states.
    name: 'an approximate count, not a stated figure',
    example: 'for the last couple of weeks',
    test: (c) => c.quantity === 'couple',
  },
  {
    name: 'a distance',
    example: 'the hub is 10 minutes from my house; a 90 minute drive away',
    test: (c) =>
      /^\s*(?:'s?\s*)?(?:drive|walk|ride|journey|away|from (?:my|the|our|here|where|his|her|their))\b/i.test(
        c.after,
      ),
  },
  {
    name: 'time left, not time waited',
    example: 'with twenty minutes left until 5 pm',
    test: (c) => /^\s*(?:left|to go|remaining|to spare)\b/i.test(c.after),
  },
  {
    name: 'a future "in N days"',
    example: "the first appointment is in two days; in a week's time",
    test: (c) =>
      /\bin\s+(?:(?:about|around|another|the next|less than|under|a further)\s+)?$/i.test(c.before) &&
      (/^\s*(?:'s?\s+)?time\b/i.test(c.after) || !PAST.test(c.clause)),
  },
  {
    name: 'tenure or age',
    example: "I've been a customer for 8 months; my 6 month old laptop",
    test: (c) =>
      // The tenure phrase right before the "for": "a customer for 8 months", not "a customer … down for 3 hours".
      /\b(?:(?:been|am|was|were|as)\s+(?:an?\s+)?(?:\w+\s+)?(?:customer|member|client|subscriber|user)s?(?:\s+(?:of|with)\s+(?:\w+\s+){0,2}?)?|been with(?:\s+\w+){0,2}|with (?:them|you|him|her|us|it))\s+for\s+(?:(?:over|about|almost|nearly|more than|the (?:past|last))\s+)?$/i.test(
        c.before,
      ) || /^\s*(?:old|of age)\b/i.test(c.after),
  },
  {
    name: 'compensation or a free period',
    example: 'they gave me free service for a month',
    test: (c) =>
      (/\bfree\b/i.test(c.clause) && /\bfor\s+$/i.test(c.before)) ||
      /^\s*(?:free|of free|credit|off)\b/i.test(c.after),
  },
  {
    name: 'the name of a policy or plan, not a wait',
    example: 'the 30 day return policy; a one-hour timeslot; 24 hour support',
    test: (c) =>
      /^[\s-]*(?:return|refund|money-?back|trial|guarantee|warranty|policy|period|window|slot|timeslot|notice|plan|contract|cycle|subscription|grace|cooling|response|turnaround|sla|lead time|delivery|shipping|membership|pass|support|service|access|rule|limit|cancellation)\b/i.test(
        c.after,
      ),
  },
  {
    name: '"not five minutes ago" means "just now"',
    example: 'not five minutes ago the doorbell rang',
    test: (c) => /\bnot\s+$/i.test(c.before) && /^\s*ago\b/i.test(c.after),
  },
  {
    name: 'a time before an event, not a wait',
    example: 'the host cancelled 2 days before the trip',
    test: (c) => /^\s*before\b/i.test(c.after) && !WAITING.test(c.before),
  },
  {
    name: 'someone else speaking in quotes',
    example: 'The agent said: "we delete old logs after 24 hours"',
    test: (c) => c.quoted !== null && !FIRST_PERSON.test(c.quoted) && !PAST.test(c.quoted),
  },
  {
    name: 'a billing period, not a wait',
    example: 'I have paid for the past 3 months',
    test: (c) => /\b(?:paid|pay|paying)\s+(?:for\s+)?(?:the\s+(?:past|last)\s+)?$/i.test(c.before),
  },
  {
    name: 'a generic "you" (how things go), not this wait',
    example: 'first you spend an hour on hold',
    test: (c) => /\byou\s+(?:\w+\s+)?(?:spend|wait|sit|hold)\s+$/i.test(c.before),
  },
  {
    name: 'an idiom ("wait a minute", "one day I called")',
    example: 'hold on a minute; one day the engineer came',
    test: (c) =>
      (/^an?$/i.test(c.quantity) && c.unit === 'minutes') ||
      (/^one$/i.test(c.quantity) &&
        c.value === 1 &&
        c.unit !== 'minutes' &&
        c.unit !== 'hours' &&
        c.before.trim() === '' &&
        !/^\s*(?:later|ago|passed|went|of|without)\b/i.test(c.after)),
  },
];

export interface Mention extends ReportedDuration {
  start: number;
  end: number;
  excludedBy: string | null;
  /** The clause says little besides the figure ("5 MINUTES!"). */
  bare: boolean;
  /** What the rules saw around the mention (bounded: a few hundred characters either side). */
  context: DurationContext;
  /** Which mention pattern read it (its index in MENTION_PATTERNS). */
  pattern: number;
}

/** How much text either side of a mention the rules read: keeps the work per mention constant. */
const CONTEXT_CHARS = 240;

/** The last span starting at or before `at` (spans sorted by start): binary search, not a scan. */
const containing = (spans: Span[], at: number): Span | undefined => {
  let lo = 0;
  let hi = spans.length - 1;
  let found: Span | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (!span) break;
    if (span.start <= at) {
      found = span;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** Offsets of every double quote, once per text, so each mention finds its quoted passage by search. */
const quotePositions = (text: string): number[] => {
  const out: number[] = [];
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) out.push(i);
  return out;
};

const quotedAt = (text: string, quotes: number[], at: number): string | null => {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((quotes[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  // `lo` quotes open before the mention; an odd count means it sits inside a quoted passage.
  const open = quotes[lo - 1];
  const close = quotes[lo];
  if (lo % 2 === 1 && open !== undefined && close !== undefined) {
    return text.slice(Math.max(open + 1, at - CONTEXT_CHARS), Math.min(close, at + CONTEXT_CHARS));
  }
  return null;
};

const WORD_AT_END = /(?:\S+\s+){0,3}$/;
const WORDS_AT_START = /^(?:\s*\S+){0,3}/;

/** A short quote: a few words either side of the mention, inside its clause. */
const quoteFor = (clause: Span, start: number, end: number): string => {
  const rel = start - clause.start;
  const relEnd = end - clause.start;
  const before = WORD_AT_END.exec(clause.text.slice(Math.max(0, rel - 80), rel))?.[0] ?? '';
  const after = WORDS_AT_START.exec(clause.text.slice(relEnd, relEnd + 80))?.[0] ?? '';
  return `${before}${clause.text.slice(rel, relEnd)}${after}`.trim().replace(/[,.;:!?]+$/, '');
};

/** The part of a span within CONTEXT_CHARS of a mention, as a span. */
const around = (span: Span, start: number, end: number): Span => {
  const from = Math.max(0, start - span.start - CONTEXT_CHARS);
  const to = Math.min(span.text.length, end - span.start + CONTEXT_CHARS);
  return { text: span.text.slice(from, to), start: span.start + from };
};

/** All duration mentions in a normalised text, each with the exclusion rule that keeps it out (if any). */
export const findDurationMentions = (text: string): Mention[] => {
  const taken = new Uint8Array(text.length + 1);
  const raw: {
    start: number;
    end: number;
    quantity: string;
    value: number;
    unit: DurationUnit;
    pattern: number;
  }[] = [];
  const lower = text.toLowerCase();
  MENTION_PATTERNS.forEach((p, index) => {
    if (p.needs && !p.needs.split('|').some((word) => lower.includes(word))) return;
    p.pattern.lastIndex = 0;
    for (let m = p.pattern.exec(text); m; m = p.pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      // Patterns run longest-reading first; a later one may not read inside an earlier one's mention.
      if (taken.subarray(start, end).includes(1)) continue;
      const read = p.read(m);
      if (!read) continue;
      taken.fill(1, start, end);
      // "a couple of days" reads its unit in group 1: its quantity is the word "couple".
      const quantity = /^(?:a\s+)?couple\b/i.test(m[0]) ? 'couple' : (m[1] ?? '').replace(/^~\s?/, '');
      raw.push({ start, end, quantity, ...read, pattern: index });
    }
  });
  raw.sort((a, b) => a.start - b.start);
  const sentences = splitSentences(text);
  const quotes = quotePositions(text);
  return raw.map((r) => {
    const whole = containing(sentences, r.start) ?? { text, start: 0 };
    // A sentence may run for pages (no full stops): the rules only read the part around the mention.
    const sentence = around(whole, r.start, r.end);
    const clause = containing(splitClauses(sentence), r.start) ?? sentence;
    const phrase = containing(splitClauses(sentence, true), r.start) ?? sentence;
    const context: DurationContext = {
      quantity: r.quantity,
      value: r.value,
      unit: r.unit,
      before: clause.text.slice(0, Math.max(0, r.start - clause.start)),
      beforePhrase: phrase.text.slice(0, Math.max(0, r.start - phrase.start)),
      after: sentence.text.slice(r.end - sentence.start),
      clause: clause.text,
      sentence: sentence.text,
      quoted: quotedAt(text, quotes, r.start),
    };
    const rule = DURATION_EXCLUSIONS.find((x) => x.test(context));
    const mentionText = text.slice(r.start, r.end);
    return {
      value: Math.round(r.value * 1000) / 1000,
      unit: r.unit,
      quote: quoteFor(clause, r.start, r.end),
      start: r.start,
      end: r.end,
      excludedBy: rule ? rule.name : null,
      bare:
        !/^\s*(?:later|ago)\b/i.test(context.after) &&
        clause.text.replace(mentionText, '').trim().split(/\s+/, 3).filter(Boolean).length < 3,
      context,
      pattern: r.pattern,
    };
  });
};

/**
 * The durations a customer reports. One wait stated twice ("2 days ago … after 48 hours") is reported once; a
 * bare repeat of a figure that a rule kept out ("by 5 minutes. 5 MINUTES!") stays out.
 */
export const extractDurations = (text: string): ReportedDuration[] =>
  selectDurations(findDurationMentions(text));

/** The rules' choice among mentions: the ones no exclusion keeps out, each wait once. */
export const selectDurations = (mentions: readonly Mention[]): ReportedDuration[] => {
  const kept = new Set<number>();
  const excluded = new Set<number>();
  const out: ReportedDuration[] = [];
  for (const m of mentions) {
    const minutes = durationMinutes(m);
    const repeat = kept.has(minutes) || (m.bare && excluded.has(minutes));
    if (m.excludedBy) excluded.add(minutes);
    if (m.excludedBy || repeat) continue;
    kept.add(minutes);
    out.push({ value: m.value, unit: m.unit, quote: m.quote });
  }
  return out;
};
