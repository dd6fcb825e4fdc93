// Links complaints to a promise for one window: only complaints about that promise (its category and
// subject, qualifiers that do not contradict it), weighted by how surely they are about it; says which allege
// a breach, quotes the most relevant, lists its themes, and flags a perception gap from the linked ones only.

import {
  type Category,
  type ComplaintEvidence,
  isBusinessUnit,
  type ReportedDuration,
  type ServicePromise,
  type StoredComplaint,
  toMinutes,
  type Unit,
  type Verdict,
  type VerdictStatus,
  type Window,
} from '../core/index.ts';
import { attributeDuration, sentenceAt } from './analyze.ts';
import type { CategoryEvidence } from './categories.ts';
import { durationMinutes } from './durations.ts';
import { complaintFeatures } from './features.ts';
import { maskPersonalData } from './mask.ts';
import { decide } from './model.ts';
import { COMPLAINT_MODEL } from './reader.ts';
import { stemWord } from './sentiment.ts';
import type { Span } from './text.ts';
import { complaintThemes } from './themes.ts';

export type LinkablePromise = ServicePromise | (Verdict['promise'] & { id?: string });

/** Spellings of one qualifier value that mean the same. Extend here. */
const SYNONYMS: Readonly<Record<string, string>> = {
  'e-mail': 'email',
  mail: 'email',
  emails: 'email',
  'live chat': 'chat',
  livechat: 'chat',
  'web chat': 'chat',
  webchat: 'chat',
  messenger: 'chat',
  telephone: 'phone',
  'phone call': 'phone',
  call: 'phone',
  calls: 'phone',
  voice: 'phone',
  hotline: 'phone',
  ticket: 'portal',
  tickets: 'portal',
  'web form': 'portal',
  urgent: '1',
  critical: '1',
  blocker: '1',
  emergency: '1',
  high: '2',
  major: '2',
  normal: '3',
  medium: '3',
  moderate: '3',
  low: '4',
  minor: '4',
  enterprise: 'enterprise',
};

/** "Pro plan" → "pro", "P1"/"Sev 1"/"Priority 1"/"Severity-1" → "1", "E-mail" → "email". */
export const normaliseQualifier = (value: string): string => {
  let v = value.toLowerCase().trim().replace(/[_]+/g, ' ').replace(/\s+/g, ' ');
  v = v.replace(/\b(?:plan|tier|package|edition|support|channel|level)\b/g, '').trim();
  const level = /^(?:p|sev|severity|priority|prio|s)\s*-?\s*(\d)$/.exec(v);
  if (level?.[1]) return level[1];
  v = SYNONYMS[v] ?? v;
  return v.replace(/[^a-z0-9]+/g, '');
};

/** A qualifier value may name several ("email and chat", "P1/P2"): any of them agreeing is agreement. */
const values = (value: string): string[] =>
  value
    .split(/\s*(?:,|\/|\||&|\band\b|\bor\b)\s*/i)
    .map(normaliseQualifier)
    .filter(Boolean);

const dimension = (c: StoredComplaint, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const found = Object.entries(c.dimensions).find(([k]) => k.toLowerCase() === key);
    if (found) return found[1];
  }
  return undefined;
};

const inWindow = (at: string, window: Window): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(window.start) && t < Date.parse(window.end);
};

/**
 * The promise's threshold in wall-clock minutes. Business units are approximated without a calendar: a
 * business day counts as a day plus a weekend (two days) for every five business days begun, a business hour
 * as an eighth of a business day, so a reported wait is only called a breach when it exceeds the longest
 * wall-clock time the promise could allow.
 */
export const thresholdMinutes = (threshold: number | null, unit: Unit | null): number | null => {
  if (threshold === null || unit === null) return null;
  if (isBusinessUnit(unit)) {
    const days = unit === 'business_days' ? threshold : threshold / 8;
    return Math.round((days + 2 * Math.ceil(days / 5)) * 1440);
  }
  return toMinutes(threshold, unit);
};

export const BUSINESS_UNITS_NOTE =
  'Business hours and days are approximated without a calendar: a business day as a day plus two weekend days per five begun, a business hour as an eighth of a business day.';

// ---- What a complaint says, read once per text --------------------------------------------------------

