// Soak benchmark: `promisegap serve` as it runs (startServing: the data folder held in its own
// process, the store's dynalite in a worker thread, complaint analysis and sample ingestion in
// worker pools) on loopback in a child process, first idle (the baseline, measured in the same
// run), then for 60 s under a bounded /health load while three kinds of work run back to back:
//   - an import by the CLI against the served store (`promisegap import metrics FILE
//     --data-dir DIR` in its own process, files of 20,000 rows: its writes reach the store
//     through the endpoint serve publishes, as when a user imports while serve runs);
//   - maximal complaints POSTs (the most text one request may carry, analysed by the real
//     analyser);
//   - with --api-import, also an import through the API (POST /v1/metrics, batches of 1,000
//     samples, the most a request may carry, back to back): validated and merged by the ingest
//     pool's threads, so the server's event loop only parses the body once.
// Reports /health p99 in both phases (target under 100 ms while loaded), the server's event-loop
// delay, and its memory (rss of the whole process, threads included; heap of the main thread)
// before and after. With --api-import it then checks what the API accepted is stored exactly once:
// every batch sent again is answered with all its samples as duplicates (none accepted).
//
// Not covered: TLS, a reverse proxy, other routes under load (dashboard, compliance reads),
// evaluation runs, a store larger than what one run writes, and AWS (Lambda, DynamoDB): this is
// the local server only.
//
//   npm run bench:soak [-- --duration 60 --baseline 10 --connections 10 --api-import --json]

import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { MAX_COMPLAINT_REQUEST_CHARS, MAX_COMPLAINT_TEXT_CHARS } from '../packages/api/schemas.ts';
import { startServing } from '../packages/cli/commands/serve.ts';
import { type Store, silentLogger } from '../packages/core/index.ts';
import { createApiKey } from '../packages/keys/index.ts';

interface Args {
  durationS: number;
  baselineS: number;
  connections: number;
  json: boolean;
  apiImport: boolean;
  child?: string;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = { durationS: 60, baselineS: 10, connections: 10, json: false, apiImport: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0 || v > 600) {
        throw new Error(`bench:soak: ${a} needs a whole number from 1 to 600`);
      }
      return v;
    };
    if (a === '--duration') args.durationS = next();
    else if (a === '--baseline') args.baselineS = next();
    else if (a === '--connections') args.connections = next();
    else if (a === '--json') args.json = true;
    else if (a === '--api-import') args.apiImport = true;
    else if (a === '--child') args.child = argv[++i];
    else throw new Error(`bench:soak: unknown argument ${a}`);
  }
  return args;
};

interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number }) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const NOW = new Date('2026-11-25T10:00:00.000Z');
/** The metric of the API import (the CLI import writes another): its samples fall in one week. */
const API_METRIC = 'first_response_minutes';

interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

// ---------------------------------------------------------------- the server (child process)

const serve = async (dataDir: string): Promise<void> => {
  const serving = await startServing({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger });
  await Promise.all([serving.analysis.warm(), serving.ingest?.warm()]);
  const { key } = await createApiKey(serving.embedded.store, { scope: 'write', now: () => NOW });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const memory = (): Memory => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20 };
  };
  process.on('message', (m) => {
    if (m === 'memory') process.send?.({ memory: memory() });
    if (m === 'delay:start') {
      delay.reset();
      delay.enable();
    }
    if (m === 'delay:stop') {
      delay.disable();
      process.send?.({ delay: { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 } });
    }
    if (m === 'stored')
      void storedApiSamples(serving.embedded.store).then((stored) => process.send?.({ stored }));
  });
  process.send?.({ url: serving.server.url, key });
  process.on('disconnect', async () => {
    await serving.close();
    process.exit(0);
  });
};

/** Samples in the rollups of the API import's metric (its week only), read from the store. */
const storedApiSamples = async (store: Store): Promise<number> => {
  let count = 0;
  for (const series of await store.listSeries(API_METRIC)) {
    for (const r of await store.rollupsFor(series, '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z')) {
      count += r.count;
    }
  }
  return count;
};

// ---------------------------------------------------------------- the background work

