// What the example company's customers wrote, hand-written for the example (no real customer's text).
// generate-data.ts gives each message a time inside its week and writes examples/data/complaints.jsonl.
//
// One message a line: `week [@day from-to] | theme | tier | channel | text`, where week counts back
// from the last generated week (0 = the last week, 1 = the week before, ...), and `@2 12-16` pins a
// message about an event (an outage) to that weekday (0 = Monday) between those local hours.
// The theme is for the README's story and the data checks; it is not written to the data file.

export type Tier = 'Starter' | 'Pro' | 'Enterprise';

export const THEMES = [
  'pro-response',
  'starter-response',
  'enterprise-response',
  'shipping',
  'refund',
  'money-back',
  'uptime',
  'phone-24-7',
  'several',
  'other',
  'praise',
  'question',
] as const;
export type Theme = (typeof THEMES)[number];

const CHANNELS = ['email', 'chat', 'phone', 'survey', 'review', 'social'] as const;
const TIERS = ['Starter', 'Pro', 'Enterprise'] as const;

export interface ComplaintSeed {
  /** Weeks before the last generated week: 0 is the last week, 1 the week before, and so on. */
  week: number;
  theme: Theme;
  tier: Tier;
  channel: (typeof CHANNELS)[number];
  text: string;
  /** When the message is tied to an event such as an outage: day of the week (0 = Monday) and local hours. */
  when?: { day: number; fromHour: number; toHour: number };
}