/** The support channels a complaint names in its words ("emailed", "on the phone", "live chat"). */
const CHANNEL_WORDS: readonly { channel: string; pattern: RegExp }[] = [
  { channel: 'email', pattern: /\be-?mail(?:s|ed|ing)?\b/i },
  { channel: 'chat', pattern: /\b(?:live ?chat|web ?chat|chat(?:ted|ting)?|messenger)\b/i },
  {
    channel: 'phone',
    pattern:
      /\b(?:phone(?:d|s)?|call(?:ed|ing|s)?|rang|ring(?:ing)?|on hold|hold music|voicemail|hotline|(?:support|phone) line|picked up)\b/i,
  },
  { channel: 'portal', pattern: /\b(?:web ?form|portal|ticket(?:s|ing)?)\b/i },
];

/** Words of a support channel: "the chat is offline" is not the service being down. */
const SUPPORT_WORDS =
  /\b(?:chat|phone|line|support|agent|e-?mail|queue|ticket|helpdesk|help desk|call\w*)\b/i;

/** Channels a complaint arrives by that are support channels (a survey or a review names none). */
const SUPPORT_CHANNELS = new Set(['email', 'chat', 'phone', 'portal']);

/** Severity a complaint names: "P1", "Sev 2", "priority 3", "urgent". */
const SEVERITY_IN_TEXT =
  /\b(?:p|sev(?:erity)?\s*-?|priority\s*-?|prio\s*)([1-4])\b|\b(urgent|critical|emergency|high|normal|medium|low)[- ]priority\b/i;

/** Regions a complaint may name: countries and the states and provinces of the two the examples ship to. */
const REGIONS: Readonly<Record<string, string>> = Object.fromEntries([
  ...[
    'alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming',
    'new hampshire|new jersey|new mexico|new york|north carolina|north dakota|rhode island|south carolina|south dakota|west virginia|usa|united states|the us|the states|contiguous us|us',
  ]
    .flatMap((list) => list.split(list.includes('|') ? '|' : ' '))
    .map((w) => [w, 'us']),
  ...'canada|canadian|ontario|quebec|british columbia|alberta|manitoba|saskatchewan|nova scotia|new brunswick|toronto|montreal|vancouver|ottawa|calgary'
    .split('|')
    .map((w) => [w, 'canada']),
  ...'uk|united kingdom|britain|england|scotland|wales'.split('|').map((w) => [w, 'uk']),
  ...'europe|eu'.split('|').map((w) => [w, 'eu']),
  ...'mexico|australia|ireland|germany|france'.split('|').map((w) => [w, w]),
]);
const REGION_IN_TEXT = new RegExp(
  `\\b(?:${Object.keys(REGIONS)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, '\\s+'))
    .join('|')})\\b`,
  'gi',
);

const regionsOf = (text: string): Set<string> => {
  const out = new Set<string>();
  // "US" only in capitals: "us" is a pronoun.
  for (const m of text.matchAll(REGION_IN_TEXT)) {
    const word = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (word === 'us' && m[0] !== 'US') continue;
    const region = REGIONS[word];
    if (region) out.add(region);
  }
  return out;
};

