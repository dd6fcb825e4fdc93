// The extractor's rules as data: which words mark which kind of promise, which sentences are not
// promises, which phrases are unmeasurable claims, and how qualifiers are read. Extend a table,
// add an example to test/unit/extract, and the engine picks it up.

import type { Category, Operator } from '../core/index.ts';

export interface KeywordRule {
  category: Category;
  re: RegExp;
  /** Weak words only decide when no strong word is present ("processed" alone suggests an order). */
  strong: boolean;
}

/** Words that say what a figure is about. The nearest strong word before the figure wins. */
export const CATEGORY_KEYWORDS: readonly KeywordRule[] = [
  {
    category: 'resolution_time',
    re: /\b(?:resolv\w*|resolution\w*|fix(?:ed|es|ing)?|restor\w*|workarounds?|solved|solve|repair\w*|remed(?:y|ied)|stabili[sz]e\w*|turnaround|replac(?:e|es|ed|ing|ement|ements)|recover(?:y|ed|s)?|settle[sd]?|rto)\b/gi,
    strong: true,
  },
  {
    category: 'response_time',
    re: /\b(?:respon(?:d|ds|ded|ding|se|ses|sive)|repl(?:y|ies|ied)|acknowledg\w*|answer\w*|hear back|get back to you|contact you|be in touch|get in touch with you|wait(?:ing)? times?|hold times?|pick(?:s|ed)? up (?:every |all |your |the )?(?:chats?|calls?|phone|messages?)|return(?:s|ed)? (?:your |all )?(?:calls?|messages?|emails?)|call(?:s)? back|callbacks?|first contact|initial contact)\b/gi,
    strong: true,
  },
  {
    category: 'delivery_time',
    re: /\b(?:ship(?:s|ped|ping|ment|ments)?|dispatch\w*|despatch\w*|deliver\w*|arriv\w*|handling time|transit|leaves? (?:our|the) (?:warehouse|facility)|tendered|fulfil\w*)\b/gi,
    strong: true,
  },
  { category: 'delivery_time', re: /\b(?:process(?:ed|ing)?|orders?)\b/gi, strong: false },
  {
    category: 'refund_guarantee',
    re: /\b(?:refund\w*|money[\s-]back|return(?!s? (?:calls?|messages?|emails?))(?:s|ed|ing)?|cancel\w*|exchanges?|satisfaction guarantee\w*|reimburse\w*|withdraw(?:al)?|cooling[\s-]off)\b/gi,
    strong: true,
  },
  { category: 'credit_compensation', re: /\b(?:credit(?:s|ed)?|compensat\w*|rebates?)\b/gi, strong: true },
  {
    category: 'uptime',
    re: /\b(?:up[\s-]?time|availability|available|operational|sla|service level)\b/gi,
    strong: true,
  },
  {
    category: 'availability_hours',
    re: /\b(?:support hours|business hours|office hours|opening hours|customer (?:care|service)|care team|contact cent(?:re|er)s?|call cent(?:re|er)s?|lines are open|operating hours|hours of operation|core hours|open|staffed|available|availability|call us|reach us|phone lines?|lines|helpdesk|help desk|service desk|support|hours|(?:live )?chat|phone|telephone|hotline)\b/gi,
    strong: true,
  },
];

/** Categories a duration can measure, and those a percentage or a weekly schedule can. */
export const DURATION_CATEGORIES: ReadonlySet<Category> = new Set([
  'response_time',
  'resolution_time',
  'delivery_time',
  'refund_guarantee',
]);

export interface NonPromiseRule {
  re: RegExp;
  reason: string;
  /** Only counts when it comes before the figure (or just after it): "no refund after 15 days". */
  beforeFigure?: boolean;
  /** A cheap word test that must pass before this (costlier) pattern is tried at all. */
  only?: RegExp;
}

