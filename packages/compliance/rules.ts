// The accounting rules: how a promise is graded. The same text is in docs/accounting-rules.md and
// in every verdict's `rules`, followed by the settings the verdict was computed with.

import type { BusinessCalendar } from '../calendar/index.ts';
import { CLAIM_EVIDENCE_RULES } from '../claims/rules.ts';
import type { PromisegapConfig } from '../core/index.ts';
import { POLICY_GAP_RULES } from '../policy/rules.ts';

/** The `evaluation` section of the configuration. */
export type EvaluationRules = PromisegapConfig['evaluation'];

export const DEFAULT_EVALUATION_RULES: EvaluationRules = Object.freeze({
  minSamples: 20,
  atRiskBudgetSpent: 75,
  perceptionGapRate: 20,
  perceptionGapMinComplaints: 3,
  metrics: {},
});

export const ACCOUNTING_RULES = `How promisegap grades a promise

What counts
- Each measurement is one case: a ticket's first reply, a ticket's resolution, a day's uptime, an order's delivery, a refund's processing.
- From a help-desk export, first-response time runs from the ticket's creation to its first reply, and resolution time from creation to the solve. A ticket with no reply gives no response case; an unsolved ticket gives no resolution case until it is solved.
- A case is dated when its clock stops (the reply, the solve, the day measured), so the figures of a window that has ended do not change later.
- A sample imported twice is stored once.

What pauses the clock
- A promise in business hours or business days is measured in business time: only the opening hours of the company's calendar count; nights, weekends and holidays pause the clock. Opening hours are local wall-clock times, so a daylight-saving change alters business time only when the business is open across it.
- A promise in minutes, hours or days is measured in calendar time: nothing pauses the clock.
- One business day is the calendar's mean opening hours per open day.
- Business time is counted a whole week at a time (its opening hours less its holidays); a week in which the zone's offset changes is counted day by day. A span of more than 50 years is refused as a data error.

Which window
- Weeks and months are the company's: each promise is graded per ISO week, Monday 00:00 to the next Monday 00:00 in the calendar's time zone, not in UTC. Months, quarters and years also begin at local midnight of their first day.
- A promise that states its own window (its window qualifier, or "each month", "per quarter", "every year", "monthly" in its own sentence) is graded each week on that period to date, ending with the week: monthly on the month to date, quarterly on the quarter to date, yearly on the year to date. For uptime, the error budget is the whole period's downtime allowance, so downtime early in the month counts against the month.
- Every period is graded whole: when a month, quarter or year has ended by the end of the graded week, the promise also gets a closing verdict on the whole period (the week holding 31 March gives April to date and all of March). A closing verdict is stored under the period's id (2026-03, 2026-Q1, 2026), and its trend compares with the period before.
- Measurements are kept in hourly rollups by UTC hour. Where the zone's offset is not a whole number of hours (Asia/Kolkata, Australia/Adelaide), one UTC hour straddles each local week or month boundary: it is split by each sample's time when it kept all its samples (at most 10), and otherwise counts whole in the window holding its first minute, which the verdict's reason says with the number of samples concerned.
- Without a week named, the week graded is the latest complete local week that has data (the data reaching to within a day of its end). A week that has not ended, or that runs past the end of the data, is graded only when asked explicitly (--allow-partial). A stored week in which nothing is graded on its own data (every verdict no_data, or graded only on the earlier days of a month to date) never displaces the latest week that has some, in the dashboard, the API or the digest.
- Each window is graded against the version of the promise in force at the window's end; a promise first seen after the window is graded against its first version.

Which measurements
- The metric follows the category: response_time uses first_response_time, or first_response_business_time when the promise is in business units; resolution_time uses resolution_time or resolution_business_time; uptime uses uptime; delivery_time uses dispatch_time for a promise to ship or dispatch and delivery_time for a promise of delivery or arrival, never one for the other (handling_time or processing_time for a promise to handle or process an order); a refund processing time (at most N days) uses refund_processing_time. The configuration may name another metric per category.
- A series counts when its dimensions agree with the promise's qualifiers wherever both state one: tier (plan), severity and priority (P1 = Sev 1 = Urgent = Critical, P2 = High, P3 = Normal or Medium, P4 = Low), channel, region and scope. A qualifier the data does not record cannot narrow it, nor can a region or scope that names none of the recorded values: all their cases count.
- Opening hours, service credits, money-back windows and promises without a figure have no metric behind them: they are reported as unmeasured (no_data), never hidden. So is a promise whose metric has no samples: the reason names the metric it needed.

Targets
- "Every", "all", "guaranteed", or no stated share: every case must meet the threshold (target 100%).
- "95% of tickets": at least 95% of cases must meet it, i.e. the 95th percentile must.
- "Typically" or "usually" (median): at least half the cases must meet it; "on average" (mean): the mean must, and as such a promise covers no share of cases its reported target is none.
- Uptime: the mean of the uptime samples (one a day) must reach the promised percentage; attainment is that mean.
- Attainment is the share of cases within the threshold. When every hour holds at most 10 cases (daily uptime, a small help desk), all cases are kept and counted exactly. Otherwise counts and percentiles come from hourly quantile sketches accurate to within 1% of the value, so a case within 1% of the threshold may fall on either side; the largest and smallest values are always exact.

Error budget and status
- The error budget is the share of cases (for uptime, of time) the target allows to miss: 100% minus the target. Budget left is 100% times (1 - spent / budget); the burn rate is spent / budget, where 1 means exactly on budget. A 100% target has no budget: a single miss breaks the promise. For a promise on the mean, the budget is the threshold itself: spent is mean / threshold and budget left is 100% times (1 - mean / threshold).
- kept: the target is met. at_risk: met, but more than the configured share of the budget is spent (for a promise on the mean as for any other), or the budget of a period still running is burning faster than 1, or one more week of the same decline would miss the target. breached: the target is missed (for uptime over a period still running: more than the whole period's budget is already spent). no_data: no metric backs the promise, no matching series has data, or there are fewer samples than the minimum.
- Minimum samples: the configured minimum per window; for uptime, one sample for each day of the window, up to that minimum.
- Trend: the change in attainment since the previous window's verdict. A previous verdict of no_data has no attainment to compare: the trend is empty and the decline rule does not apply.

${POLICY_GAP_RULES}

${CLAIM_EVIDENCE_RULES}

Surveys
- Survey answers (Zendesk satisfaction ratings, Freshdesk survey results, or a file of score, scale, at and comment) are stored once each, by their content. A score outside its scale is refused with the reason.
- Surveys follow support interactions, so they are matched only to promises about response time, resolution time and support hours, by the same qualifier rules as metrics: an answer counts when its plan, channel and priority agree with the promise's wherever both state one.
- CSAT is the share of answers satisfied: 4 or 5 on a 1–5 scale (top-2-box), 3 on a 1–3 scale, "good" on good/bad, a happy rating (101–103) on Freshdesk's. NPS is the share of 0–10 answers that are 9 or 10 less the share that are 0 to 6. Each is shown for the window with its count and its change since the previous window.
- A survey's comment is read by the complaint reader and linked to promises by the complaint rules: "took three days to get a reply" in a comment counts as a complaint alleging a breach.
- Perception gap from surveys: the metrics say the promise was kept (or at risk), yet the window's CSAT (or NPS, when a floor is set for it) is below the configured floor on at least the configured number of answers. The comments count through the complaint rule above.`;

/** The rules with the settings of one evaluation, as carried by each verdict. */
export const rulesText = (calendar: BusinessCalendar, rules: EvaluationRules): string =>
  `${ACCOUNTING_RULES}\n\nSettings: ${calendar.describe()}; at least ${rules.minSamples} samples per window; at risk when more than ${rules.atRiskBudgetSpent}% of the error budget is spent.`;