/** Words that say what a kind of promise is about, for a complaint the model gives that category. */
const SUBJECT: Readonly<Record<Category, RegExp>> = {
  response_time:
    /\b(?:repl(?:y|ies|ied|ying)|respon\w*|answer\w*|hear(?:d)? back|got back|get back|call(?:ed)? back|ticket|e-?mail\w*|support|on hold|holding|queue|chat|agent|wait\w*|heard|unanswered|ignor\w*)\b/i,
  resolution_time:
    /\b(?:fix\w*|resolv\w*|solv\w*|restor\w*|repair\w*|workaround|still (?:broken|not)|escalat\w*)\b/i,
  uptime:
    /\b(?:down|outage|offline|off-line|unavailable|unreachable|(?:not|n't|wouldn't|won't) (?:load|work|connect)|errors?|timing out|time ?outs?|failing|cannot reach|can't reach|crash\w*|hiccup\w*)\b/i,
  availability_hours:
    /\b(?:closed|open|hours|24\/7|24x7|around the clock|round the clock|night|overnight|weekend|saturday|sunday|holiday|voicemail|rang out|nobody (?:answered|picked up)|offline)\b/i,
  delivery_time:
    /\b(?:ship\w*|dispatch\w*|deliver\w*|arriv\w*|order\w*|parcel|package|tracking|courier|warehouse|transit)\b/i,
  refund_guarantee: /\b(?:refund\w*|money back|my money|return\w*|restocking|reimburs\w*)\b/i,
  credit_compensation: /\b(?:credit\w*|compensat\w*|discount|reimburs\w*|goodwill)\b/i,
  other: /./,
};

/** A refund window promise ("30-day money-back guarantee") is about refusals and windows, not slow refunds. */
const REFUND_WINDOW =
  /\b(?:\d+-day|within (?:the )?\d+ days|window|period|guarantee|money-?back|restocking|refus\w*|won't (?:take|accept)|wouldn't (?:take|accept)|instead of a refund|day \d+)\b/i;
/** A refund processing promise is about a refund that is late or missing. */
const REFUND_LATE =
  /\b(?:still|yet|pending|waiting|waited|late|never|no refund|nothing|where is|took|forever|counting|since|(?:\d+|a|two|three|four|ten) (?:business |working )?(?:days|weeks?|months?))\b/i;
/** Money or goods going back to the customer or the company. */
const MONEY_BACK = /\b(?:refund\w*|return(?:ed|ing|s)?|money back|payouts?|reimburs\w*|credited)\b/i;
/** A refund itself (not a "refund report" in a dashboard). */
const REFUND_WORD = /\b(?:refund(?!s? reports?)\w*|money back|my money|out \$)/i;
/** Arrival, not dispatch: what a delivery-time promise (as opposed to a shipping one) is about. */
const ARRIVAL =
  /\b(?:shipping took|arriv\w*|deliver\w*|reach\w*|transit|came|showed up|turned up|received|get (?:my|the|our) \w+ to|to get)\b/i;
/** Out of hours: what a round-the-clock promise is about, and a weekday-hours promise is not. */
const ROUND_THE_CLOCK =
  /\b(?:24\/7|24x7|around the clock|round the clock|night|overnight|weekends?|saturday|sunday|holidays?|(?:[1-6]|1[0-2]) ?am|(?:[7-9]|1[01]) ?pm)\b/i;

/** Words too common to say what a promise is about (for promises of kind "other", matched by subject). */
const GENERIC = new Set(
  `the a an and or of to in on at by for from with within least most every each all any our your we you is are be
will can per than after before during ahead hour hours minute minutes day days business week weeks month months
support service customer customers email e-mail plan plans first time times up no not it its this that`.split(
    /\s+/,
  ),
);

interface ComplaintRead {
  categoryProbability: Record<Category, number>;
  /** The stored analysis names "other" among its categories. */
  analysedOther: boolean;
  evidence: CategoryEvidence[];
  channels: Set<string>;
  severity: string | undefined;
  regions: Set<string>;
  stems: Set<string>;
  normal: string;
  sentences: Span[];
  /** Each reported duration (of the stored analysis) with what its sentence says it was for. */
  durations: { duration: ReportedDuration; categories: Category[]; sentence: string }[];
  sentiment: number;
}

const READ_CACHE = new Map<string, ComplaintRead>();

const stemsOf = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2 && !GENERIC.has(w) && !/^\d+$/.test(w))
      .map(stemWord),
  );

/** Everything linking needs from a complaint's text, read once per text (bounded cache). */
const readFor = (complaint: StoredComplaint): ComplaintRead => {
  const cached = READ_CACHE.get(complaint.text);
  if (cached) return cached;
  const f = complaintFeatures(complaint.text);
  const { probabilities } = decide(COMPLAINT_MODEL, f);
  const r = f.reading;
  const onACall = CHANNEL_WORDS[2]?.pattern.test(r.normal) ?? false;
  const durations = complaint.analysis.durations.map((d) => {
    const mention = r.mentions.find((m) => m.quote === d.quote);
    const sentence =
      (mention ? r.sentences[sentenceAt(r.sentences, mention.start)]?.text : undefined) ?? d.quote;
    // What the wait was for: its own clause says it best ("my parcel took 4 days, and support replied
    // after 2 hours"), the sentence when the clause names nothing.
    const inClause = mention ? attributeDuration(mention.context.clause, d.unit, onACall) : [];
    const categories = inClause.length > 0 ? inClause : attributeDuration(sentence, d.unit, onACall);
    return { duration: d, categories, sentence };
  });
  const channels = new Set(CHANNEL_WORDS.filter((c) => c.pattern.test(r.normal)).map((c) => c.channel));
  const sev = SEVERITY_IN_TEXT.exec(r.normal);
  const read: ComplaintRead = {
    categoryProbability: probabilities.categories,
    analysedOther: complaint.analysis.categories.includes('other'),
    evidence: r.evidence,
    channels,
    severity: sev ? (sev[1] ?? sev[2]) : undefined,
    regions: regionsOf(r.normal),
    stems: stemsOf(r.normal.slice(0, 4000)),
    normal: r.normal,
    sentences: r.sentences,
    durations,
    sentiment: r.sentiment,
  };
  if (READ_CACHE.size > 5000) READ_CACHE.clear();
  READ_CACHE.set(complaint.text, read);
  return read;
};

