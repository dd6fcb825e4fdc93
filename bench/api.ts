// API benchmark: 200 promises with 8 weeks of verdicts on the embedded store, the app served on
// loopback in its own process, and autocannon at 50 connections against GET /health (the baseline:
// the same server doing no work) and GET /v1/compliance (a window with its evidence), asked for both
// by a client that accepts gzip and by one that does not, in one run.
//
// What it covers: every /v1 request carries a read key and is checked (the check is remembered for
// the app's default 5 s, as in production, so most requests neither hash the key nor read the
// table); the window's verdicts are shaped like the example company's (~1.6 KB each with linked
// complaints, themes and worst cases, ~340 KB for 200 promises before gzip); no request sends
// If-None-Match, so every answer is a full body. What it does not isolate: autocannon runs on the
// same machine, so its own cost of reading each body is in the figures, and a busy machine slows
// both routes (the load average is printed, and is on the --json line as `load1`).
//
// The routes are measured in alternating rounds, so a change in background load hits them alike;
// each figure is the median over the rounds. Targets: with gzip, p99 <= 10 ms and at least 0.7x the
// requests per second of /health; without gzip, p99 <= 50 ms.
//
//   npm run bench:api [-- --promises 200 --duration 5 --rounds 3 --connections 50 --json]

import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { createApp, startServer } from '../packages/api/index.ts';
import { ACCOUNTING_RULES } from '../packages/compliance/index.ts';
import type { Category, ServicePromise, Verdict, VerdictStatus } from '../packages/core/index.ts';
import { CATEGORIES, silentLogger, weekWindow } from '../packages/core/index.ts';
import { createApiKey } from '../packages/keys/index.ts';
import { openEmbeddedStore } from '../packages/store/index.ts';

interface Args {
  promises: number;
  weeks: number;
  durationS: number;
  rounds: number;
  connections: number;
  json: boolean;
  child: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = {
    promises: 200,
    weeks: 8,
    durationS: 5,
    rounds: 3,
    connections: 50,
    json: false,
    child: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`bench:api: ${a} needs a positive whole number`);
      return v;
    };
    if (a === '--promises') args.promises = next();
    else if (a === '--weeks') args.weeks = next();
    else if (a === '--duration') args.durationS = next();
    else if (a === '--rounds') args.rounds = next();
    else if (a === '--connections') args.connections = next();
    else if (a === '--json') args.json = true;
    else if (a === '--child') args.child = true;
    else throw new Error(`bench:api: unknown argument ${a}`);
  }
  return args;
};

/** The part of autocannon's result this benchmark reads (the package ships no types). */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  throughput: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------- the data

/** Monday 2026-11-30 (in ISO week 2026-W49): the latest complete week is 2026-W48. */
const NOW = new Date('2026-12-02T12:00:00.000Z');
const WEEKS = [
  '2026-W41',
  '2026-W42',
  '2026-W43',
  '2026-W44',
  '2026-W45',
  '2026-W46',
  '2026-W47',
  '2026-W48',
];

const UNITS_BY_CATEGORY: Record<Category, ServicePromise['unit']> = {
  response_time: 'hours',
  resolution_time: 'business_days',
  uptime: 'percent',
  availability_hours: 'hours_per_week',
  delivery_time: 'business_days',
  refund_guarantee: 'days',
  credit_compensation: 'percent',
  other: null,
};

const makePromise = (i: number): ServicePromise => {
  const category = CATEGORIES[i % CATEGORIES.length] as Category;
  const tier = ['Basic', 'Pro', 'Enterprise'][i % 3] as string;
  return {
    id: `p_bench_${String(i).padStart(4, '0')}`,
    quote: `${tier} plan: we commit to a ${category.replaceAll('_', ' ')} of ${1 + (i % 9)} for every request in scope ${i}.`,
    category,
    metric: `${category}_metric`,
    operator: category === 'uptime' ? '>=' : '<=',
    threshold: 1 + (i % 9),
    unit: UNITS_BY_CATEGORY[category],
    qualifiers: { tier, target: 95 },
    confidence: 0.9,
    sourceUrl: `https://example.test/plans/${i % 12}`,
    sourceKind: 'support-plan',
    meaningHash: `bench-${i}`,
    firstSeen: '2026-09-01T00:00:00.000Z',
    lastSeen: '2026-11-30T05:00:00.000Z',
  };
};

