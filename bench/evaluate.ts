// Evaluation cost: synthetic first-response samples across 40 series go through the real ingest
// path (store.ingestSamples on the embedded store, which writes hourly rollups), then 50 promises
// are evaluated for one week. A counting wrapper records every item the store returns. The baseline,
// measured in the same run, is a naive evaluation over the raw samples: it reads every sample of
// the matched series and computes exact percentiles; the sketch's percentiles are checked against it.
//
//   npm run bench:evaluate [-- --samples 1000000 --json]

import Table from 'cli-table3';
import { createBusinessCalendar } from '../packages/calendar/index.ts';
import { DEFAULT_EVALUATION_RULES, evaluateWindow, matchSeries } from '../packages/compliance/index.ts';
import type { MetricSample, SeriesKey, ServicePromise, Store } from '../packages/core/index.ts';
import { silentLogger, weekWindow } from '../packages/core/index.ts';
import { RELATIVE_ACCURACY, seriesId, summarise } from '../packages/rollups/index.ts';
import { openEmbeddedStore } from '../packages/store/index.ts';

interface Args {
  samples: number;
  json: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = { samples: 1_000_000, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--samples') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 40)
        throw new Error('bench:evaluate: --samples needs a whole number of at least 40');
      args.samples = v;
    } else if (a === '--json') args.json = true;
    else throw new Error(`bench:evaluate: unknown argument ${a}`);
  }
  return args;
};

const args = parseArgs(process.argv.slice(2));
const log = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

// Deterministic pseudo-random numbers (mulberry32), so every run measures the same data.
const random = (() => {
  let a = 0x9e3779b9;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

const TIERS = ['starter', 'pro', 'business', 'enterprise'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low', 'none'];
const CHANNELS = ['email', 'chat'];
const METRIC = 'first_response_time';
const series: SeriesKey[] = TIERS.flatMap((tier) =>
  PRIORITIES.flatMap((priority) =>
    CHANNELS.map((channel) => ({ metric: METRIC, dimensions: { tier, priority, channel } })),
  ),
);
const week = weekWindow('2026-W47');
const weekStart = new Date(week.start).getTime();
const WEEK_MS = 7 * 86_400_000;

// Log-normal-ish response times in minutes, slower for lower priorities.
const valueFor = (s: number): number => {
  const base = 10 + (s % 5) * 12;
  const u = Math.max(1e-9, random());
  return (
    Math.round(base * Math.exp(0.8 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())) * 100) /
    100
  );
};

// 40 single-series promises (tier, priority and channel), 5 per tier and priority, 5 per tier.
const promiseOf = (i: number, qualifiers: ServicePromise['qualifiers']): ServicePromise => ({
  id: `bench_${String(i).padStart(2, '0')}`,
  sourceUrl: 'http://127.0.0.1/bench/sla',
  sourceKind: 'sla',
  meaningHash: `m${i}`,
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
  quote: `Bench promise ${i}`,
  category: 'response_time',
  metric: METRIC,
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: { ...qualifiers, target: 90 },
  confidence: 1,
});
const promises: ServicePromise[] = [
  ...series.map((s, i) =>
    promiseOf(i, { tier: s.dimensions.tier, severity: s.dimensions.priority, channel: s.dimensions.channel }),
  ),
  ...Array.from({ length: 5 }, (_, i) =>
    promiseOf(40 + i, { tier: TIERS[i % TIERS.length], severity: PRIORITIES[i % PRIORITIES.length] }),
  ),
  ...Array.from({ length: 5 }, (_, i) => promiseOf(45 + i, { tier: TIERS[i % TIERS.length] })),
];

/** Counts the items each read returns. */
const countingStore = (store: Store, counter: { items: number; calls: number }): Store =>
  new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...callArgs: unknown[]) => {
        const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(
          target,
          callArgs,
        )) as unknown;
        const name = String(prop);
        if (/^(list|rollupsFor|verdicts|complaints|get)/.test(name)) {
          counter.calls += 1;
          if (Array.isArray(result)) counter.items += result.length;
          else if (result && typeof result === 'object' && 'items' in result && Array.isArray(result.items))
            counter.items += result.items.length;
          else if (result) counter.items += 1;
        }
        return result;
      };
    },
  });