// ---- Is this complaint about this promise? -------------------------------------------------------------

export interface LinkRelevance {
  /** The complaint is about the promise. */
  linked: boolean;
  /** 1 when the complaint confirms the promise's plan, channel, priority and region; lower when it names none. */
  weight: number;
  /** Why (or why not), in words, for tests and the eval. */
  reason: string;
}

type Agreement = 'agrees' | 'conflicts' | 'unstated';

const compare = (promised: string | undefined, stated: readonly string[]): Agreement => {
  if (!promised) return 'agrees';
  const a = values(promised);
  const b = stated.flatMap(values);
  if (a.length === 0) return 'agrees';
  if (b.length === 0) return 'unstated';
  return a.some((x) => b.includes(x)) ? 'agrees' : 'conflicts';
};

const regionAgreement = (
  promised: string | undefined,
  c: StoredComplaint,
  read: ComplaintRead,
): Agreement => {
  if (!promised) return 'agrees';
  const want = regionsOf(promised);
  if (want.size === 0) want.add(promised.toLowerCase());
  const stated = dimension(c, 'region', 'country');
  const have = stated ? regionsOf(stated) : read.regions;
  if (stated && have.size === 0) have.add(stated.toLowerCase());
  if (have.size === 0) return 'unstated';
  return [...want].some((w) => have.has(w)) ? 'agrees' : 'conflicts';
};

/** The promise's own subject words (quote, scope, metric), for promises of kind "other". */
const promiseStems = (promise: LinkablePromise): Set<string> => {
  const metric = 'metric' in promise ? String(promise.metric).replace(/_/g, ' ') : '';
  return stemsOf(`${promise.quote} ${promise.qualifiers.scope ?? ''} ${metric}`);
};

/** Does the complaint speak about the promise's subject, beyond a bare number? */
const aboutSubject = (promise: LinkablePromise, read: ComplaintRead): string | null => {
  const category = promise.category;
  if (category === 'other') {
    // Two of the promise's own subject words ("status page", "return label") when the complaint is about
    // something other than the main kinds; three when it is mainly about another kind.
    const wanted = [...promiseStems(promise)];
    const shared = wanted.filter((w) => read.stems.has(w)).length;
    const need = Math.min(read.analysedOther ? 2 : 3, wanted.length);
    // The promise's scope named in full ("maintenance notice") is its subject, whatever else is said.
    const scope = [...stemsOf(promise.qualifiers.scope ?? '')];
    const scoped = scope.length > 0 && scope.every((w) => read.stems.has(w));
    return shared >= need || scoped ? null : 'shares too few subject words with the promise';
  }
  // The sentences that speak of this kind of promise: a rule said it failed, a wait was for it (strong), or
  // they only name its subject (weak).
  const strong = [
    ...read.evidence.filter((e) => e.category === category && e.kind !== 'topic').map((e) => e.sentence),
    ...read.durations.filter((d) => d.categories.includes(category)).map((d) => d.sentence),
  ];
  const weak = [
    ...read.evidence.filter((e) => e.category === category && e.kind === 'topic').map((e) => e.sentence),
    ...read.sentences.filter((x) => SUBJECT[category].test(x.text)).map((x) => x.text),
  ];
  // Goods on their way back (a return "delivered" to the company, a payout that "never arrived") are a
  // refund's story, not a delivery's: such sentences do not count, and in such a story naming the subject
  // ("tracking number") is not enough.
  const about =
    category === 'delivery_time'
      ? strong.some((x) => !MONEY_BACK.test(x)) || (!MONEY_BACK.test(read.normal) && weak.length > 0)
      : strong.length > 0 || weak.length > 0;
  if (!about) return `says nothing about ${category.replace('_', ' ')} beyond a number`;
  if (category === 'refund_guarantee') {
    const window = promise.operator === '>=';
    if (window && !REFUND_WINDOW.test(read.normal)) return 'a late refund, not a refused return window';
    if (!window && !(REFUND_LATE.test(read.normal) && REFUND_WORD.test(read.normal)))
      return 'not about a late or missing refund';
  }
  if (category === 'delivery_time') {
    const delivery = /\b(?:deliver\w*|arriv\w*)\b/i.test(promise.quote);
    if (delivery && !ARRIVAL.test(read.normal)) return 'about dispatch, not delivery';
  }
  if (category === 'availability_hours') {
    const roundTheClock = (promise.threshold ?? 0) >= 168;
    const outOfHours = ROUND_THE_CLOCK.test(read.normal);
    if (roundTheClock !== outOfHours)
      return roundTheClock ? 'not about out-of-hours support' : 'about out-of-hours support';
  }
  return null;
};