const WORDS =
  'my order ticket support reply waited days hours refund still nobody answered the parcel arrived late ' +
  'agent promised call back never came again invoice wrong account locked chat closed without help'.split(
    ' ',
  );

/** Made-up complaint text of exactly `length` characters (never taken from any corpus). */
const complaintText = (length: number, seed: number): string => {
  let out = '';
  let i = seed;
  while (out.length < length) {
    const n = (i * 7919) % 97;
    out += `${WORDS[n % WORDS.length]} ${n % 11 === 0 ? `${(n % 9) + 1} days. ` : ''}`;
    i += 1;
  }
  return out.slice(0, length);
};

const MAX_TEXTS = Math.floor(MAX_COMPLAINT_REQUEST_CHARS / MAX_COMPLAINT_TEXT_CHARS);

interface Background {
  requests: number;
  failures: number;
  latencies: number[];
  items: number;
  /** Rounds not answered 200 (their work was refused or lost: sent again after the load). */
  failedRounds: number[];
}

const loop = async (deadline: number, send: (round: number) => Promise<Response>, items: number) => {
  const out: Background = { requests: 0, failures: 0, latencies: [], items: 0, failedRounds: [] };
  for (let round = 0; Date.now() < deadline; round++) {
    const started = performance.now();
    const res = await send(round).catch(() => undefined);
    out.latencies.push(performance.now() - started);
    out.requests += 1;
    if (res?.status !== 200) {
      out.failures += 1;
      out.failedRounds.push(round);
    } else out.items += items;
    await res?.arrayBuffer().catch(() => undefined);
  }
  return out;
};

const post = (url: string, key: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });

const importBatch = (round: number) => ({
  samples: Array.from({ length: 1000 }, (_, i) => ({
    metric: API_METRIC,
    value: ((round * 1000 + i) * 37) % 900,
    unit: 'minutes',
    at: new Date(Date.UTC(2026, 10, 16) + ((round * 1000 + i) % (7 * 24 * 60)) * 60_000).toISOString(),
    dimensions: { tier: ['starter', 'pro', 'enterprise'][i % 3] ?? 'pro' },
    ref: `soak-${round}-${i}`,
  })),
});

const complaintsBatch = (round: number) => ({
  complaints: Array.from({ length: MAX_TEXTS }, (_, i) => ({
    id: `soak-${round}-${i}`,
    at: '2026-11-20T10:00:00Z',
    text: complaintText(MAX_COMPLAINT_TEXT_CHARS, round * MAX_TEXTS + i),
  })),
});

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
};

const REPO = resolve(import.meta.dirname, '..');
const CLI_ROWS = 20_000;