const MESSAGES = `
# Pro first response: promised within 2 business hours, slipping to 4-6 hours in the last weeks.
0 | pro-response | Pro | email | We're on Pro specifically because of the 2 business hour response promise. Sent an email at 9:15 this morning about a terminal that won't print receipts and got the first reply at 3:40. That's not two hours by any clock I own.
0 | pro-response | Pro | survey | Opened a ticket Tuesday at 10am. First human reply came at 4:45pm. Six and a half hours on the Pro plan. What exactly am I paying the extra $30 a month for?
0 | pro-response | Pro | email | Third ticket this month where Pro support took longer than half a day to answer. The payouts report is still broken btw.
0 | pro-response | Pro | social | Honestly impressive how 'two business hours' turned into five hours. Great job everyone.
0 | pro-response | Pro | chat | waited 4 hours for someone to tell me to restart the terminal. i had already restarted it. twice.
0 | pro-response | Pro | email | My store manager emailed support at 11 and nobody answered until the next morning. We are a Pro account (account email ops@northgate-hardware.example). Please call me at (401) 555-0182.
0 | pro-response | Pro | survey | Pro customer since spring. Response times used to be quick, now it's 5+ hours every time. Are you short staffed?
0 | pro-response | Pro | email | Is anyone actually reading the Pro queue? Submitted a web form about duplicate charges at 9:30, still nothing at 2:30. Five hours.
0 | pro-response | Pro | review | Chat was closed so I emailed. Got a reply after lunch the next day. Not what the pricing page says.
0 | pro-response | Pro | email | Our refund report has been wrong for a week and it took 6 hours to get a first response, which was a canned help article. Pro plan.
0 | pro-response | Pro | email | Sent a ticket at 9am, and the first reply at 1:30 said 'we're experiencing high volumes'. That's four and a half hours for an apology.
0 | pro-response | Pro | social | Five hours. Five. For a Pro ticket about a terminal that will not take tap payments.
1 | pro-response | Pro | email | There's no phone line on Pro, so instead I wait in the email queue: 4.5 hours today.
1 | pro-response | Pro | email | Your pricing page says Pro gets a first response within 2 business hours. I waited from 10:05 to 3:20. I took a screenshot of the page in case it changes.
1 | pro-response | Pro | survey | Took three hours for anyone to reply and the answer didn't address my question about splitting tips.
1 | pro-response | Pro | email | It's been five hours since I reported that two of our terminals are offline. Pro plan. We are losing sales.
1 | pro-response | Pro | review | Slow. Slow. Slow. Four hours for a reply to a simple question about adding a location.
1 | pro-response | Pro | email | Emailed Monday morning about a payout that never arrived, heard back Monday evening. The payout itself is another story.
1 | pro-response | Pro | survey | Love the terminals, hate waiting most of a day to hear from support. We pay for Pro, we expect Pro.
2 | pro-response | Pro | survey | Support took about four hours to respond to my ticket, which is twice what you advertise for Pro.
2 | pro-response | Pro | email | Ticket 88412: no answer after 3 hours, and the chat says 'offline' in the middle of the afternoon.
2 | pro-response | Pro | email | Why did it take until 5pm to answer an email I sent at 11am?
2 | pro-response | Pro | survey | Waited almost three hours for a reply. Not terrible, but not what we signed up for.
3 | pro-response | Pro | survey | Had to wait about 3 hours for a first reply on a Pro ticket. The agent was nice, though.
3 | pro-response | Pro | email | Asked a simple billing question, got an answer 3 hours later.
4 | pro-response | Pro | survey | The response took a bit over two hours. Minor, but you made a specific promise.
4 | pro-response | Pro | email | Slow first reply today, 2.5 hours. Hope this is not a trend.
5 | pro-response | Pro | email | Emailed support at 4:30pm, the answer came the next day at 10. I get that it's after hours but still.
5 | pro-response | Pro | survey | It took 3 hours to get a response about my terminal update failing.
6 | pro-response | Pro | email | Nobody answered my email for most of the afternoon. Pro plan, reporting error.
6 | pro-response | Pro | survey | Two and a half hours for a first response and then it was 'can you send a screenshot'.
7 | pro-response | Pro | survey | Waited three hours. The terminal fixed itself in the meantime.
7 | pro-response | Pro | email | The reply took longer than the promised 2 hours again.
8 | pro-response | Pro | survey | First response after 4 hours on a Friday. Not great.
8 | pro-response | Pro | email | Support's been slower lately: about three hours to get an answer this week.
2 | pro-response | Pro | chat | Had to wait 25 minutes in the chat queue before anyone said hello.
# Shipping: same-day dispatch slipping in the last two weeks.
0 | shipping | Starter | email | Ordered two T2 terminals Monday at 10am. Your site says orders before 2 pm ship the same day. Got the shipping email Thursday.
0 | shipping | Pro | email | Order TF-50231 placed on Tuesday morning still says 'processing' on Friday. We open our second location Saturday.
0 | shipping | Starter | review | What happened to same-day shipping? Placed my order at 11:15 on Monday, it shipped three days later.
0 | shipping | Pro | email | My replacement Go handheld took four business days just to leave your warehouse.
0 | shipping | Starter | survey | Been waiting a week for my terminals to arrive. The tracking number only showed up yesterday.
0 | shipping | Starter | social | Love how 'ships the same business day' means 'ships when we feel like it'.
0 | shipping | Pro | email | Ordered before noon Wednesday, shipped the following Monday. Had to borrow a terminal from the shop next door for the weekend.
0 | shipping | Enterprise | email | Shipping delay on our order of 6 terminals (order TF-50388). Nobody told us there was a backorder. Contact me at lena.ortiz@bakehouse.example.
0 | shipping | Starter | chat | Two days and my order still hasn't shipped. Same day shipping my foot.
0 | shipping | Starter | email | The order confirmation said it would ship today. That was 3 days ago.
1 | shipping | Starter | email | Ordered a T2 before 2pm on Thursday, it didn't ship until Monday.
1 | shipping | Pro | review | Package took 8 days to arrive in Ohio. Tracking shows it sat in your warehouse for two of them.
1 | shipping | Starter | email | Still waiting on my order from last Wednesday. No tracking, no email.
1 | shipping | Pro | survey | It took 2 business days to ship a single terminal. Not a big deal, but the site says same day.
1 | shipping | Starter | email | Our order of paper rolls and a handheld shipped a day late and arrived after our event.
1 | shipping | Pro | email | Shipping to Canada took 12 business days. Customs, I get it, but nobody warned us.
2 | shipping | Starter | survey | My order shipped a day later than promised. Minor, but worth mentioning.
2 | shipping | Starter | review | Delivery took 5 days instead of the 2-3 on your site.
4 | shipping | Pro | email | The carrier lost my terminal and it took you 10 days to send a new one.
5 | shipping | Starter | survey | Delivery was two days late and arrived the day after our grand opening.
6 | shipping | Starter | review | Ordered Friday afternoon, it arrived the next Thursday. Slower than I expected.
7 | shipping | Starter | email | Took a week to get my terminals to Vermont.
3 | shipping | Enterprise | email | We were told a replacement terminal would go out the next day. It took a week.
# Refunds: processed within 5 business days by the numbers, yet customers wait two weeks or more for
# the money to appear (card networks and issuing banks add days the metric does not see).
0 | refund | Starter | email | Returned my terminal on the 2nd. It's now two weeks and still no refund on my card.
0 | refund | Starter | email | Your return policy says refunds are processed within 5 business days. It has been 15 days. Where is my $299?
0 | refund | Starter | review | Three weeks since the carrier delivered my return to you and I still don't see the refund. Card ending 4417.
0 | refund | Pro | email | Support says the refund was 'issued' on the 9th. My bank says nothing has come in. 13 days and counting.
0 | refund | Starter | survey | Still waiting for my refund after 12 days. This is the last time I buy hardware from a startup.
0 | refund | Starter | phone | Two weeks, four emails and no refund. Can someone call me? 401-555-0163.
1 | refund | Starter | email | You received my return 10 days ago and I'm still out $398.
1 | refund | Pro | email | The refund was supposedly processed last week but my statement shows nothing after 9 days.
1 | refund | Starter | review | Waited 2 weeks for a refund that your site says takes 5 days.
1 | refund | Starter | email | Returned both handhelds within the 30 days, and it's been eleven days with no money back.
2 | refund | Starter | email | Refund still pending after two weeks. Customer service keeps telling me to 'allow time for my bank'.
2 | refund | Pro | email | It's been 10 business days. I'd like my refund please.
2 | refund | Starter | email | Sent the terminal back on the 20th, today is the 3rd, no refund.
2 | refund | Starter | social | Where is my refund??? 16 days.
3 | refund | Starter | review | Returned my T2 and waited almost three weeks to see the refund.
3 | refund | Starter | email | The refund took 14 days to show up. Your email said 5.
3 | refund | Pro | email | It's been a week and a half since you got my return. Nothing.
4 | refund | Starter | survey | My refund took forever. Like, 2.5 weeks.
4 | refund | Starter | email | Still no refund 12 days after the return was delivered. Tracking number 1Z999AA10123456784.
4 | refund | Starter | review | Why does a refund take 3 weeks? The charge went through in seconds.
5 | refund | Starter | survey | The refund eventually came, after 18 days. Please fix whatever is slow.
5 | refund | Starter | email | Refund of $199 for the Go: ten days so far.
5 | refund | Pro | email | After sending the terminal back I was told the refund was done in 3 days. My card shows nothing after two weeks.
6 | refund | Starter | email | Been waiting 15 days for my money back.
6 | refund | Starter | email | Returned it, got an email saying 'refund processed', and my bank still hasn't seen it 9 days later.
6 | refund | Starter | email | Two weeks since the return. No refund. No reply to my emails either.
7 | refund | Starter | review | I returned a faulty terminal and it took nearly a month to get refunded.
7 | refund | Pro | survey | The refund took 11 days. Not the end of the world, but the policy says 5.
7 | refund | Starter | email | No refund yet, 13 days in. Please check on order TF-47710.
8 | refund | Starter | email | It has been 3 weeks. I want my refund or I'm disputing the charge with my bank.
8 | refund | Starter | survey | The refund arrived after 16 days. The support agent kept saying it was 'on its way'.
8 | refund | Starter | email | Ten days after you received my return I'm still waiting.
3 | refund | Pro | email | Still waiting on a refund after 2 weeks, and the dashboard doesn't show any refund status.
1 | refund | Starter | email | Refund processed? My bank says no. 12 days.
# The money-back window and 24/7 phone support: promises with no metric behind them.
1 | money-back | Starter | email | I asked to return my terminal on day 22 and was told the 30-day window had passed because it counts from the order date, not delivery. Your page says delivery.
4 | money-back | Starter | review | Tried to use the 30-day money-back guarantee and support offered me a discount instead of a refund. Three times.
6 | money-back | Starter | email | Returned within 30 days, got charged a $25 restocking fee. Nothing about that on your returns page.
6 | phone-24-7 | Enterprise | phone | Enterprise plan, 24/7 phone support. Called at 11pm Saturday with all 4 locations down and nobody answered for 40 minutes.
2 | phone-24-7 | Enterprise | email | Called the Enterprise support line at 6am and got a voicemail. 'Around the clock' apparently means business hours.
0 | phone-24-7 | Enterprise | phone | Your 24/7 line rang out twice on Sunday night. We run a late-night diner, that is exactly when we need you.
# Uptime: a 47-minute API outage in October, a 9-minute dashboard blip in the last week.
5 @2 12-16 | uptime | Pro | email | Your API was down at lunch today and none of our online orders went through for almost an hour.
5 @2 12-16 | uptime | Starter | email | The dashboard wouldn't load for 45 minutes this afternoon. We couldn't issue refunds to customers at the counter.
5 @2 12-16 | uptime | Enterprise | phone | Is the API down? Our integration has been failing since 12:10.
5 @2 12-16 | uptime | Enterprise | email | Today's outage cost us the whole lunch rush. 47 minutes of 'service unavailable'. I want the service credit your SLA mentions.
5 @2 12-16 | uptime | Pro | chat | Terminals kept showing 'cannot reach server' for about 40 minutes. The status page said 'investigating' the whole time.
5 @2 13-17 | uptime | Starter | social | Down again. This is the second time this year.
0 @1 9-11 | uptime | Pro | email | The dashboard was down this morning for around 10 minutes while I was trying to close out yesterday's sales.
2 @2 13-17 | uptime | Starter | social | The API hiccuped this afternoon. Short, but two payments failed at the counter.
3 | uptime | Pro | email | The reports page has been timing out for two days.
7 | uptime | Enterprise | email | The payments API returned errors for 20 minutes last night.
# Starter and Enterprise response: kept by the numbers, a few unhappy voices.
3 | starter-response | Starter | email | Starter plan. Emailed support four days ago and haven't heard back.
7 | starter-response | Starter | review | I know Starter is the cheap plan, but 3 days for an answer is too long.
1 | starter-response | Starter | email | Waited two days for a reply about a declined card. Starter plan.
5 | starter-response | Starter | email | Not a single response to my last three emails. Starter plan, but still.
4 | enterprise-response | Enterprise | email | Our account manager hasn't replied in a week.
2 | enterprise-response | Enterprise | email | Our P1 ticket was answered in 20 minutes, but then nothing for 3 hours while we were down.
1 | enterprise-response | Pro | email | Support told me my issue was 'escalated' nine days ago. No update since.
4 | enterprise-response | Pro | email | The fix for our reporting bug was promised 'this week' three weeks ago.
# Several problems in one message.
0 | several | Pro | email | Where to start. The terminal arrived 4 days late, the card reader stopped reading chips on day two, and support took 6 hours to reply to my email about both. Pro plan, by the way.
1 | several | Pro | email | Returned the extra handheld two weeks ago, no refund yet, and my support ticket about it hasn't been answered in 5 hours.
0 | several | Pro | survey | The order shipped late, and when I asked why it took support most of the day to answer.
2 | several | Starter | email | The refund is late, the agent was rude, and now you've charged me again for next month.
0 | several | Pro | chat | Terminal won't connect, chat is offline at 2pm on a Tuesday, and my email from this morning is still unanswered after 4 hours.
3 | several | Starter | review | Shipping took 9 days, the box was missing the charging cradle, and nobody replies to email.
5 | several | Enterprise | email | Our P1 ticket got a reply in ten minutes, great, but the fix took two days and we lost a weekend of card sales.
1 | several | Enterprise | phone | Waited on hold for 45 minutes, got disconnected, called back and waited another 20.
# Everything else: billing, hardware, agents, payouts.
4 | other | Pro | email | You charged me the monthly fee twice in October. Please refund the duplicate, invoice INV-20931.
3 | other | Pro | chat | The agent on chat was rude and closed the conversation while I was still typing.
5 | other | Starter | review | The Go handheld's battery doesn't hold a charge anymore after 4 months.
6 | other | Starter | email | The receipt printer on the T2 jams every other roll.
2 | other | Pro | email | The payout was two days late and your dashboard shows it as 'paid'.
1 | other | Pro | survey | The tipping screen shows the wrong percentages after the last update.
8 | other | Starter | email | Your processing fees went up without any notice.
0 | other | Starter | email | I was told my account would be upgraded to Pro and it's still Starter, and I'm being billed for Pro.
5 | other | Pro | survey | The Go handheld drops Wi-Fi every hour or so.
7 | other | Starter | review | Got an email saying my terminal is 'end of life' after one year. Seriously?
1 | other | Starter | email | The agent kept sending me help center links instead of reading what I wrote.
3 | other | Pro | email | The CSV export in the dashboard has been broken for weeks.
8 | other | Pro | email | A chargeback fee of $15 was never explained to us.
4 | other | Enterprise | email | Your sales rep promised free terminals for our 12 locations and now billing says otherwise. Reach me at m.chen@fourcornersmarket.example.
0 | other | Pro | social | The terminal rebooted in the middle of a $640 sale. The customer walked out.
6 | other | Enterprise | email | Nobody told us about the firmware update, so every terminal went offline at 7am during opening.
2 | other | Pro | phone | The support agent promised a callback that never came.
1 | other | Pro | email | Tap payments fail on about one in five cards since the update.
5 | other | Starter | email | I canceled my account two months ago and you're still billing me.
7 | other | Starter | email | Your help center article about multi-location setup is out of date and the steps don't match the dashboard.
3 | other | Pro | email | Gift card balances disappeared from the dashboard.
0 | other | Starter | email | I was charged $9 shipping on an order of 3 terminals even though your site says shipping is free for two or more.
2 | other | Starter | review | The new dashboard is confusing and slow to load on my phone.
6 | other | Enterprise | phone | Got transferred four times on the phone and had to explain everything again each time.
8 | other | Enterprise | email | Our account manager left and nobody told us who replaced her.
0 | other | Pro | email | Payouts used to arrive the next day, now it's taking 3 days.
4 | other | Starter | review | The terminal screen cracked after a short drop from the counter. Not covered under warranty, apparently.
3 | other | Starter | email | I'm still being charged for a terminal I returned in August.
0 | other | Starter | chat | Why does the dashboard log me out every ten minutes? It is driving my staff crazy.
# Not complaints: praise and how-to questions.
3 | praise | Pro | chat | Huge thanks to Priya on chat, she sorted out our tip settings in five minutes.
6 | praise | Starter | review | The Go handheld has been great at our farmers market stall. The battery lasts all day.
5 @3 9-12 | praise | Enterprise | email | Just want to say your P1 team was fantastic during the outage. Answered in minutes and kept us posted.
8 | praise | Starter | review | Setup took ten minutes. Easiest terminal I have ever installed.
4 | praise | Starter | survey | Refund came through quickly, thanks!
7 | praise | Pro | survey | Support has been really responsive lately, thank you.
2 | question | Starter | email | How do I add a second location to my account?
0 | question | Starter | chat | Can I use the T2 with a cash drawer? Which cable do I need?
4 | question | Pro | email | Is there a way to export payouts to my accounting software?
1 | question | Pro | chat | What's the difference between the Pro and Enterprise uptime commitments?
6 | question | Starter | email | Do your terminals work in Puerto Rico?
3 | question | Pro | email | How long does it usually take for a refund to show up on a customer's card after I issue it from the dashboard?
`;