/**
 * Whether a complaint is about a promise, and how much it counts: it must be a complaint in the promise's
 * category, speak about the promise's subject (not only carry a number), and not contradict its plan,
 * channel, priority or region. Each of those the promise states and the complaint leaves unstated halves
 * the weight.
 */
export const linkRelevance = (promise: LinkablePromise, complaint: StoredComplaint): LinkRelevance => {
  const no = (reason: string): LinkRelevance => ({ linked: false, weight: 0, reason });
  if (!complaint.analysis.isComplaint) return no('not a complaint');
  const read = readFor(complaint);
  // A promise of kind "other" (notice periods, status updates, return labels) is found by its subject
  // words, whatever category the complaint's other grievances fall in.
  // The analysis names the category, or the rules read a failure of that kind in a sentence, or a wait the
  // complaint reports was for it ("took 9 days to ship" in a message mostly about support).
  const category = promise.category;
  // ("offline" and "no line" name a support channel as often as the service: for downtime and opening hours
  // such a sentence needs the analysis.)
  const plain = (sentence: string) =>
    (category !== 'uptime' && category !== 'availability_hours') || !SUPPORT_WORDS.test(sentence);
  const stated =
    complaint.analysis.categories.includes(category) ||
    read.evidence.some((e) => e.category === category && e.kind !== 'topic' && plain(e.sentence)) ||
    read.durations.some((d) => d.categories.includes(category) && plain(d.sentence));
  if (category !== 'other' && !stated) return no(`not a ${category} complaint`);
  const offSubject = aboutSubject(promise, read);
  if (offSubject) return no(offSubject);
  const q = promise.qualifiers;
  const arrival = complaint.channel && SUPPORT_CHANNELS.has(normaliseQualifier(complaint.channel));
  const channels = read.channels.size > 0 ? [...read.channels] : arrival ? [complaint.channel ?? ''] : [];
  const tier = dimension(complaint, 'tier', 'plan');
  const severity = dimension(complaint, 'severity', 'priority') ?? read.severity;
  const checks: [string, Agreement][] = [
    ['plan', compare(q.tier, tier ? [tier] : mentioned(q.tier, read.normal))],
    ['channel', compare(q.channel, channels)],
    ['priority', compare(q.severity, severity ? [severity] : [])],
    ['region', regionAgreement(q.region, complaint, read)],
  ];
  const conflict = checks.find(([, a]) => a === 'conflicts');
  if (conflict) return no(`names another ${conflict[0]}`);
  const unstated = checks.filter(([, a]) => a === 'unstated').map(([name]) => name);
  return {
    linked: true,
    weight: 0.5 ** Math.min(unstated.length, 2),
    reason: unstated.length ? `names no ${unstated.join(' or ')}` : 'about the promise',
  };
};