/** A metrics CSV of CLI_ROWS new samples (other times than the API's, so every row is new). */
const writeMetricsFile = (path: string, round: number): void => {
  const lines = ['metric,value,unit,at,tier'];
  const start = Date.UTC(2026, 9, 5) + round * CLI_ROWS * 7_000;
  for (let i = 0; i < CLI_ROWS; i++) {
    const at = new Date(start + i * 7_000).toISOString();
    lines.push(
      `resolution_minutes,${(i * 53) % 2000},minutes,${at},${['starter', 'pro', 'enterprise'][i % 3]}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
};

/**
 * `promisegap import metrics` on fresh files, one after another, until the deadline. serve holds
 * the folder's lock, so an import that succeeds reached the store through serve's endpoint.
 */
const cliImports = async (deadline: number, dataDir: string, work: string): Promise<Background> => {
  const out: Background = { requests: 0, failures: 0, latencies: [], items: 0, failedRounds: [] };
  for (let round = 0; Date.now() < deadline; round++) {
    const file = join(work, `metrics-${round}.csv`);
    writeMetricsFile(file, round);
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((done) => {
      const child = spawn(
        process.execPath,
        [join(REPO, 'bin/promisegap.mjs'), 'import', 'metrics', file, '--data-dir', dataDir, '--json'],
        { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    out.latencies.push(performance.now() - started);
    out.requests += 1;
    rmSync(file, { force: true });
    if (code !== 0) {
      out.failures += 1;
      process.stderr.write(`bench:soak: a CLI import failed (${code}): ${stderr.slice(-500)}\n`);
      continue;
    }
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      accepted?: number;
    };
    out.items += report.accepted ?? 0;
  }
  return out;
};

// ---------------------------------------------------------------- the run

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return serve(args.child);

  const work = mkdtempSync(join(tmpdir(), 'pg-bench-soak-'));
  const dataDir = join(work, 'data');
  const child = fork(fileURLToPath(import.meta.url), ['--child', dataDir], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; key: string }));
    child.once('exit', (code) => reject(new Error(`bench:soak: the server exited early (code ${code})`)));
  });
  const memory = () =>
    new Promise<Memory>((resolve) => {
      child.once('message', (m) => resolve((m as { memory: Memory }).memory));
      child.send('memory');
    });
  const delay = () =>
    new Promise<{ p99Ms: number; maxMs: number }>((resolve) => {
      child.once('message', (m) => resolve((m as { delay: { p99Ms: number; maxMs: number } }).delay));
      child.send('delay:stop');
    });

  try {
    const health = `${url}/health`;
    // Warm the analyser and the store so the loaded phase measures steady work, not first calls.
    await (await post(`${url}/v1/complaints`, key, complaintsBatch(-1))).arrayBuffer();
    await (await post(`${url}/v1/metrics`, key, importBatch(-1))).arrayBuffer();
    const before = await memory();
    const baseline = await autocannon({
      url: health,
      connections: args.connections,
      duration: args.baselineS,
    });

    const deadline = Date.now() + args.durationS * 1000;
    child.send('delay:start');
    const [loaded, imports, cli, complaints] = await Promise.all([
      autocannon({ url: health, connections: args.connections, duration: args.durationS }),
      args.apiImport
        ? loop(deadline, (round) => post(`${url}/v1/metrics`, key, importBatch(round)), 1000)
        : ({ requests: 0, failures: 0, latencies: [], items: 0, failedRounds: [] } as Background),
      cliImports(deadline, dataDir, work),
      loop(deadline, (round) => post(`${url}/v1/complaints`, key, complaintsBatch(round)), MAX_TEXTS),
    ]);
    const eventLoop = await delay();
    const after = await memory();

    // Exactly once: batches refused under load are sent again (they stored nothing), a few that
    // were accepted are sent again (all duplicates), then the store's rollups of the batches' week
    // must hold each sample of rounds 0..requests-1 once (the warm-up batch is dated the week before).
    const exactlyOnce = {
      resent: 0,
      acceptedOnResend: 0,
      duplicatesOnResend: 0,
      expected: 0,
      stored: 0,
      ok: true,
    };
    if (args.apiImport) {
      const accepted = Array.from({ length: imports.requests }, (_, round) => round).filter(
        (round) => !imports.failedRounds.includes(round),
      );
      const step = Math.max(1, Math.floor(accepted.length / 10));
      const again = accepted.filter((_, i) => i % step === 0).slice(0, 10);
      let expectedAccepted = 0;
      for (const round of [...imports.failedRounds, ...again]) {
        const res = await post(`${url}/v1/metrics`, key, importBatch(round));
        const body = (await res.json()) as { accepted?: number; duplicates?: number };
        if (res.status !== 200)
          throw new Error(`bench:soak: re-sending round ${round} failed (${res.status})`);
        exactlyOnce.resent += 1;
        exactlyOnce.acceptedOnResend += body.accepted ?? 0;
        exactlyOnce.duplicatesOnResend += body.duplicates ?? 0;
        if (imports.failedRounds.includes(round)) expectedAccepted += 1000;
      }
      exactlyOnce.expected = imports.requests * 1000;
      exactlyOnce.stored = await new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { stored: number }).stored));
        child.send('stored');
      });
      exactlyOnce.ok =
        exactlyOnce.stored === exactlyOnce.expected &&
        exactlyOnce.acceptedOnResend === expectedAccepted &&
        exactlyOnce.duplicatesOnResend === again.length * 1000;
    }

    const p99Target = 100;
    const summary = {
      durationS: args.durationS,
      connections: args.connections,
      health: {
        baseline: { rps: baseline.requests.average, p50: baseline.latency.p50, p99: baseline.latency.p99 },
        loaded: {
          rps: loaded.requests.average,
          p50: loaded.latency.p50,
          p99: loaded.latency.p99,
          max: loaded.latency.max,
          failures: loaded.non2xx + loaded.errors + loaded.timeouts,
        },
        p99TargetMs: p99Target,
        withinTarget: loaded.latency.p99 < p99Target,
      },
      eventLoopDelayMs: eventLoop,
      cliImport: {
        runs: cli.requests,
        rowsPerRun: CLI_ROWS,
        samples: cli.items,
        failures: cli.failures,
        p50Ms: quantile(cli.latencies, 0.5),
      },
      apiImport: {
        enabled: args.apiImport,
        exactlyOnce,
        requests: imports.requests,
        samples: imports.items,
        failures: imports.failures,
        p50Ms: quantile(imports.latencies, 0.5),
      },
      complaints: {
        requests: complaints.requests,
        texts: complaints.items,
        charsPerRequest: MAX_TEXTS * MAX_COMPLAINT_TEXT_CHARS,
        failures: complaints.failures,
        p50Ms: quantile(complaints.latencies, 0.5),
        maxMs: quantile(complaints.latencies, 1),
      },
      memoryMb: { before, after },
      load1: loadavg()[0],
    };

    const r = (n: number) => (Math.round(n * 10) / 10).toString();
    const table = new Table({ head: ['phase', 'what', 'requests', 'p50 ms', 'p99 ms', 'failures'] });
    table.push(
      [
        'baseline (idle)',
        'GET /health',
        baseline.requests.total,
        r(baseline.latency.p50),
        r(baseline.latency.p99),
        0,
      ],
      [
        `loaded (${args.durationS} s)`,
        'GET /health',
        loaded.requests.total,
        r(loaded.latency.p50),
        r(loaded.latency.p99),
        summary.health.loaded.failures,
      ],
      [
        'loaded',
        'POST /v1/metrics ×1,000',
        imports.requests,
        r(summary.apiImport.p50Ms),
        '',
        imports.failures,
      ],
      [
        'loaded',
        `promisegap import metrics ×${CLI_ROWS.toLocaleString('en')} rows`,
        cli.requests,
        r(summary.cliImport.p50Ms),
        '',
        cli.failures,
      ],
      [
        'loaded',
        `POST /v1/complaints ${MAX_TEXTS}×${MAX_COMPLAINT_TEXT_CHARS} chars`,
        complaints.requests,
        r(summary.complaints.p50Ms),
        '',
        complaints.failures,
      ],
    );
    console.log(table.toString());
    const mem = new Table({ head: ['server memory', 'before', 'after'] });
    mem.push(
      ['rss MB', r(before.rssMb), r(after.rssMb)],
      ['heap used MB', r(before.heapUsedMb), r(after.heapUsedMb)],
    );
    console.log(mem.toString());
    console.log(
      `/health p99 while loaded: ${r(loaded.latency.p99)} ms (baseline ${r(baseline.latency.p99)} ms, target < ${p99Target} ms: ${summary.health.withinTarget ? 'met' : 'NOT met'}); ` +
        `server event-loop delay p99 ${r(eventLoop.p99Ms)} ms, max ${r(eventLoop.maxMs)} ms; ` +
        `${imports.items} samples imported through the API and ${cli.items} by the CLI, ` +
        `${complaints.items} complaint texts analysed; load average ${r(summary.load1 ?? 0)}`,
    );
    if (args.apiImport) {
      console.log(
        `API import stored exactly once: ${exactlyOnce.ok ? 'yes' : 'NO'} (${exactlyOnce.stored} samples in the rollups, ${exactlyOnce.expected} sent; ` +
          `${exactlyOnce.resent} batches sent again: ${exactlyOnce.acceptedOnResend} accepted, ${exactlyOnce.duplicatesOnResend} duplicates)`,
      );
    }
    if (args.json) console.log(JSON.stringify(summary));
  } finally {
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.disconnect();
    });
    rmSync(work, { recursive: true, force: true });
  }
};

await main();
