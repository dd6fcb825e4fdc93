// Complaint analysis throughput: made-up complaints of realistic length, analysed in process. The baseline,
// measured in the same run, is natural's AFINN sentiment alone on the same texts (the least any analysis
// does), so the table shows what the rule tables cost on top of it, and what the learned reader (the rules'
// reading, then the model's decisions over words and rule verdicts) costs on top of the rules.
//
//   npm run bench:complaints [-- --count 5000 --json]

import Table from 'cli-table3';
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { analyzeComplaint, analyzeComplaintByRules } from '../packages/complaints/index.ts';

interface Args {
  count: number;
  json: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = { count: 5000, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--count') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0)
        throw new Error('bench:complaints: --count needs a positive whole number');
      args.count = v;
    } else if (a === '--json') args.json = true;
    else throw new Error(`bench:complaints: unknown argument ${a}`);
  }
  return args;
};

// Fragments written for this benchmark; combined deterministically into complaints of 1-5 sentences.
const OPENINGS = [
  'I opened a ticket about my invoice',
  'We emailed the help desk twice',
  'My parcel was due on Tuesday',
  'Our dashboard stopped loading this morning',
  'I asked for my money back after the trial',
  'The engineer was booked for Friday',
  'I called the hotline about the outage',
  'Thanks for sorting out the login issue so quickly',
];
const MIDDLES = [
  'and it has been {n} days without a reply.',
  'but I spent {n} minutes on hold before the line went dead.',
  'and two weeks later there is still no refund.',
  'yet not once did anyone get back to me.',
  'and the tracking page has said "processing" for {n} days.',
  'but the site was down for {n} hours again.',
  'and the support line is only open 9 to 5 on weekdays.',
  'which was really helpful, great work.',
];
const ENDINGS = [
  'This is unacceptable.',
  'Oh great, another week without internet.',
  'Please refund me or tell me when it will ship.',
  'I was promised a service credit and never got it.',
  'Could you share an update?',
  'Reach me at someone@example.com or 555 123 4567.',
  '',
];

const makeComplaints = (count: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(2 + ((i * 7) % 40));
    const parts = [
      OPENINGS[i % OPENINGS.length],
      (MIDDLES[(i * 3) % MIDDLES.length] ?? '').replace('{n}', n),
      ENDINGS[(i * 5) % ENDINGS.length],
    ];
    if (i % 4 === 0)
      parts.push(OPENINGS[(i + 3) % OPENINGS.length], MIDDLES[(i + 1) % MIDDLES.length]?.replace('{n}', n));
    out.push(parts.filter(Boolean).join(' '));
  }
  return out;
};

const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

const main = (): void => {
  const args = parseArgs(process.argv.slice(2));
  const texts = makeComplaints(args.count);

  let analyzer: SentimentAnalyzer | undefined;
  const baselineSetupMs = time(() => {
    analyzer = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
  });
  const setupMs = time(() => analyzeComplaint('warm-up: the site was down for 2 hours.'));
  const sentimentOnly = analyzer;
  if (!sentimentOnly) throw new Error('bench:complaints: the AFINN analyser did not load');
  // Warm the JIT on both paths before measuring.
  for (const t of texts.slice(0, 200)) {
    sentimentOnly.getSentiment(t.toLowerCase().split(/[^a-z0-9']+/));
    analyzeComplaint(t);
    analyzeComplaintByRules(t);
  }
  const baselineMs = time(() => {
    for (const t of texts) sentimentOnly.getSentiment(t.toLowerCase().split(/[^a-z0-9']+/));
  });
  const rulesMs = time(() => {
    for (const t of texts) analyzeComplaintByRules(t);
  });
  let complaints = 0;
  const analysisMs = time(() => {
    for (const t of texts) if (analyzeComplaint(t).isComplaint) complaints++;
  });
  const perSecond = (ms: number): number => Math.round((texts.length / ms) * 1000);

  const table = new Table({ head: ['path', 'texts', 'total ms', 'per text ms', 'texts per second'] });
  table.push(
    [
      'baseline: AFINN sentiment only',
      texts.length,
      baselineMs.toFixed(0),
      (baselineMs / texts.length).toFixed(3),
      perSecond(baselineMs),
    ],
    [
      'rules only (analyzeComplaintByRules)',
      texts.length,
      rulesMs.toFixed(0),
      (rulesMs / texts.length).toFixed(3),
      perSecond(rulesMs),
    ],
    [
      'analyzeComplaint (learned reader)',
      texts.length,
      analysisMs.toFixed(0),
      (analysisMs / texts.length).toFixed(3),
      perSecond(analysisMs),
    ],
  );
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write(
    `one-time setup: AFINN lexicon ${baselineSetupMs.toFixed(0)} ms; analyser's first call ${setupMs.toFixed(0)} ms; ` +
      `${complaints} of ${texts.length} texts read as complaints\n`,
  );
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({
        complaints: texts.length,
        complaintsPerSecond: perSecond(analysisMs),
        baselinePerSecond: perSecond(baselineMs),
        rulesOnlyPerSecond: perSecond(rulesMs),
        setupMs: Math.round(setupMs),
      })}\n`,
    );
  }
};

main();
