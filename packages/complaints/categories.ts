// Which kinds of promise a complaint says were broken: rule tables, one row per way customers say it.

import type { Category } from '../core/index.ts';
import { negatedBefore, type Span, splitClauses } from './text.ts';

/**
 * How a rule reads its phrase:
 * - `failure`: the phrase itself says something went wrong ("on hold", "outage"); a negation before it
 *   ("it was not down") cancels it.
 * - `missing`: the phrase names what the company should have done ("reply", "refund", "shipped"); it counts
 *   only when denied ("no reply", "not once did they reply", "never shipped", "Response? None!") or awaited
 *   ("still waiting for a reply").
 * - `topic`: the phrase only names the subject ("tracking number", "weekend"); it says which promise a
 *   complaint is about, never that the text is a complaint.
 */
export type RuleKind = 'failure' | 'missing' | 'topic';

export interface CategoryRule {
  category: Category;
  kind: RuleKind;
  /** A sentence the rule must fire on; the tests read these. */
  example: string;
  pattern: RegExp;
  /** The sentence must also mention this (e.g. "not working" counts as downtime only for a service). */
  requires?: RegExp;
  /** The rule does not apply to a sentence that mentions this (a voucher offered instead of a refund). */
  unless?: RegExp;
}

const SERVICE =
  /\b(?:internet|broadband|wi-?fi|site|website|server|service|connection|app|e-?mail|phone|line|tv|network|platform|api|dashboard|account|portal|system|dsl|modem|router|landline|cable|hosting|blog|forum|login|power|electricity|water|gas|heating|signal|supply)\b/i;