/**
 * A customer's quoted words with their name ("Fixed in 40 minutes!" — Sam K.): a testimonial of one
 * past case. Tested on whole blocks too, since a quote of several sentences is split before it is read.
 */
export const TESTIMONIAL = /^["“][^"”]{3,}["”]\s*(?:[—–-]\s*[A-Za-z][\w. ,'’-]{0,80})?$/;

/** Sentences that state a figure but promise nothing the company can be held to. */
export const NON_PROMISE_RULES: readonly NonPromiseRule[] = [
  {
    reason: 'negated',
    beforeFigure: true,
    re: /\b(?:does|do|did|will|shall|can|could|may|would|is|are)\s*(?:not|n['’]t)\s+(?:apply|guarantee|mean|include|cover|offer|provide|qualify|count|ship|process|accept|be\b|receive|pick up|deliver|available|offered|possible)/i,
  },
  {
    reason: 'negated',
    beforeFigure: true,
    re: /\bnot (?:be )?(?:guaranteed|responsible|liable|accepted|included|covered|eligible|counted)\b/i,
  },
  {
    reason: 'negated',
    beforeFigure: true,
    re: /\b(?:no|without) (?:refunds?|returns?|credits?|guarantee)\b(?! (?:questions|hassle|card|check))/i,
  },
  { reason: 'negated', beforeFigure: true, re: /\b(?:cannot|can['’]t|unable to) (?:guarantee|promise)\b/i },
  {
    reason: 'example',
    re: /\b(?:for example|for instance|as an example|consider this|worked example|for illustration)\b|\be\.g\.|^(?:\(?[\da-z]{1,2}(?:\.\d{1,2})*[.)]?\s+)?(?:example|illustration)\b/i,
  },
  {
    reason: 'a definition',
    re: /\b(?:is|are) (?:calculated|computed|measured|determined|defined) (?:as|by)\b|\bis defined as\b|\bshall mean\b|^["“][^"”]{2,60}["”] (?:is|means|refers to)\b/i,
  },
  {
    reason: 'example',
    re: /\bif you [^,]{0,60}\bon (?:a )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|holiday)\b/i,
  },
  {
    reason: 'hypothetical',
    re: /\bwould\b.*\b(?:if|in the event|suppose)\b|\b(?:if|in the event)\b.*\bwould\b|\byou['’]d (?:get|receive|be)\b/i,
  },
  {
    reason: "the customer's obligation",
    re: /\b(?:you|customers?|claimants?|clients?|the (?:customer|client|buyer))\s+(?:must|shall|should|will need to|need to|are required to|is required to)\s+(?!(?:inform|notify|contact|tell|let us know|email|call|expect|receive|hear|get|have|see)\b)/i,
  },
  {
    reason: "the customer's obligation",
    re: /\b(?:claims?|requests?|disputes?|tickets?)\s+(?:must|shall|should)\s+be\b/i,
  },
  { reason: "the customer's obligation", re: /\bsubmit (?:a |your |the )?(?:claim|request)/i },
  {
    reason: "the customer's obligation",
    re: /\b(?:give|giving|provide|providing|send|sending) us\b[^.;]{0,40}\bnotice\b/i,
  },
  {
    reason: "the customer's obligation",
    re: /\b(?:must|need to|needs to) be (?:received|returned|shipped|postmarked|made|submitted|paid|sent|claimed|requested|reported|raised|filed|logged)\b/i,
  },
  {
    reason: "the customer's obligation",
    re: /\byou (?:may|can|must) (?:submit|dispute|appeal|file)\b/i,
  },
  {
    reason: "the customer's obligation",
    re: /^(?:once [^,]{0,40},\s*)?(?:please\s+)?(?:return|send|submit|provide|include|mail|post|fill|attach|ensure|make sure|wait|drop|print|pack|bring)\b/i,
  },
  {
    reason: 'a third party',
    re: /^(?:their|the (?:carrier|courier|shipping (?:provider|company|carrier)|postal service|bank)|couriers?|carriers?|banks?|your bank)\b|\b(?:carrier|courier|manufacturer|bank|card issuer)['’]s (?:own )?(?:return |refund |warranty |delivery )?(?:policy|policies|terms|process|timescales?)\b/i,
  },
  {
    reason: 'a third party',
    re: /\b(?:couriers?|carriers?|your bank|card issuer|banks?|(?:payment|finance|credit|buy[\s-]now[\s-]pay[\s-]later) providers?)\s+(?:may|might|can|could|will)\s+take\b|\b(?:processed|handled|set|decided|refunded|paid|issued) by (?:the|your) (?:[a-z-]+ )?(?:provider|bank|card issuer|carrier|courier|lender)\b/i,
  },
  {
    reason: 'the past',
    re: /\b(?:averag(?:ed|ing)|historically|last (?:year|month|quarter)|in the past)\b/i,
  },
  {
    // "Our 2024 numbers: …", "our uptime record: 99.98% in 2024".
    reason: 'the past',
    only: /\b(?:19|20)\d\d\b/,
    re: /\b(?:19|20)\d\d (?:numbers|figures|results|stats|statistics|data)\b|\b(?:track|uptime|service) record\b[^.;]*\b(?:19|20)\d\d\b|\b(?:in|during) (?:19|20)\d\d\b[^.;]*\b(?:median|average|mean)\b/i,
  },
  {
    reason: 'the past',
    only: /\baverage\b/i,
    re: /\baverage\b[^.;]{0,60}\b(?:was|were)\b/i,
  },
  { reason: 'a third party', re: /\b(?:outside|beyond) (?:of )?our (?:direct )?control\b/i },
  {
    // "In 2024 our median first reply was 7 minutes", "over the last 12 months we delivered 99.99%".
    reason: 'the past',
    only: /\b(?:was|were|had|delivered|achieved|processed|resolved|answered|shipped|maintained|recorded|saw|received|got)\b/i,
    re: /\b(?:(?:in|during|over|for|throughout) (?:the )?(?:last|past|previous|preceding) (?:\d+ |twelve |six |three |few )?(?:years?|months?|quarters?|weeks?|financial year|fiscal year)|last (?:financial|fiscal|calendar) year|in (?:19|20)\d\d)\b[^.;]*\b(?:was|were|had|delivered|achieved|processed|resolved|answered|shipped|maintained|recorded|saw|received|got)\b|\b(?:was|were|had|delivered|achieved|maintained|recorded)\b[^.;]*\b(?:in|during|over|for|throughout) (?:the )?(?:last|past|previous|preceding) (?:\d+ |twelve |six |three |few )?(?:years?|months?|quarters?|weeks?)\b/i,
  },
  { reason: 'a question', re: /\?\s*$/ },
  {
    // "Maintenance announced 72 hours in advance is excluded": what a commitment leaves out.
    reason: 'an exclusion',
    re: /\b(?:is|are) (?:also )?excluded\b|\bexcluded from\b|\bdo(?:es)? not count (?:towards?|against|as)\b/i,
  },
  // A customer's words quoted on the page ("Fixed in 40 minutes!" — Sam K.) describe one past case.
  { reason: 'a testimonial', re: TESTIMONIAL },
  { reason: 'no commitment', re: /\b(?:we|i) hope\b|\bhopefully\b/i },
];

/**
 * The clause that says when a promise counts as broken ("If a response is not given within 24
 * hours, …"): its duration is the trigger of a remedy, not a promise of its own.
 */
export const BREACH_CONDITION =
  /^(?:if|when|should|in case)\b[^,]*(?:\bnot\b|n['’]t\b|\bfail\w*|\bunable\b|\bmiss\w*|\bexceed\w*|\blate\b)[^,]*/i;

/** A duration measured from an event ("within 30 days of delivery"): the event is not the subject. */
export const REFERENCE_POINT =
  /\b(?:of|from|after|since|following|upon|before)\s+(?:the\s+|your\s+|their\s+)?$/i;

/** For credits only: caps on the total are limits, not promises. */
export const CREDIT_CAP =
  /\b(?:cannot|can['’]t|may not|shall not|will not|won['’]t|never|do(?:es)? not|must not) exceed\b|\bmaximum\b|(?<!not )\blimited to\b|\bcapped\b|\bin total\b/i;

/** The customer tells the company within a window: a return or refund window in a returns section. */
export const NOTIFY_WINDOW =
  /\b(?:notify|notified|inform us|contact us|tell us|let us know|request (?:a |your )?(?:full |partial )?(?:refund|return))\b/i;

/** Refund sentences about paying the money back (a processing time) rather than asking for it. */
export const REFUND_PROCESSING =
  /\b(?:process(?:ed|ing)?|issued?|initiated|reimburse[sd]?|send (?:you )?|sent|credited|(?:we|will|we['’]ll) refund|we (?:will |['’]ll )?(?:e-?mail|mail|send|issue|process|pay|arrange)\b|reach(?:es)? your|appears? (?:on|in) your|(?:receive|expect|get) (?:your |a |the )?(?:full )?refund|refunded|pa(?:y|ys|id) back|reversed|back (?:to|on|in|into) your (?:card|account|bank|original|payment)|on (?:its|their) way|for (?:your|the) refund to (?:appear|show|arrive|reach|clear|be))\b/i;

/**
 * Words around a refund figure that make it the customer's window, whatever else the sentence says
 * about paying back: "you have 30 days", "accept returns within 14 days", "within 14 days of
 * delivery" (but not "of receiving your return", which times the refund itself).
 */
export const REFUND_WINDOW_BEFORE =
  /\b(?:you(?: have| get| ?['’]ve got)|(?:accept|take)s? (?:back )?(?:returns?|exchanges?|items?)|returns? (?:are|is) accepted|(?:return|send back|send) (?:it|them|items?|products?|goods|your (?:order|item|purchase|product)s?)(?: back)?|e-?mail us|call us|message us|write to us|reach out|tell us|let us know|notify us|contact us|withdraw)\b[^.;]{0,40}$/i;
export const REFUND_WINDOW_AFTER =
  /^\s*(?:(?:of|from|after)\s+(?:the\s+)?(?:date\s+(?:of\s+|that\s+|when\s+)?)?(?:(?:original\s+)?(?:delivery|purchase|receipt(?!\s+of\s+(?:your|the)\s+return)|dispatch|shipment)|(?:you\s+|the customer\s+)?receiv(?:e|ed|ing)\s+(?:your|the)\s+(?:order|item|goods|parcel|package|product|purchase)s?|(?:your|the)\s+(?:order|purchase)))/i;

export interface ClaimRule {
  re: RegExp;
  reason: string;
}

/** Phrases that sound like promises but no figure can check. */
export const CLAIM_RULES: readonly ClaimRule[] = [
  { reason: 'speed claim without a figure', re: /\b(?:lightning|blazing(?:ly)?|super|ultra)[\s-]?fast\b/i },
  {
    reason: 'speed claim without a figure',
    re: /\b(?:fast|faster|quick|quicker|rapid|prompt|speedy|swift|timely)\s+(?:response|responses|support|replies|reply|service|resolution|resolutions|delivery|shipping|turnaround|help)\b/i,
  },
  {
    reason: 'speed claim without a figure',
    re: /\b(?:promptly|in a timely (?:manner|way|fashion)|as quickly as possible)\b/i,
  },
  {
    reason: 'speed claim without a figure',
    re: /\b(?:fast|quick|rapid|speedy|swift)(?:,\s*[a-z-]+){1,3}\s+(?:support|service|help|replies|responses|delivery|shipping)\b/i,
  },
  {
    reason: 'speed claim without a figure',
    re: /\b(?:respond|reply|answer|get back to you|resolve|fix|ship|deliver|dispatch)(?:s|ed|ing)?\s+(?:very\s+|super\s+|really\s+)?(?:quickly|fast|rapidly|swiftly|in no time|right away)\b/i,
  },
  {
    reason: 'superlative without a measure',
    re: /\bbest in the (?:business|industry|market|world|country|trade)\b/i,
  },
  {
    reason: 'superlative without a measure',
    re: /\b(?:world[\s-]class|best[\s-]in[\s-]class|industry[\s-]leading|award[\s-]winning|first[\s-]class|top[\s-]notch|unmatched|unparalleled|unrivall?ed|second to none|best possible|best[\s-]of[\s-]breed)\b/i,
  },
  {
    reason: 'effort claim nobody can check',
    re: /\b(?:go(?:es)? the extra mile|above and beyond|bend over backwards)\b/i,
  },
  {
    reason: 'quality claim without a measure',
    re: /\b(?:exceptional|outstanding|excellent|amazing|superb|unbeatable|legendary|5-star|five-star)\s+(?:customer\s+)?(?:support|service|care|experience)\b/i,
  },
  {
    reason: 'satisfaction claim without a measure',
    re: /\b(?:100% (?:customer )?satisfaction|satisfaction guaranteed)\b/i,
  },
  {
    reason: 'reliability claim without a figure',
    re: /\b(?:rock[\s-]solid|always[\s-](?:on|up|available)|never (?:goes|go) down)\b/i,
  },
];

/** The operator each category's promises use (refund windows and notice periods are minimums). */
export const DEFAULT_OPERATOR: Record<Category, Operator> = {
  response_time: '<=',
  resolution_time: '<=',
  uptime: '>=',
  availability_hours: '>=',
  delivery_time: '<=',
  refund_guarantee: '>=',
  credit_compensation: '==',
  other: '<=',
};

export interface QualifierRule<T> {
  re: RegExp;
  value: T;
}

export const CHANNEL_RULES: readonly QualifierRule<string>[] = [
  { re: /\be-?mails?\b/i, value: 'email' },
  { re: /\b(?:live )?chat\b/i, value: 'chat' },
  { re: /\b(?:tele)?phone\b|\bcall(?:s|ing)?\b|\bvoicemail\b/i, value: 'phone' },
  { re: /\btickets?\b|\bticketing\b/i, value: 'ticket' },
  { re: /\bportal\b|\bweb form\b|\bonline form\b/i, value: 'web' },
  { re: /\b(?:regular|postal) mail\b|\bletters?\b/i, value: 'mail' },
  { re: /\bsocial media\b/i, value: 'social media' },
];

export const WINDOW_RULES: readonly QualifierRule<string>[] = [
  {
    re: /\b(?:monthly|per month|each month|a month|calendar month|any month|every month|for the month)\b(?! (?:fees?|charges?|prices?|bills?|invoices?|subscriptions?|costs?|payments?|plans?|spend)\b)/i,
    value: 'monthly',
  },
  { re: /\b(?:quarterly|per quarter|each quarter)\b/i, value: 'quarterly' },
  { re: /\b(?:annual(?:ly)?|yearly|per year|each year)\b/i, value: 'yearly' },
  { re: /\b(?:weekly|per week|each week)\b/i, value: 'weekly' },
];

export const HEDGE_RULES: readonly QualifierRule<'median' | 'mean'>[] = [
  { re: /\bon average\b|\baverage\b/i, value: 'mean' },
  {
    re: /\b(?:typically|usually|generally|normally|in most cases|most|often|aim to|strive to|endeavou?r to)\b/i,
    value: 'median',
  },
];

export const TARGET_ALL = /\b(?:every|all|always|guarantee[sd]?)\b/i;
/**
 * The share of cases a promise covers, whatever the cases are called: "95% of tickets", "90% of
 * support requests are…", "80% of our customers' orders will…" (not a share of a fee or of time).
 */
export const TARGET_SHARE =
  /\b(\d{1,3}(?:\.\d+)?)\s*%\s+of\s+(?:(?:all\s+)?(?:tickets|requests|cases|calls|orders|enquiries|inquiries|issues|incidents|chats|emails|messages|shipments)\b|(?!(?:the\s+|your\s+|our\s+)?(?:time|month|year|downtime|fees?|charges?|monthly|annual|price|cost|invoice|bill)\b)(?:[\w'’-]+\s+){1,4}?(?:are|is|will|get|gets|receive|receives|shall|must|answered|resolved|responded|shipped|delivered|dispatched|fixed|closed|handled)\b)/i;

export const SEVERITY =
  /\b(P[0-5]|S[0-5]|Sev(?:erity)?[\s-]*[0-5]|Priority[\s-]*[0-5]|critical|urgent|emergency|high|medium|moderate|normal|low|minor|major)\b/i;

export const CONDITION_RULES: readonly RegExp[] = [
  /\b(?:expedited |express |standard )?orders? (?:placed|received|submitted|made) (?:(?:before|after|by) (?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight)(?:\s+(?:(?:ET|EST|EDT|CT|CST|CDT|MT|MST|PT|PST|PDT|GMT|UTC|BST|CET|CEST)\b|(?:central|eastern|pacific|mountain|uk|local)(?: time)?))?|(?:from|on|over) (?:the )?(?:\w+day|weekends?)(?: (?:to|through|-) \w+day)?)/i,
  /\bexclud(?:ing|es) (?:[a-z]+\s){0,3}(?:holidays|weekends)[^,.;)]{0,20}/i,
  /\b(?:during|within) (?:normal |regular )?business hours\b/i,
  /\bfor [A-Z][\w\s-]{1,30} customers only\b/i,
  /\bunless [^,.;]{3,60}/i,
  /\bonce returned and approved\b/i,
];

/** A heading that names one plan: "Enterprise plan", "Pro Plus Plan Details", "Premium Support". */
export const TIER_HEADING =
  /^(?!(?:our|all|compare|choose|support|service|which|the)\b)[\p{L}\p{N}+&\s-]{1,40}\b(?:plan|tier|subscription|edition|package|support)(?:\s+(?:details|overview|features))?$/iu;

/**
 * A plan named as the audience of the sentence: "Enterprise customers get…", "Business plan
 * members hear back…". With the word "plan" (or tier, package, edition) any capitalised name but
 * a determiner counts; without it, capitalised words that are not plans (regions, "New", "Small")
 * are excluded. A newcomer adds to the exclusion lists, not to the patterns.
 */
/** The nouns every audience rule ends on: a cheap test before the rules themselves. */
export const AUDIENCE_NOUN =
  /\b(?:plan|tier|package|edition|customers|clients|subscribers|members|accounts|users)\b/;

export const AUDIENCE_TIER_RULES: readonly RegExp[] = [
  /(?:^|[^\p{L}])(?!(?:Our|All|Any|Every|Each|The|Your|Their|Its|This|That|Which|Paid|Free)\b)([A-Z][\p{L}\p{N}+]*(?: (?:Plus|Pro|Premium|Max|Ultra|Elite))?) (?:plan|tier|package|edition)\b/u,
  /(?:^|[^\p{L}])(?!(?:Our|All|Any|Every|Each|New|Existing|Most|Some|Many|Other|These|Those|Such|Paying|Eligible|Business|Small|Large|International|Domestic|US|U\.S\.|UK|EU|EEA|Canadian|European|American|Local|Online|Retail|Wholesale|The|Your|Their|Its)\b)([A-Z][\p{L}\p{N}+]*(?: (?:Plus|Pro|Premium|Max|Ultra|Elite))?) (?:customers|clients|subscribers|members|accounts|users)\b/u,
];

/**
 * A document that says whom it covers near its start ("This agreement applies to customers on
 * the Acme Enterprise plan") scopes every promise in it that names no plan of its own.
 */
export const DOCUMENT_TIER_RULES: readonly RegExp[] = [
  /\b(?:applies|apply|applicable|available) (?:only )?to (?:all )?(?:customers|subscribers|accounts|clients) (?:on|of|with|subscribed to) (?:the |an? )?(?:[A-Z][\p{L}]+ )*?([A-Z][\p{L}\p{N}+]*) (?:plan|tier|package|edition|subscription)\b/u,
  /\b(?:applies|apply|applicable) (?:only )?to (?:the )?([A-Z][\p{L}\p{N}+]*) (?:plan |tier )?(?:customers|subscribers|accounts|clients)\b/u,
];
/** How far into a document (in blocks) its scope statement is looked for. */
export const DOCUMENT_TIER_BLOCKS = 6;

/** Severity named in the sentence itself, in the forms that cannot be read otherwise ("P1", "Sev 2"). */
export const SEVERITY_CODE = /\b(P[0-5]|Sev(?:erity)?[\s-]*[0-5]|Priority[\s-]*[0-5])\b/i;

export interface OtherCommitmentRule {
  /** What the figure after these words measures, when no response, delivery or refund word is nearer. */
  re: RegExp;
  metric: string;
  operator: Operator;
}

/**
 * Checkable commitments outside the main categories ("other"): how soon the status page or an
 * incident report follows an incident, how often backups run and how long they are kept, how
 * much data a recovery may lose. The words must come before the figure, in the same clause.
 */
export const OTHER_COMMITMENT_RULES: readonly OtherCommitmentRule[] = [
  {
    re: /\b(?:post-?incident|incident|outage|reason[\s-]for[\s-]outage|root[\s-]cause)(?: analysis)? reports?\b|\brca\b|\bpost-?mortems?\b|\broot[\s-]cause analys[ie]s\b/gi,
    metric: 'incident_report_time',
    operator: '<=',
  },
  {
    re: /\bstatus (?:page|site|updates?)\b|\b(?:post|posts|posted|publish|publishes|send|sends) (?:the |an |our )?(?:first |initial )?(?:status )?updates?\b|\bupdated? (?:at least )?every\b/gi,
    metric: 'status_update_time',
    operator: '<=',
  },
  { re: /\brecovery point(?: objective)?\b|\brpo\b/gi, metric: 'recovery_point', operator: '<=' },
  {
    re: /\b(?:retain(?:s|ed)?|retention|kept for|stored for|preserved for|remain (?:available|accessible) for|keeps? (?:your |all |the )?(?:data|files|content|backups?|records|logs))\b/gi,
    metric: 'retention_period',
    operator: '>=',
  },
  {
    re: /\b(?:back(?:ed)? ?up|back-?ups?|snapshots?)\b/gi,
    metric: 'backup_interval',
    operator: '<=',
  },
];

/**
 * Words that make an amount of money compensation the company pays when it misses a promise ("we'll
 * pay you £30", "you'll get a $10 voucher", "£8 credited for each day"), not a price or a fee.
 */
export const COMPENSATION =
  /\b(?:(?:we|we['’]ll|we will|we shall|the company will|[A-Z][\w&]+ (?:will|shall)) (?:automatically )?(?:pay|credit|give|refund|reimburse|add)|pay(?:s)? you|paid (?:to you|automatically|into your)|compensat\w*|rebates?|goodwill|vouchers?|credit(?:ed)? (?:of|to your|your)|you(?:['’]ll| will| shall)? (?:get|receive|be (?:paid|credited|entitled to))|on us|money back)\b/i;
/** A column of a table that lists what is paid when a standard is missed. */
export const COMPENSATION_COLUMN =
  /\b(?:compensation|payment|rebates?|we(?:['’]ll| will)? pay|you(?:['’]ll| will) get|credit|refund|voucher|penalty)\b/i;