// Evidence as a real window carries it (the example company's verdicts are ~1.5 KB each): complaint
// quotes that differ from promise to promise (identical text would flatter gzip), up to a dozen
// linked complaints with their weights, and the themes of those complaints.
const WORDS = [
  'waited',
  'ticket',
  'reply',
  'refund',
  'order',
  'terminal',
  'shipped',
  'late',
  'support',
  'weekend',
  'invoice',
  'chat',
  'outage',
  'dashboard',
  'payout',
  'replacement',
  'label',
  'phone',
  'email',
  'again',
];
const sentence = (seed: number, length: number): string =>
  Array.from({ length }, (_, k) => WORDS[(seed * 7 + k * 13 + ((seed >> 3) % 5)) % WORDS.length]).join(' ');

const complaintsFor = (i: number, w: number, at: string): NonNullable<Verdict['complaints']> => {
  const linked = Array.from({ length: 1 + (i % 5) }, (_, k) => ({
    id: `cmp_${(i * 131 + k * 17 + w * 7919).toString(36)}`,
    weight: Math.round((1 - k * 0.07) * 100) / 100,
    alleging: k % 3 === 0,
  }));
  const alleging = linked.filter((l) => l.alleging);
  return {
    matched: linked.length,
    allegingBreach: alleging.length,
    quotes: alleging.slice(0, 1 + (i % 2)).map((l, k) => ({
      id: l.id,
      at: new Date(new Date(at).getTime() + (k * 29 + i) * 3_600_000).toISOString(),
      quote: `I ${sentence(i * 3 + k + w, 9 + ((i + k) % 8))}.`,
    })),
    perceptionGap: false,
    linked,
    weighted: {
      matched: Math.round(linked.reduce((n, l) => n + l.weight, 0) * 100) / 100,
      allegingBreach: Math.round(alleging.reduce((n, l) => n + l.weight, 0) * 100) / 100,
    },
    themes: [0, 1, 2].map((k) => ({
      phrase: WORDS[(i + k * 5) % WORDS.length] ?? 'order',
      complaints: 3 - k,
    })),
  };
};

const makeVerdict = (p: ServicePromise, windowId: string, i: number, w: number): Verdict => {
  const window = weekWindow(windowId);
  const attainment = 88 + ((i * 7 + w * 3) % 13);
  const status: VerdictStatus =
    i % 10 === 9 ? 'no_data' : attainment < 95 ? 'breached' : attainment < 97 ? 'at_risk' : 'kept';
  return {
    promiseId: p.id,
    window,
    status,
    reason: `${attainment}% of cases met the promise against a target of 95%`,
    promise: {
      quote: p.quote,
      sourceUrl: p.sourceUrl,
      seenAt: p.lastSeen,
      category: p.category,
      operator: p.operator,
      threshold: p.threshold,
      unit: p.unit,
      qualifiers: p.qualifiers,
      version: 1,
    },
    delivery:
      status === 'no_data'
        ? null
        : {
            series: [`${p.metric}{tier=${p.qualifiers.tier?.toLowerCase()}}`].concat(
              i % 4 === 0 ? [`${p.metric}{tier=${p.qualifiers.tier?.toLowerCase()},channel=phone}`] : [],
            ),
            samples: 400 + i,
            attainment,
            target: 95,
            p50: 0.5,
            p90: 2.5,
            p95: 3.5,
            max: 12,
            unit: p.unit,
            breaches: 100 - attainment,
            errorBudgetLeft: (attainment - 95) * 20,
            burnRate: 1.2,
            worst: Array.from({ length: 3 }, (_, k) => ({
              value: 12 - k - (i % 7) / 10,
              at: new Date(new Date(window.start).getTime() + (k * 31 + i) * 3_600_000).toISOString(),
              ref: `data/tickets.csv:${1000 + i * 40 + k * 7 + w * 9000}`,
            })),
          },
    complaints: complaintsFor(i, w, window.start),
    trend: { previousAttainment: attainment - 1, delta: 1 },
    windowSamples: status === 'no_data' ? 0 : 400 + i,
    // The real rules text, as every stored verdict carries it (the response states it once).
    rules: `${ACCOUNTING_RULES}\n\nSettings: business hours Mon–Fri 09:00–18:00; at least 20 samples per window.`,
    evaluatedAt: new Date(new Date(window.end).getTime() + 7 * 3_600_000).toISOString(),
  };
};

// ---------------------------------------------------------------- the server (child process)

const serve = async (args: Args): Promise<void> => {
  const embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  const { store } = embedded;
  const promises = Array.from({ length: args.promises }, (_, i) => makePromise(i));
  await store.putPromises(promises);
  for (const [w, windowId] of WEEKS.slice(-args.weeks).entries()) {
    await store.putVerdicts(promises.map((p, i) => makeVerdict(p, windowId, i, w)));
  }
  const { key } = await createApiKey(store, { scope: 'read', now: () => NOW });
  const app = createApp({ store, now: () => NOW, logger: silentLogger });
  const server = await startServer(app, 0);
  process.send?.({ url: server.url, key });
  process.on('disconnect', async () => {
    await server.close();
    await embedded.close();
    process.exit(0);
  });
};