export const CATEGORY_RULES: readonly CategoryRule[] = [
  // response_time: slow or no reply, long holds.
  {
    category: 'response_time',
    kind: 'missing',
    example: 'Not once did they reply to my emails.',
    pattern:
      /\b(?:repl(?:y|ies|ied|ying)|respon(?:d|ds|ded|ding|se|ses|sive)|answer(?:s|ed|ing)?|acknowledg\w*|feedback|(?:e-?mail|call|writ|wrote|ring|rang)\w* (?:me |us )?back|callbacks?|(?:get|got|gotten|getting|come|came) back to (?:me|us)|gotten back|heard? (?:back|anything|a (?:thing|word|peep)|from (?:them|anyone|anybody|you|him|her|support|the)|nothing)|contact(?:ed)? (?:me|us)|communicat\w*|follow(?:ed)?[- ]up|word from)\b/i,
  },
  {
    category: 'response_time',
    kind: 'failure',
    example: 'I spent 45 minutes on hold.',
    pattern:
      /\b(?:(?<!(?:account|order|payment|subscription|card) (?:was |is |has been |got )?(?:placed |put )?)on hold|hold music|holding (?:music|in a queue)|in (?:the|a) queue|queu(?:e|ing) system|ignor(?:ed|ing|es)|ghost(?:ed|ing)|unanswered|unresponsive|no luck (?:reaching|contacting|getting|with)|(?:can't|couldn't|cannot|unable to|impossible to|could not|can not) (?:get through|reach(?! (?:the |your |our |their )?(?:server|site|website|service|api|dashboard|app|network|internet)s?\b)|contact|get (?:hold of|in touch|through|a human|anyone))|(?:trying|tried|try) (?:to )?(?:reach|contact|get in touch|get hold|reaching|contacting)|keep(?:s|ing)? (?:me|us) waiting|kept (?:me|us) waiting|wait(?:ed|ing)? (?:for|on) (?:a |an |any |their )?(?:single )?(?:reply|response|answer|call ?back|human|agent|advisor|operator)|slow (?:to )?(?:reply|respond|response|answer)s?|(?:terrible|slow|bad|awful|poor|horrible|hopeless) (?:at|when it comes to|in) (?:respond|repl|answer|communicat)\w*|(?:took|takes|taken|take) (?:ages|forever|days|weeks|months) (?:for \w+ )?to (?:reply|respond|answer|get back)|how long (?:do |should |must |will |would )?(?:we|i) (?:should |have to |must |need to )?wait|(?:stay|stayed|hanging|hang) on the line|get through to|to get through|answering machine|voicemail|waiting (?:on|for) support|support is (?:not responding|absent|dead|non-?existent)|lack of (?:support|communication|response)|all agents are busy|calls? (?:is|are) (?:important|valued)|high (?:volume|number) of calls|more calls than usual|no (?:replies|response|answer|reply)|(?:no|not getting any|without any|zero) support|(?:gotten|got|received|getting|get) no (?:help|support|assistance)|wait\w* (?:\w+ ){0,4}for (?:technical |tech )?(?:assistance|support|help|a human|someone|an agent|an advisor)|(?:no|not (?:a|one)(?: single)?|not even an?) (?:e-?mail|text|call|message|update|word|notice|notification)s? (?:from|to say|to tell|to let|in between|since|all|back)|(?:nobody|no one|no-one) (?:has |had |ever )?(?:called|rang|phoned|emailed|picks? up|picked up|answers?|answered|explained|got back|came back)|(?:goes|went|straight) to voicemail|(?:closed|ended) the (?:chat|ticket|call) on (?:me|us))\b/i,
  },
  // resolution_time: the problem is not fixed, or took long to fix.
  {
    category: 'resolution_time',
    kind: 'missing',
    example: 'My issue still has not been resolved.',
    pattern:
      /\b(?:fix(?:ed|es|ing)?|resolv(?:e|ed|es|ing)|resolution|solv(?:e|ed|es|ing)|solution|sort(?:ed)? (?:it |this |that |things )?out|restor(?:e|ed|ing)|repair(?:ed|s)?|replac(?:e|ed|ement)|(?:any|much|a lot of) help)\b/i,
  },
  {
    category: 'resolution_time',
    kind: 'failure',
    example: 'Three weeks and the bug is still there, unresolved.',
    pattern:
      /\b(?:unresolved|unfixed|still (?:broken|faulty|not (?:working|fixed|resolved|sorted)|isn't|doesn't|won't|can't|hasn't|out|down|no (?:fix|solution)|having (?:the )?(?:same )?(?:issue|problem)s?)|waiting (?:for|on) (?:a |the )?(?:part|fix|repair|engineer|technician|patch)|(?:took|take|takes) (?:\w+ ){0,3}to (?:fix|repair|resolve|solve|restore|sort)|(?:bugs?|issues?|problems?|faults?) (?:remains?|persists?|continues?|still)|(?:same|ongoing|recurring|persistent) (?:issue|problem|fault)|nothing (?:could|can) be done|nothing (?:has|had) (?:happened|been done)|out of stock|(?:did not|didn't|did a) (?:do a )?(?:very )?(?:good|poor|bad|shoddy) job|(?:no|any) (?:progress|help)|not (?:much|a lot) of help|run-?around|(?:is|was|are|were|has|have) (?:not|never|n't) (?:been )?(?:fixed|resolved|solved|restored|repaired))\b/i,
  },
  {
    category: 'resolution_time',
    kind: 'topic',
    example: 'They sent an engineer, then another engineer.',
    pattern:
      /\b(?:technician|engineer|repair ?(?:man|person|guy)|service call|call-?out|repair|workaround|intermittent (?:issue|problem|fault))s?\b/i,
  },
  // uptime: the service was down or unusable.
  {
    category: 'uptime',
    kind: 'failure',
    example: 'The site was down for two days.',
    pattern:
      /\b(?:(?:is|was|were|are|been|went|go(?:es)?|going|being|stayed|keeps? going|it's|site's|server's) (?:completely |totally |all |back |still |again )?down|down (?:for|again|since|and|yet|all)|outages?|downtimes?|off-?line(?<!\b(?:chat|support|agents?|advisors?|staff|helpdesk|help desk)\b[^.]{0,20}off-?line)|unavailable|inaccessible|(?:not|isn't|wasn't|aren't|weren't|doesn't|didn't|don't|won't|hasn't|haven't) (?:loading|available|accessible|reachable|reaching)|(?:can't|cannot|couldn't|unable to|could not|can not|not able to|(?:not|haven't|hasn't|hadn't) been able to|been unable to) (?:access|connect|log ?in|load|use (?:the|it|our|my)|reach (?:the|my|our) (?:site|website|server|service|app|dashboard|account)|get (?:on|online|onto|any calls|incoming)|phone out|make calls|receive calls|stream)|(?:no|without(?: the| any| an)?)\s+(?:internet|connection|connectivity|broadband|signal|tv|network|dial tone|wi-?fi|net connection|phone (?:or|and) broadband|hot water|heating|service|(?:my|our|the) (?:blog|site|website|internet|e-?mail|server|account|line|phone|connection))\b|disconnect(?:ed|ing|s)? from|connection (?:drops?|dropped|dropping|lost)|flaky|intermittent|glitch\w*|stopped (?:sending|receiving|loading)|service (?:disruption|interruption|failure|outage)|disruption|(?:line|phone|connection|site|server) (?:went|is|was) dead|went off|internet-?lessness|lost (?:power and )?(?:internet|connection|service|signal|all (?:net )?connection)|out of service|service (?:was|is|has been) (?:out|down)|too many requests|dial-up|reminiscent of dial|(?:not|isn't|wasn't|aren't|weren't|doesn't|didn't|don't|won't|hasn't|haven't|stopped|never) (?:work(?:ing|s)?|function(?:ing)?)|(?:keeps?|kept) (?:crashing|dropping|failing)|power (?:cut|failure|outage)s?|(?:no|without(?: any)?) (?:power|electricity|gas|water|mains)\b|(?:crash(?:es|ed|ing)?) (?:constantly|all the time|every|again|on)|(?:cuts?|cutting|cut) out|(?:drops?|dropping) (?:out|every|constantly|all the time)|(?:kicks?|kicking|kicked) (?:me|us) off|\b5\d\d errors?|(?:was|were|is|been) out for)\b/i,
  },
  {
    category: 'uptime',
    kind: 'failure',
    example: 'The internet is out again.',
    pattern:
      /\b(?:(?:is|was|are|been|still) (?:out|off)(?! of)|(?:internet|connection|signal|service|site|website|wi-?fi|network|line|app|server)s? (?:has |had |just )?disappeared|went south)\b/i,
    requires: SERVICE,
  },
  {
    category: 'uptime',
    kind: 'topic',
    example: 'Yet the status page shows 100% uptime.',
    pattern: /\b(?:status page|uptime)\b/i,
  },
  // availability_hours: support could not be reached when it should be open.
  {
    category: 'availability_hours',
    kind: 'failure',
    example: 'Support is only open 9 to 5, so nobody answered at 6.',
    pattern:
      /\b(?:only open|not open|(?:office|line|support|desk|phone lines?|centre|center) (?:is |was )?closed|closes at|not 24\/7|(?:isn't|wasn't|not) (?:24\/7|24x7|around the clock)|(?:no one|nobody|no-one) (?:is |was )?(?:around|at work|available|there|working|in the office|to deal)|only (?:work|available|open|operate)s? (?:to|until|till|between|from)|call back (?:on )?monday|until monday|(?:open|opens) (?:at )?\d+ ?(?:am|a\.m\.)? not)\b/i,
  },
  {
    category: 'availability_hours',
    kind: 'topic',
    example: 'Their business hours say 8am, not 7am.',
    pattern:
      /\b(?:(?:business|office|working|normal|opening) hours|hours of operation|bank holiday|public holiday|after hours|out of hours|middle of the night|(?:between|from) the hours of|time ?zones?|24\/7|24x7|around the clock)\b/i,
  },
  {
    category: 'availability_hours',
    kind: 'topic',
    example: 'It happened on a Friday, and nobody replies on Saturdays.',
    pattern: /\b(?:weekends?|saturdays?|sundays?|holidays?|vacation)\b/i,
    requires:
      /\b(?:repl(?:y|ies|ied)|respon(?:d|ds|se|ded)|answer(?:s|ed)?|support (?:team|staff|line|desk)|nobody|no one|at work|office|nothing (?:could|can) be done)\b/i,
  },
  // delivery_time: late or missing delivery.
  {
    category: 'delivery_time',
    kind: 'missing',
    example: 'My order has never shipped.',
    pattern:
      /\b(?:shipp(?:ed|ing)|ship|dispatch(?:ed)?|despatch(?:ed)?|deliver(?:ed|y|ies)?|arriv(?:e|ed|al)|coming|recei?ve?d? (?:my|the|our|it|them|any of)(?! (?:reply|response|answer|refund|money|emails?|e-mails?|confirmation|invoice|update|call|feedback|credit|help)))\b/i,
  },
  {
    category: 'delivery_time',
    kind: 'failure',
    example: 'Where is my order? It is still processing after three weeks.',
    pattern:
      /\b(?:late (?:delivery|shipment|order|parcel|package)|(?:order|package|parcel|shipment|delivery|item|goods|luggage|suitcase|case|bag|stuff)s? (?:is |was |has been |have been |still |are |were )*(?:late|delayed|lost|missing|stuck|pending|processing|not (?:arrived|shipped|delivered|here)|nowhere)|where is my (?:order|package|parcel|stuff|delivery|item)|still (?:waiting|wait) (?:for|on) (?:my|the|our) (?!(?:refund|money|reply|response|answer|call)\b)\w+|no sign of (?:my|the|our) \w+|still (?:has not|hasn't|not) (?:arrived|shipped|been delivered)|not sent on time|never (?:arrived|shipped)|marked (?:it |my \w+ |the \w+ )?(?:as )?delivered|left a (?:card|note) saying|(?:came|arrived|turned up|delivered|showed up)\s+(?:\w+\s+){1,3}late|(?:delivery|dispatch|arrival|install\w*|go-?live) (?:date )?(?:was )?(?:moved|pushed back|postponed|delayed|changed)|(?:due|meant|supposed) to (?:go live|arrive|be delivered|be installed|be connected))\b/i,
  },
  {
    category: 'delivery_time',
    kind: 'topic',
    example: 'The tracking number shows nothing since I ordered.',
    pattern:
      /\b(?:(?:order|delivery|shipping) (?:status|date|tracking|notification|confirmation|timeline|update)|status of (?:my|the|our) order|tracking|redeliver\w*|(?:placed|made|phoned) (?:an|my|the|our) order|ordered|since (?:my|the|our) order|pre-?order(?:ed)?|backorder\w*|to be connected|up and running|courier|postman|delivery (?:driver|company|centre|center|slot)|parcel|package)\b/i,
  },
  // refund_guarantee: refund refused, late or missing.
  {
    category: 'refund_guarantee',
    kind: 'missing',
    example: 'Still no refund after two weeks.',
    pattern: /\b(?:refund\w*|money back|my money)\b/i,
  },
  {
    category: 'refund_guarantee',
    kind: 'failure',
    example: 'They refused to take it back: out of the return period.',
    pattern:
      /\b(?:(?:refused|refuse|won't|wouldn't|will not|would not) (?:to )?(?:take (?:it )?back|exchange|accept (?:the |a |my )?return|refund)|cancellation (?:fee|penalty|charge)|penalty|voucher (?:instead|that I did not want|i didn't want)|store credit|chargeback|charge ?back|(?:i|we) (?:want|need|demand|asked for|requested|request) (?:a |my |our |the )?(?:full )?(?:refund|money back)|refund request|request (?:for )?(?:a )?refund|please refund|refund (?:me|my|us))\b/i,
  },
  {
    category: 'refund_guarantee',
    kind: 'topic',
    example: 'Out of the 30 day return policy period.',
    pattern:
      /\b(?:refund\w*|money back|returns? (?:polic(?:y|ies)|period|window)|tak(?:e|ing) (?:it |them )?back)\b/i,
  },
  // credit_compensation: promised credit or compensation refused.
  {
    category: 'credit_compensation',
    kind: 'missing',
    example: 'No compensation at all for the outage.',
    pattern: /\b(?:compensat\w*|recompense|(?<!store )credits?(?! card)|rebate|reimburs\w*)\b/i,
  },
  {
    category: 'credit_compensation',
    kind: 'topic',
    example: 'They offered a $200 coupon. That is it.',
    pattern:
      /\b(?:compensat\w*|recompense|(?<!store )credits?(?! card)|credited|rebate|reimburs\w*|goodwill|waive\w*|(?:won't|wouldn't|refus\w* to|not) (?:pay|cover)\b|money off|allowance)\b/i,
  },
  {
    category: 'credit_compensation',
    kind: 'topic',
    example: 'All we got was a ten-pound voucher.',
    pattern: /\b(?:coupon|vouchers?)\b/i,
    unless: /\brefund/i,
  },
  // other: anything else the company did wrong (billing errors, rudeness, suspended accounts, product quality).
  {
    category: 'other',
    kind: 'failure',
    example: 'I cancelled my subscription and they charged me again.',
    pattern:
      /\b(?:overcharg\w*|double[- ]charg\w*|suspend\w*|(?:closed|killed|banned|locked|blocked|deleted|froze|frozen|terminated|deactivated|disabled) (?:my |our |the )?accounts?|accounts? (?:was |were |has been |have been |is |are )?(?:closed|suspended|banned|locked|blocked|frozen|on hold|terminated|restricted)|rude|snarky|unprofessional|incompeten\w*|useless|unhelpful|lied|lying|liars?|scam\w*|fraud\w*|flights? [^.]{0,40}?(?:delayed|cancell?ed)|miss(?:ed)? (?:my|the|our) (?:connecting )?(?:flight|connection|plane)|(?:did not|didn't|never|failed to) (?:show up|turn up|come|came)|no-?show|damaged|broken|faulty|defective|trashed|unfit|poor quality|wrong (?:item|order|size|product|address)|missing (?:items?|parts?)|(?:can't|cannot|couldn't|unable to) (?:cancel|pay|unsubscribe)|keeps? charging|still (?:being )?charged|charged (?:me )?(?:again|twice|after)|bait and switch|disconnected (?:the|my) call|cut(?:ting)? me off|hung up|passed (?:around|from)|transferred|error (?:message|code)|(?:not|never) (?:responsible|liable)|no morals|(?:stop|keeps?|kept) charging|charg(?:ed|ing) (?:my card|me|us)\b|(?:been|were|was|being) charged|rip-?off|ripped off|(?:payment|pay|card)\w* (?:failed|was unsuccessful|declined|refused)|unsuccessful|refus\w* (?:my )?payment|(?:did not|didn't|did a) (?:do a )?(?:very )?(?:good|poor|bad|shoddy) job|botched)\b/i,
  },
  {
    category: 'other',
    kind: 'topic',
    example: 'I cancelled my subscription but I am still billed every month.',
    pattern:
      /\b(?:cancel(?:led|ed)? (?:my |the |our )?(?:subscription|account|plan|membership)|cancel (?:my |the |our )?(?:subscription|account|plan|membership)|charged (?:me )?(?:again|twice|after|every month|monthly)|keeps? (?:on )?charging)\b/i,
  },
];

/**
 * What a reported wait was for, read from its sentence: "A full day later, they got back to me" is a slow
 * reply; "took nine weeks to repair" a slow fix. Extend here.
 */
export const DURATION_ATTRIBUTION: readonly { category: Category; pattern: RegExp }[] = [
  {
    category: 'response_time',
    pattern:
      /\b(?:repl(?:y|ies|ied|ying)|respon\w*|answer\w*|(?:get|got|gotten|come|came|getting) back to|(?:e-?mail|call|writ|wrote|rang|ring)\w* (?:me |us )?back|call(?:ed)? again|phoned? (?:up|again)|chas(?:e|ed|ing)|follow(?:ed)? up|on hold|holding|hold music|held|queue|on the (?:phone|line)|to get through|speak to|talk to|to reach|heard)\b/i,
  },
  {
    category: 'resolution_time',
    pattern: /\b(?:fix\w*|repair\w*|resolv\w*|solv\w*|restor\w*|replac(?:e|ed|es|ing)|sort(?:ed)? out)\b/i,
  },
  {
    category: 'delivery_time',
    pattern:
      /\b(?:deliver\w*|ship\w*|dispatch\w*|arriv\w*|order|package|parcel|food|connected|install\w*|warehouse|(?:leave|left) (?:the|your|their) (?:warehouse|depot))\b/i,
  },
  {
    category: 'uptime',
    pattern:
      /\b(?:down|outage|offline|off-line|(?:without|no) (?:the )?(?:internet|service|connection|phone|broadband))\b/i,
  },
  { category: 'refund_guarantee', pattern: /\brefund\w*/i },
];

/** A denial or a wait placed after the phrase: "Response? None!", "the refund never came". */
const DENIED_AFTER =
  /^\s*(?:\?\s*(?:none|nothing|zero|no)\b|(?:\S+\s+){0,2}?(?:never|not|hasn't|haven't|didn't|wasn't|isn't|won't|hadn't)\b)/i;
/** An awaited action: "still waiting for a reply", "awaiting my refund". */
const AWAITED_BEFORE =
  /\b(?:still|wait(?:ed|ing)?|awaiting|expect(?:ed|ing)?|chas(?:e|ed|ing)|where(?:'s| is)|how long|ever (?:get|see|receive|hear about))\s+(?:(?:for|on|a|an|any|my|the|their|your|some|one|back)\s+)*$/i;

/** Where a category was alleged: the rule's kind and the sentence that says it. */
export interface CategoryEvidence {
  category: Category;
  /**
   * `denied`: something never happened ("no reply"); `failure`: something went wrong ("on hold"); `topic`:
   * the subject only.
   */
  kind: 'denied' | 'failure' | 'topic';
  sentence: string;
}

/** Characters either side of a phrase that its negation, denial or wait is read from. */
const NEAR = 120;

const COMPILED = CATEGORY_RULES.map((rule) => ({ rule, re: new RegExp(rule.pattern.source, 'gi') }));

/** Categories alleged in a text (normalised), clause by clause, with the sentence that alleges each. */
export const detectCategories = (
  sentences: Span[],
): { categories: Set<Category>; hits: number; evidence: CategoryEvidence[] } => {
  const categories = new Set<Category>();
  const evidence: CategoryEvidence[] = [];
  sentences.forEach((sentence, i) => {
    const next = sentences[i + 1]?.text ?? '';
    // Which rules apply to the sentence is read once per sentence, not once per clause.
    const applicable = COMPILED.filter(
      ({ rule }) =>
        !(rule.requires && !rule.requires.test(sentence.text)) && !rule.unless?.test(sentence.text),
    );
    for (const clause of splitClauses(sentence)) {
      const clauseEnd = clause.start - sentence.start + clause.text.length;
      for (const { rule, re } of applicable) {
        re.lastIndex = 0;
        for (let m = re.exec(clause.text); m; m = re.exec(clause.text)) {
          // Only the words near the phrase decide (bounded, so a page-long clause costs no more per match).
          const before = clause.text.slice(Math.max(0, m.index - NEAR), m.index);
          const after = clause.text.slice(m.index + m[0].length, m.index + m[0].length + NEAR);
          // "Response? None!": the denial may be the next sentence.
          const tail = `${sentence.text.slice(clauseEnd, clauseEnd + NEAR)} ${next.slice(0, NEAR)}`;
          const negated = negatedBefore(before);
          const denied =
            negated ||
            DENIED_AFTER.test(after) ||
            /^\s*\?\s*(?:none|nothing|zero|no)\b/i.test(`${after}${tail}`) ||
            AWAITED_BEFORE.test(before);
          const fired = rule.kind === 'failure' ? !negated : rule.kind === 'missing' ? denied : true;
          if (fired) {
            categories.add(rule.category);
            evidence.push({
              category: rule.category,
              kind: rule.kind === 'missing' ? 'denied' : rule.kind,
              sentence: sentence.text,
            });
            break;
          }
        }
      }
    }
  });
  return { categories, hits: evidence.length, evidence };
};