/** The promise's plan named in the complaint's words ("we are on Pro"), when no dimension says. */
const mentioned = (tier: string | undefined, text: string): string[] => {
  if (!tier) return [];
  const words = tier
    .split(/\s+/)
    .filter((w) => w.length > 2 && !/^(?:plan|tier|support|package|edition)$/i.test(w));
  return words.some((w) => new RegExp(`\\b${w.replace(/[^\w]/g, '')}\\b`, 'i').test(text)) ? [tier] : [];
};

interface Judged {
  complaint: StoredComplaint;
  weight: number;
  relevance: number;
  alleging: boolean;
  /** How far the worst reported wait exceeds the threshold (ratio), 0 when none does. */
  excess: number;
  quote: string;
}

const QUOTE_LENGTH = 160;

/** A short excerpt: the sentence holding `needle`, cut to about 160 characters around it, masked. */
const excerpt = (read: ComplaintRead, needle: string | undefined): string => {
  const sentence =
    (needle ? read.sentences.find((s) => s.text.includes(needle)) : undefined)?.text ??
    read.sentences[0]?.text ??
    read.normal;
  let out = sentence;
  if (out.length > QUOTE_LENGTH) {
    const at = needle ? Math.max(0, out.indexOf(needle)) : 0;
    const start = Math.max(0, Math.min(at - 60, out.length - QUOTE_LENGTH));
    out = `${start > 0 ? '…' : ''}${out.slice(start, start + QUOTE_LENGTH).trim()}…`;
  }
  return maskPersonalData(out);
};

/** Promise kinds where a plain allegation of the failure is a breach, with no duration needed. */
const NO_DURATION_NEEDED: ReadonlySet<Category> = new Set([
  'uptime',
  'availability_hours',
  'credit_compensation',
  'other',
]);

const judge = (
  promise: LinkablePromise,
  complaint: StoredComplaint,
  window: Window,
  weight: number,
): Judged => {
  const read = readFor(complaint);
  const relevance = weight * (0.5 + read.categoryProbability[promise.category] / 2);
  const limit = thresholdMinutes(promise.threshold, promise.unit);
  // Only the waits that were for this kind of promise count: a parcel's "4 days" says nothing of a reply.
  const single = complaint.analysis.categories.length === 1;
  const durations = read.durations
    .filter((d) => d.categories.includes(promise.category) || (single && d.categories.length === 0))
    .map((d) => d.duration);
  // An uptime promise in percent: the downtime it allows over the window.
  const uptimePercent =
    promise.category === 'uptime' && promise.unit === 'percent' && promise.threshold !== null;
  const allowed =
    uptimePercent && promise.threshold !== null
      ? ((100 - promise.threshold) / 100) * ((Date.parse(window.end) - Date.parse(window.start)) / 60_000)
      : limit;
  if (durations.length > 0 && allowed !== null && (promise.operator === '<=' || uptimePercent)) {
    const worst = durations.reduce((a, b) => (durationMinutes(b) > durationMinutes(a) ? b : a));
    const minutes = durationMinutes(worst);
    const excess = minutes > allowed ? minutes / Math.max(allowed, 1) : 0;
    return { complaint, weight, relevance, alleging: excess > 0, excess, quote: excerpt(read, worst.quote) };
  }
  // No comparable duration: the complaint alleges a breach when it says the thing never happened ("no
  // reply", "still not fixed", "never shipped", "no refund"), or for promises with no time limit to compare
  // (uptime, hours of availability, credits, refund windows) when it says the failure happened at all.
  const evidence = read.evidence.filter((e) => e.category === promise.category);
  const denial = evidence.find((e) => e.kind === 'denied');
  const failure = evidence.find((e) => e.kind === 'failure');
  const windowPromise = promise.operator === '>=' || NO_DURATION_NEEDED.has(promise.category);
  const telling =
    denial ??
    (windowPromise ? (failure ?? (promise.category === 'other' ? evidence[0] : undefined)) : undefined);
  return {
    complaint,
    weight,
    relevance,
    alleging: telling !== undefined || (windowPromise && promise.category === 'other'),
    excess: 0,
    quote: excerpt(read, (telling ?? evidence[0])?.sentence),
  };
};

/** How many linked complaints the evidence lists by id (the most relevant first). */
const LINKED_LISTED = 50;

