// The example company's survey answers: a Zendesk satisfaction-ratings export, one rating offered after
// some solved tickets of examples/data/tickets.csv. Deterministic (one seeded stream), so running it
// again rewrites the same bytes; test/unit/examples checks the committed file is exactly its output.
//
//   npx tsx examples/generate-surveys.ts [--tickets FILE] [--out FILE]
//
// The story: live chat's first reply stays fast (the "typically within five minutes" promise is kept by
// the numbers), but from 2026-W45 the chat desk greets at once and then leaves customers waiting for
// an answer. Chat satisfaction falls from about 90% to under half; the comments say why.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** What customers wrote in the chat survey when the answer did not come (hand-written, invented). */
export const CHAT_COMPLAINTS: readonly string[] = [
  'The chat said hello in seconds and then nobody answered my question for 40 minutes.',
  'Got a greeting on chat right away, then waited 25 minutes for an actual reply.',
  'Live chat picked up instantly with a canned line and went silent for half an hour.',
  'I sat in the chat for 35 minutes after the welcome message before a person wrote back.',
  'Fast hello, slow help: 30 minutes on chat to learn how to reprint a receipt.',
  'The agent typed hi and disappeared, I closed the chat after 20 minutes.',
  'It took 45 minutes on live chat to get an answer about a declined card.',
  'Chat answered in a minute but the real reply came an hour later.',
  'Waited 15 minutes between every message on chat, it took all afternoon.',
  'Nobody replied in the chat for 50 minutes after the automatic greeting.',
];

/** Chat answers before the slowdown, and the odd unhappy one at any time. */
const CHAT_PRAISE: readonly string[] = [
  'Quick answer on chat, sorted in a few minutes.',
  'The chat agent fixed my terminal pairing straight away.',
  'Helpful and fast, thank you.',
];

const OTHER_COMPLAINTS: Readonly<Record<string, readonly string[]>> = {
  Pro: [
    'Took most of a day to hear back on my email.',
    'The answer was fine but I waited six hours for it.',
    'Had to chase the ticket twice before anyone replied.',
  ],
  Starter: ['Slow reply, but it solved the problem.', 'Answer was a copy of the help article.'],
  Enterprise: ['Engineer was good, the handover between shifts was not.'],
};

const OTHER_PRAISE: readonly string[] = [
  'Clear answer, thanks.',
  'Solved on the first reply.',
  'Friendly and knew the product.',
  '',
  '',
  '',
];

/** The export's header: Zendesk's satisfaction rating fields, with the ticket's plan, channel and priority. */
export const SURVEY_HEADER = 'Id,Ticket ID,Score,Comment,Created at,Group,Plan,Via,Priority';

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** When the example's export was taken (tickets.csv's export time): no rating after it. */
const EXPORT_AT = Date.parse('2026-11-23T12:00:00-05:00');
/** Monday 2026-11-02, the start of 2026-W45 in New York: when the chat desk's answers begin to stall. */
const W45 = Date.parse('2026-11-02T00:00:00-05:00');
const W46 = Date.parse('2026-11-09T00:00:00-05:00');
const W47 = Date.parse('2026-11-16T00:00:00-05:00');

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Share of chat ratings that are good, by when the ticket was solved. */
const chatGood = (solved: number): number =>
  solved >= W47 ? 0.35 : solved >= W46 ? 0.45 : solved >= W45 ? 0.62 : 0.9;

/** The line of the deliberately bad row (a score Zendesk never writes), so import errors show. */
export const BAD_SURVEY_LINE = 200;

export interface GeneratedSurveys {
  csv: string;
  rows: number;
  offered: number;
}

export const generateSurveys = (ticketsCsv: string): GeneratedSurveys => {
  const random = mulberry32(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const lines = ticketsCsv.trim().split(/\r?\n/);
  const out: string[] = [SURVEY_HEADER];
  let offered = 0;
  let id = 910000;
  for (const line of lines.slice(1)) {
    const [ticket, , , solvedAt, priority, via, plan] = line.split(',');
    if (!ticket || !solvedAt || !via || !plan || !priority) continue;
    const solved = Date.parse(solvedAt);
    if (Number.isNaN(solved)) continue;
    const chat = via === 'chat';
    // Chat asks in the window itself, so more customers answer; email and web ask by email.
    if (random() >= (chat ? 0.6 : 0.35)) continue;
    const at = solved + Math.round((0.2 + random() * 6) * 60) * 60_000;
    if (at > EXPORT_AT) continue;
    id += 1;
    const group = chat ? 'Chat' : via === 'phone' ? 'Phone' : 'Support';
    const created = new Date(at).toISOString().replace(':00.000Z', 'Z');
    // About one in eight customers is offered the survey and never answers it.
    if (random() < 0.12) {
      offered += 1;
      out.push([String(id), ticket, 'offered', '', created, group, plan, via, priority].join(','));
      continue;
    }
    const goodShare = chat ? chatGood(solved) : plan === 'Pro' && solved >= W46 ? 0.84 : 0.91;
    const good = random() < goodShare;
    let comment = '';
    if (chat) {
      comment = good ? (random() < 0.4 ? pick(CHAT_PRAISE) : '') : solved >= W45 ? pick(CHAT_COMPLAINTS) : '';
    } else if (!good && random() < 0.6) comment = pick(OTHER_COMPLAINTS[plan] ?? ['']);
    else if (good) comment = pick(OTHER_PRAISE);
    const score = out.length + 1 === BAD_SURVEY_LINE ? 'excellent' : good ? 'good' : 'bad';
    out.push([String(id), ticket, score, csvCell(comment), created, group, plan, via, priority].join(','));
  }
  return { csv: `${out.join('\n')}\n`, rows: out.length - 1, offered };
};

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
  };
  const tickets = flag('--tickets', join(here, 'data/tickets.csv'));
  const outFile = flag('--out', join(here, 'data/surveys-zendesk.csv'));
  const generated = generateSurveys(readFileSync(tickets, 'utf8'));
  writeFileSync(outFile, generated.csv);
  process.stdout.write(
    `${outFile}: ${generated.rows} ratings (${generated.offered} offered, not answered)\n`,
  );
}