// ---------------------------------------------------------------- the load

interface Run {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  errors: number;
}

const load = async (
  name: string,
  url: string,
  headers: Record<string, string>,
  args: Args,
  durationS: number,
) => {
  const r = await autocannon({ url, connections: args.connections, duration: durationS, headers });
  const non2xx = r.non2xx + r.errors + r.timeouts;
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    errors: non2xx,
  } satisfies Run;
};

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const medianRun = (runs: Run[]): Run => ({
  name: runs[0]?.name ?? '',
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  bytesPerResponse: median(runs.map((r) => r.bytesPerResponse)),
  errors: runs.reduce((n, r) => n + r.errors, 0),
});

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return serve(args);

  const child = fork(
    fileURLToPath(import.meta.url),
    ['--child', '--promises', String(args.promises), '--weeks', String(args.weeks)],
    {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const ready = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; key: string }));
    child.once('exit', (code) => reject(new Error(`bench:api: the server exited early (code ${code})`)));
  });
  // Like any HTTP client (browsers, curl --compressed, fetch), ask for gzip; a bare client does not.
  const encoding: Record<string, string> = { 'accept-encoding': 'gzip' };
  const auth = { authorization: `Bearer ${ready.key}`, ...encoding };
  const bare = { authorization: `Bearer ${ready.key}` };
  const plain = encoding;
  try {
    const check = await fetch(`${ready.url}/v1/compliance`, {
      headers: { authorization: auth.authorization },
    });
    const body = (await check.json()) as { summary?: { total: number } };
    if (check.status !== 200 || body.summary?.total !== args.promises) {
      throw new Error(
        `bench:api: GET /v1/compliance answered ${check.status} with ${body.summary?.total} verdicts`,
      );
    }
    // Warm both paths (JIT, caches) before measuring.
    await load('warm-up', `${ready.url}/v1/compliance`, auth, args, 2);
    await load('warm-up', `${ready.url}/health`, plain, args, 2);
    await load('warm-up', `${ready.url}/v1/compliance`, bare, args, 1);
    const healthRuns: Run[] = [];
    const complianceRuns: Run[] = [];
    const bareRuns: Run[] = [];
    for (let round = 0; round < args.rounds; round++) {
      healthRuns.push(await load('GET /health', `${ready.url}/health`, plain, args, args.durationS));
      complianceRuns.push(
        await load('GET /v1/compliance (gzip)', `${ready.url}/v1/compliance`, auth, args, args.durationS),
      );
      bareRuns.push(
        await load('GET /v1/compliance (no gzip)', `${ready.url}/v1/compliance`, bare, args, args.durationS),
      );
    }
    const health = medianRun(healthRuns);
    const compliance = medianRun(complianceRuns);
    const noGzip = medianRun(bareRuns);
    const errors = health.errors + compliance.errors + noGzip.errors;
    if (errors) throw new Error(`bench:api: ${errors} responses were errors or timeouts`);
    const ratio = compliance.rps / health.rps;
    const table = new Table({
      head: ['route', 'req/s', 'p50 ms', 'p99 ms', 'bytes/response'],
      style: { head: [], border: [] },
    });
    for (const r of [health, compliance, noGzip]) {
      table.push([r.name, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), String(r.bytesPerResponse)]);
    }
    process.stdout.write(
      `${args.promises} promises × ${args.weeks} weeks of verdicts, ${args.connections} connections, ` +
        `${args.rounds} rounds of ${args.durationS} s per route (medians); load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
    process.stdout.write(`${table.toString()}\n`);
    process.stdout.write(
      `ratio (compliance with gzip / health req/s): ${ratio.toFixed(2)} (target >= 0.7); ` +
        `p99 with gzip ${compliance.p99} ms (target <= 10), without gzip ${noGzip.p99} ms (target <= 50)\n`,
    );
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({
          promises: args.promises,
          p50Ms: compliance.p50,
          p99Ms: compliance.p99,
          p99NoGzipMs: noGzip.p99,
          bytesGzip: compliance.bytesPerResponse,
          bytesNoGzip: noGzip.bytesPerResponse,
          rps: Math.round(compliance.rps),
          healthRps: Math.round(health.rps),
          ratio: Math.round(ratio * 1000) / 1000,
          load1: Math.round((loadavg()[0] ?? 0) * 10) / 10,
        })}\n`,
      );
    }
  } finally {
    child.disconnect();
  }
};

await main();