/**
 * The complaints that count against `promise` in `window`: those linkRelevance says are about it (its
 * category and subject, qualifiers not contradicting), inside the window, each with its weight. A reported
 * wait for this kind of promise beyond the threshold (units converted; business units approximated) is an
 * alleged breach; so is a complaint with no duration that plainly says the promised thing never happened.
 * The quotes are the most relevant alleging complaints; the themes are the top phrases of the linked ones.
 */
export const linkComplaints = (
  promise: LinkablePromise,
  complaints: StoredComplaint[],
  window: Window,
): ComplaintEvidence => {
  const judged: Judged[] = [];
  for (const c of complaints) {
    if (!inWindow(c.at, window)) continue;
    const r = linkRelevance(promise, c);
    if (r.linked) judged.push(judge(promise, c, window, r.weight));
  }
  judged.sort(
    (a, b) =>
      Number(b.alleging) - Number(a.alleging) ||
      b.weight - a.weight ||
      b.excess - a.excess ||
      b.relevance - a.relevance ||
      a.complaint.analysis.sentiment - b.complaint.analysis.sentiment ||
      a.complaint.at.localeCompare(b.complaint.at) ||
      a.complaint.id.localeCompare(b.complaint.id),
  );
  const alleging = judged.filter((j) => j.alleging);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    matched: judged.length,
    allegingBreach: alleging.length,
    quotes: alleging.slice(0, 3).map((j) => ({ id: j.complaint.id, at: j.complaint.at, quote: j.quote })),
    perceptionGap: false,
    linked: judged
      .slice(0, LINKED_LISTED)
      .map((j) => ({ id: j.complaint.id, weight: j.weight, alleging: j.alleging })),
    weighted: {
      matched: round(judged.reduce((n, j) => n + j.weight, 0)),
      allegingBreach: round(alleging.reduce((n, j) => n + j.weight, 0)),
    },
    themes: complaintThemes(
      judged.map((j) => j.complaint.text),
      5,
      [promise.qualifiers.tier, promise.qualifiers.channel, promise.qualifiers.severity].filter(
        (x): x is string => Boolean(x),
      ),
    ),
  };
};

export interface PerceptionGapRule {
  /** Share of matched complaints that allege a breach, 0..100. */
  rate: number;
  minComplaints: number;
}

export const PERCEPTION_GAP_RULE =
  'Perception gap: the metrics say the promise was kept (or at risk), yet at least the set minimum number of complaints in the window (3 by default) allege a breach, and they make up at least the set share (20% by default) of the complaints matched to the promise; only complaints about the promise count (its category and subject, no other plan, channel, priority or region), one that names none of its plan or channel counting half.';

/** The rule with its figures, for a digest footer. */
export const describePerceptionGapRule = (rule: PerceptionGapRule): string =>
  `Perception gap: the metrics say the promise was kept (or at risk), yet at least ${rule.minComplaints} complaints in the window allege a breach, and they make up at least ${rule.rate}% of the complaints matched to the promise; only complaints about the promise count, one that names none of its plan or channel counting half.`;

/**
 * The perception gap from the complaints linked to the promise only, each counted by its link weight (a
 * complaint that names none of the promise's plan or channel counts half).
 */
export const assessPerceptionGap = (
  status: VerdictStatus,
  evidence: ComplaintEvidence,
  rule: PerceptionGapRule,
): boolean => {
  const matched = evidence.weighted?.matched ?? evidence.matched;
  const alleging = evidence.weighted?.allegingBreach ?? evidence.allegingBreach;
  return (
    (status === 'kept' || status === 'at_risk') &&
    matched > 0 &&
    alleging >= rule.minComplaints &&
    (alleging * 100) / matched >= rule.rate
  );
};

/**
 * The complaint side of an evaluation, ready to pass to compliance's evaluateWindow: link each
 * promise to its complaints and flag a perception gap by the configured rule.
 */
export const complaintJudgement = (config: {
  perceptionGapRate: number;
  perceptionGapMinComplaints: number;
}) => {
  const rule: PerceptionGapRule = {
    rate: config.perceptionGapRate,
    minComplaints: config.perceptionGapMinComplaints,
  };
  return {
    link: linkComplaints,
    perceptionGap: (status: VerdictStatus, evidence: ComplaintEvidence) =>
      assessPerceptionGap(status, evidence, rule),
  };
};