const oneOf = <T extends string>(allowed: readonly T[], value: string | undefined, line: number): T => {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`complaint-texts.ts message line ${line}: "${value}" is not one of ${allowed.join(', ')}`);
};

/** Reads the table above; a malformed line is a programming error, reported with its line. */
export const parseSeeds = (table: string): ComplaintSeed[] =>
  table
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, number }) => {
      const [head = '', theme, tier, channel, ...rest] = line.split(' | ');
      const m = /^(\d+)(?: @(\d) (\d+)-(\d+))?$/.exec(head.trim());
      const text = rest.join(' | ').trim();
      if (!m || !text)
        throw new Error(
          `complaint-texts.ts message line ${number}: expected "week | theme | tier | channel | text"`,
        );
      const seed: ComplaintSeed = {
        week: Number(m[1]),
        theme: oneOf(THEMES, theme, number),
        tier: oneOf(TIERS, tier, number),
        channel: oneOf(CHANNELS, channel, number),
        text,
      };
      if (m[2] !== undefined) seed.when = { day: Number(m[2]), fromHour: Number(m[3]), toHour: Number(m[4]) };
      return seed;
    });

export const COMPLAINT_SEEDS: ComplaintSeed[] = parseSeeds(MESSAGES);

/** Themes of messages that are not complaints. */
export const NOT_COMPLAINTS: readonly Theme[] = ['praise', 'question'];