const main = async () => {
  const embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  try {
    const raw = new Map<string, number[]>(series.map((s) => [seriesId(s.metric, s.dimensions), []]));
    // Samples arrive in time order, as an export or a stream would deliver them.
    const CHUNK = 20_000;
    let ingestMs = 0;
    let accepted = 0;
    for (let done = 0; done < args.samples; done += CHUNK) {
      const n = Math.min(CHUNK, args.samples - done);
      const chunk: MetricSample[] = [];
      for (let k = 0; k < n; k++) {
        const index = done + k;
        const s = index % series.length;
        const key = series[s] as SeriesKey;
        const value = valueFor(s);
        raw.get(seriesId(key.metric, key.dimensions))?.push(value);
        chunk.push({
          metric: METRIC,
          value,
          unit: 'minutes',
          at: new Date(weekStart + Math.floor((index / args.samples) * WEEK_MS)).toISOString(),
          dimensions: key.dimensions,
          ref: `t${index}`,
        });
      }
      const t0 = performance.now();
      const r = await embedded.store.ingestSamples(chunk);
      ingestMs += performance.now() - t0;
      accepted += r.accepted;
      if (!args.json && (done / CHUNK) % 10 === 0) log(`ingested ${done + n}/${args.samples}`);
    }
    if (accepted !== args.samples)
      throw new Error(`bench:evaluate: ${accepted} of ${args.samples} samples accepted`);
    const ingestSamplesPerSecond = args.samples / (ingestMs / 1000);
    await embedded.store.putPromises(promises);

    const counter = { items: 0, calls: 0 };
    const store = countingStore(embedded.store, counter);
    const calendar = createBusinessCalendar({
      timezone: 'UTC',
      hours: {
        mon: ['09:00', '17:00'],
        tue: ['09:00', '17:00'],
        wed: ['09:00', '17:00'],
        thu: ['09:00', '17:00'],
        fri: ['09:00', '17:00'],
        sat: null,
        sun: null,
      },
      holidays: [],
    });
    const t1 = performance.now();
    const verdicts = await evaluateWindow(
      { store, calendar, rules: DEFAULT_EVALUATION_RULES, now: () => new Date(), logger: silentLogger },
      week,
    );
    const evaluateMs = performance.now() - t1;
    if (verdicts.length !== promises.length) throw new Error(`bench:evaluate: ${verdicts.length} verdicts`);

    // Baseline: the naive evaluation reads every raw sample of the matched series and sorts them.
    const t2 = performance.now();
    let naiveItems = 0;
    let maxRelativeError = 0;
    const exactQuantile = (sorted: number[], q: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
    const exactByPromise = new Map<string, number[]>();
    for (const p of promises) {
      const matched = matchSeries(p, series);
      const values = matched.flatMap((s) => raw.get(seriesId(s.metric, s.dimensions)) ?? []);
      naiveItems += values.length;
      exactByPromise.set(
        p.id,
        values.sort((a, b) => a - b),
      );
    }
    const naiveMs = performance.now() - t2;
    for (const v of verdicts) {
      const sorted = exactByPromise.get(v.promiseId) ?? [];
      for (const [q, got] of [
        [0.5, v.delivery?.p50],
        [0.9, v.delivery?.p90],
        [0.95, v.delivery?.p95],
      ] as const) {
        const exact = exactQuantile(sorted, q) / 60;
        if (got === null || got === undefined || exact === 0) continue;
        // Verdict figures are rounded to 0.01 hours; compare the sketch itself where rounding would dominate.
        maxRelativeError = Math.max(maxRelativeError, Math.max(0, Math.abs(got - exact) - 0.005) / exact);
      }
    }
    // The sketch itself, unrounded, on every series.
    let sketchError = 0;
    for (const s of series) {
      const rollups = await embedded.store.rollupsFor(s, week.start, week.end);
      const summary = summarise(rollups);
      const sorted = [...(raw.get(seriesId(s.metric, s.dimensions)) ?? [])].sort((a, b) => a - b);
      for (const q of [0.5, 0.9, 0.95, 0.99]) {
        const exact = exactQuantile(sorted, q);
        if (summary && exact > 0)
          sketchError = Math.max(sketchError, Math.abs(summary.quantile(q) - exact) / exact);
      }
    }

    const result = {
      samples: args.samples,
      promises: promises.length,
      ingestSamplesPerSecond: Math.round(ingestSamplesPerSecond),
      itemsReadPerPromise: Math.round((counter.items / promises.length) * 10) / 10,
      naiveItemsReadPerPromise: Math.round(naiveItems / promises.length),
      evaluateMsPerPromise: Math.round((evaluateMs / promises.length) * 100) / 100,
    };
    const table = new Table({
      head: ['measure', 'rollups (promisegap)', 'naive baseline'],
      style: { head: [], border: [] },
    });
    table.push(
      ['samples ingested', args.samples.toLocaleString('en'), '—'],
      ['ingest, samples/s', result.ingestSamplesPerSecond.toLocaleString('en'), '—'],
      [
        'items read per promise',
        String(result.itemsReadPerPromise),
        result.naiveItemsReadPerPromise.toLocaleString('en'),
      ],
      ['store calls while evaluating', String(counter.calls), '—'],
      [
        'evaluate, ms per promise',
        String(result.evaluateMsPerPromise),
        `${(naiveMs / promises.length).toFixed(2)} (in memory, no reads)`,
      ],
      [
        'max relative error of p50/p90/p95/p99 (sketch)',
        `${(sketchError * 100).toFixed(3)}% (stated ${RELATIVE_ACCURACY * 100}%)`,
        'exact',
      ],
      [
        'max relative error in verdicts (0.01 h rounding aside)',
        `${(maxRelativeError * 100).toFixed(3)}%`,
        'exact',
      ],
    );
    if (!args.json) {
      process.stdout.write(`${table.toString()}\n`);
      process.stdout.write(
        `targets: itemsReadPerPromise <= 200 ${result.itemsReadPerPromise <= 200 ? 'met' : 'MISSED'}; ingest >= 5,000 samples/s ${result.ingestSamplesPerSecond >= 5000 ? 'met' : 'MISSED'}; sketch within ${RELATIVE_ACCURACY * 100}% ${sketchError <= RELATIVE_ACCURACY ? 'met' : 'MISSED'}\n`,
      );
    }
    process.stdout.write(
      `${JSON.stringify({ ...result, sketchMaxRelativeError: Number(sketchError.toFixed(5)) })}\n`,
    );
  } finally {
    await embedded.close();
  }
};

await main();
