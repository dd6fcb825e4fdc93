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
 */
export type RuleKind = 'failure' | 'missing';

export interface CategoryRule {
  category: Category;
  kind: RuleKind;
  /** A sentence the rule must fire on; the tests read these. */
  example: string;
  pattern: RegExp;
  /** The sentence must also mention this (e.g. "not working" counts as downtime only for a service). */
  requires?: RegExp;
}

const SERVICE =
  /\b(?:internet|broadband|wi-?fi|site|website|server|service|connection|app|e-?mail|phone|line|tv|network|platform|api|dashboard|account|portal|system|dsl|modem|router|landline|cable|hosting|blog|forum|login)\b/i;

export const CATEGORY_RULES: readonly CategoryRule[] = [
  // response_time: slow or no reply, long holds.
  {
    category: 'response_time',
    kind: 'missing',
    example: 'Not once did they reply to my emails.',
    pattern:
      /\b(?:repl(?:y|ies|ied|ying)|respon(?:d|ds|ded|ding|se|ses|sive)|answer(?:s|ed|ing)?|acknowledg\w*|confirmation|feedback|call(?:ed|s)? (?:me |us )?back|callbacks?|(?:get|got|gotten|getting|come|came) back to (?:me|us)|gotten back|heard? (?:back|anything|a (?:thing|word|peep)|from (?:them|anyone|anybody|you|him|her|support|the)|nothing)|contact(?:ed)? (?:me|us)|communicat\w*|updates?|follow(?:ed)?[- ]up|word from)\b/i,
  },
  {
    category: 'response_time',
    kind: 'failure',
    example: 'I spent 45 minutes on hold.',
    pattern:
      /\b(?:on hold|hold music|holding (?:music|in a queue)|in (?:the|a) queue|queu(?:e|ing) system|ignor(?:ed|ing|es)|ghost(?:ed|ing)|unanswered|unresponsive|no luck (?:reaching|contacting|getting|with)|(?:can't|couldn't|cannot|unable to|impossible to|could not|can not) (?:get through|reach|contact|get (?:hold of|in touch|through|a human|anyone))|(?:trying|tried|try) (?:to )?(?:reach|contact|get in touch|get hold|reaching|contacting)|keep(?:s|ing)? (?:me|us) waiting|kept (?:me|us) waiting|wait(?:ed|ing)? (?:for|on) (?:a |an |any |their )?(?:reply|response|answer|call ?back|human|agent|advisor|operator)|slow (?:to )?(?:reply|respond|response|answer)s?|(?:terrible|slow|bad|awful|poor|horrible|hopeless) (?:at|when it comes to|in) (?:respond|repl|answer|communicat)\w*|(?:took|takes|taken|take) (?:ages|forever|days|weeks|months) (?:for \w+ )?to (?:reply|respond|answer|get back)|how long (?:should|do|must|will|would) (?:we|i) (?:have to )?wait|(?:stay|stayed|hanging|hang) on the line|get through to|to get through|answering machine|voicemail|waiting (?:on|for) support|support is (?:not responding|absent|dead|non-?existent)|all agents are busy|calls? (?:is|are) (?:important|valued)|high (?:volume|number) of calls|more calls than usual)\b/i,
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
      /\b(?:unresolved|unfixed|still (?:broken|faulty|not (?:working|fixed|resolved|sorted)|isn't|doesn't|won't|can't|hasn't|out|down|no (?:fix|solution)|having (?:the )?(?:same )?(?:issue|problem)s?)|(?:technician|engineer|repair ?(?:man|person|guy)|service call|call-?out|repair)s?|waiting (?:for|on) (?:a |the )?(?:part|fix|repair|engineer|technician|patch)|(?:took|take|takes) (?:\w+ ){0,3}to (?:fix|repair|resolve|solve|restore|sort)|(?:bugs?|issues?|problems?|faults?) (?:remains?|persists?|continues?|still)|(?:same|ongoing|recurring|intermittent|persistent) (?:issue|problem|fault)|workaround|escalat\w*|nothing (?:could|can) be done|(?:no|any) (?:progress|help)|not (?:much|a lot) of help|run-?around|(?:is|was|are|were) (?:not|never) (?:fixed|resolved|solved|restored|repaired))\b/i,
  },
  // uptime: the service was down or unusable.
  {
    category: 'uptime',
    kind: 'failure',
    example: 'The site was down for two days.',
    pattern:
      /\b(?:(?:is|was|were|are|been|went|go(?:es)?|going|being|stayed|keeps? going|it's|site's|server's) (?:completely |totally |all |back |still |again )?down|down (?:for|again|since|and|yet|all)|outages?|downtime|off-?line|unavailable|inaccessible|(?:not|n't) (?:loading|available|accessible|reachable|reaching)|(?:can't|cannot|couldn't|unable to|could not|can not|not able to) (?:access|connect|log ?in|load|use (?:the|it|our|my)|reach (?:the|my|our) (?:site|website|server|service|app|dashboard|account)|get (?:on|online|onto|any calls|incoming))|(?:no|without (?:the |any |an )?)(?:internet|connection|connectivity|broadband|signal|tv|network|dial tone|wi-?fi|net connection|phone (?:or|and) broadband|hot water|heating)\b|disconnect(?:ed|ing|s)? from|connection (?:drops?|dropped|dropping|lost)|flaky|intermittent|glitch\w*|stopped (?:sending|receiving|loading)|service (?:disruption|interruption|failure|outage)|disruption|(?:line|phone|connection|site|server) (?:went|is|was) dead|went off|internet-?lessness|lost (?:power and )?(?:internet|connection|service|signal|all (?:net )?connection)|out of service|service (?:was|is|has been) (?:out|down)|too many requests|dial-up|reminiscent of dial|(?:not|n't|stopped|never) (?:work(?:ing|s)?|function(?:ing)?)|(?:keeps?|kept) (?:crashing|dropping|failing)|status page)\b/i,
  },
  {
    category: 'uptime',
    kind: 'failure',
    example: 'The internet is out again.',
    pattern: /\b(?:is|was|are|been|still) (?:out|off)\b/i,
    requires: SERVICE,
  },
  // availability_hours: support could not be reached when it should be open.
  {
    category: 'availability_hours',
    kind: 'failure',
    example: 'Support is only open 9 to 5, so nobody answered at 6.',
    pattern:
      /\b(?:(?:only|not) open|open (?:from|until|till|between|at \d)|(?:office|line|support|desk|phone lines?|centre|center) (?:is |was )?closed|closes at|closed (?:on|at|for|over|during)|(?:business|office|working|normal|opening) hours|hours of operation|weekends?|saturdays?|sundays?|bank holiday|public holiday|holidays?|vacation|not 24\/7|(?:isn't|wasn't|not) (?:24\/7|24x7|around the clock)|after hours|out of hours|middle of the night|(?:no one|nobody|no-one) (?:is |was )?(?:around|at work|available|there|working|in the office|to deal)|only (?:work|available|open|operate)s? (?:to|until|till|between|from)|(?:between|from) the hours of|call back (?:on )?monday|until monday|time ?zones?|different hours|(?:open|opens) (?:\d|at) ?\d*(?:am|a\.m\.)? not)\b/i,
  },
  // delivery_time: late or missing delivery.
  {
    category: 'delivery_time',
    kind: 'missing',
    example: 'My order has never shipped.',
    pattern:
      /\b(?:shipp(?:ed|ing)|ship|dispatch(?:ed)?|despatch(?:ed)?|deliver(?:ed|y|ies)?|arriv(?:e|ed|al)|received? (?:my|the|our|it|them|any of)(?! (?:reply|response|answer|refund|money|emails?|e-mails?|confirmation|invoice|update|call|feedback|credit|help)))\b/i,
  },
  {
    category: 'delivery_time',
    kind: 'failure',
    example: 'Where is my order? It is still processing after three weeks.',
    pattern:
      /\b(?:late (?:delivery|shipment|order|parcel|package)|(?:order|package|parcel|shipment|delivery|item|goods|luggage|suitcase|case|bag|stuff)s? (?:is |was |has been |have been |still |are |were )*(?:late|delayed|lost|missing|stuck|pending|processing|not (?:arrived|shipped|delivered|here)|nowhere)|where is my (?:order|package|parcel|stuff|delivery|item)|still (?:waiting|wait) (?:for|on) (?:my|the|our) (?!(?:refund|money|reply|response|answer|call)\b)\w+|(?:order|delivery|shipping) (?:status|date|tracking|notification|confirmation|timeline|update)|tracking (?:number|info|information|system|page|site|shows|says)|no sign of (?:my|the|our) \w+|redeliver\w*|(?:was|were) (?:supposed|due) to (?:be )?(?:arrive|deliver|ship)\w*|still (?:has not|hasn't|not) (?:arrived|shipped|been delivered)|(?:placed|made) (?:an|my|the|our) order|i ordered|we ordered|pre-?order(?:ed)?|backorder\w*|not sent on time|never (?:received|arrived|shipped)|to be connected|get it up and running|installation)\b/i,
  },
  // refund_guarantee: refund refused, late or missing.
  {
    category: 'refund_guarantee',
    kind: 'failure',
    example: 'Still no refund after two weeks.',
    pattern:
      /\b(?:refund\w*|money back|my money|return(?:s)? (?:policy|period|window)|(?:refused|refuse|won't|wouldn't|will not|would not) (?:to )?(?:take (?:it )?back|exchange|accept (?:the |a |my )?return)|cancellation (?:fee|penalty|charge)|penalty|voucher (?:instead|that I did not want|i didn't want)|store credit|chargeback|charge ?back)\b/i,
  },
  // credit_compensation: promised credit or compensation refused.
  {
    category: 'credit_compensation',
    kind: 'failure',
    example: 'They refused any compensation for the outage.',
    pattern:
      /\b(?:compensat\w*|recompense|(?<!store )credits?(?! card)|credited|rebate|reimburs\w*|coupon|vouchers?|goodwill|waive\w*|(?:won't|wouldn't|refus\w* to|not) (?:pay|cover) (?:for|the|us|me)|money off)\b/i,
  },
  // other: anything else the company did wrong (billing errors, rudeness, suspended accounts, product quality).
  {
    category: 'other',
    kind: 'failure',
    example: 'I cancelled my subscription and they charged me again.',
    pattern:
      /\b(?:charg(?:ed|ing|es)|billed|billing|overcharg\w*|double[- ]charg\w*|fees?|penalt\w*|suspend\w*|(?:closed|killed|banned|locked|blocked|deleted|froze|frozen|terminated|deactivated|disabled) (?:my |our |the )?accounts?|accounts? (?:was |were |has been |have been |is |are )?(?:closed|suspended|banned|locked|blocked|frozen|on hold|terminated|restricted)|rude|snarky|unprofessional|incompeten\w*|useless|unhelpful|lied|lying|liars?|scam\w*|fraud\w*|(?:flight|plane)s? (?:was |got |were |had been )?(?:delayed|cancell?ed)|miss(?:ed)? (?:my|the|our) (?:connecting )?(?:flight|connection|plane)|(?:did not|didn't|never|failed to) (?:show up|turn up|come)|no-?show|damaged|broken|faulty|defective|trashed|unfit|poor quality|wrong (?:item|order|size|product|address|number)|missing (?:items?|parts?)|(?:can't|cannot|couldn't|unable to) (?:cancel|pay|unsubscribe)|cancel(?:led|ed)? (?:my |the |our )?(?:subscription|account|plan|membership)|cancel (?:my |the |our )?(?:subscription|account|plan|membership)|keeps? charging|still (?:being )?charged|bait and switch|disconnected (?:the|my) call|cut(?:ting)? me off|hung up|passed (?:around|from)|transferred|error (?:message|code)|(?:not|never) (?:responsible|liable)|no morals|rip-?off|ripped off|excuse)\b/i,
  },
];

/** A denial or a wait placed after the phrase: "Response? None!", "the refund never came". */
const DENIED_AFTER =
  /^\s*(?:\?\s*(?:none|nothing|zero|no)\b|(?:\S+\s+){0,2}?(?:never|not|hasn't|haven't|didn't|wasn't|isn't|won't|hadn't)\b)/i;
/** An awaited action: "still waiting for a reply", "awaiting my refund". */
const AWAITED_BEFORE =
  /\b(?:still|wait(?:ed|ing)?|awaiting|expect(?:ed|ing)?|chas(?:e|ed|ing)|where(?:'s| is)|how long)\s+(?:(?:for|on|a|an|any|my|the|their|your|some|one)\s+)*$/i;

/** Where a category was alleged: the rule's kind and the sentence that says it. */
export interface CategoryEvidence {
  category: Category;
  /** `denied`: something never happened ("no reply"); `failure`: something went wrong ("on hold"). */
  kind: 'denied' | 'failure';
  sentence: string;
}

const COMPILED = CATEGORY_RULES.map((rule) => ({ rule, re: new RegExp(rule.pattern.source, 'gi') }));

/** Categories alleged in a text (normalised), clause by clause, with the sentence that alleges each. */
export const detectCategories = (
  sentences: Span[],
): { categories: Set<Category>; hits: number; evidence: CategoryEvidence[] } => {
  const categories = new Set<Category>();
  const evidence: CategoryEvidence[] = [];
  sentences.forEach((sentence, i) => {
    const next = sentences[i + 1]?.text ?? '';
    for (const clause of splitClauses(sentence)) {
      const clauseEnd = clause.start - sentence.start + clause.text.length;
      for (const { rule, re } of COMPILED) {
        if (rule.requires && !rule.requires.test(sentence.text)) continue;
        re.lastIndex = 0;
        for (let m = re.exec(clause.text); m; m = re.exec(clause.text)) {
          const before = clause.text.slice(0, m.index);
          const after = clause.text.slice(m.index + m[0].length);
          // "Response? None!": the denial may be the next sentence.
          const tail = `${sentence.text.slice(clauseEnd)} ${next}`;
          const negated = negatedBefore(before);
          const denied =
            negated ||
            DENIED_AFTER.test(after) ||
            (after.trim() === '' && /^\s*\?\s*(?:none|nothing|zero|no)\b/i.test(tail)) ||
            AWAITED_BEFORE.test(before);
          const fired = rule.kind === 'failure' ? !negated : denied;
          if (fired) {
            categories.add(rule.category);
            evidence.push({
              category: rule.category,
              kind: rule.kind === 'missing' ? 'denied' : 'failure',
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
