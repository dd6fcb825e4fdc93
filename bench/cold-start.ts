// Cold start of every Lambda function as deployed: bundles each handler with the esbuild options
// the CDK app uses (infra/bundling.ts), then imports each bundle in a fresh Node process and times
// the module init, beside an empty handler bundled the same way.
//
//   npm run bench:cold-start [-- --runs 7] [-- --json]
// With --json the last line is { baselineInitMs, functions: [ { name, bundleBytes, initMs } ] }.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import { build } from 'esbuild';
import { ENV } from '../functions/shared/env.ts';
import { ESBUILD_OPTIONS, entryOf, FUNCTIONS, type FunctionName, REPO_ROOT } from '../infra/bundling.ts';
import { loadDeploySettings } from '../infra/config.ts';

const BUNDLE_LIMIT_BYTES = 1_000 * 1024;
const INIT_LIMIT_MS = 250;

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive whole number (got ${args[runsArg + 1]})`);

// Under node_modules/.cache so a bundle that leaves the AWS SDK external still resolves it,
// as it would from the Lambda runtime.
const cacheDir = join(REPO_ROOT, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const work = mkdtempSync(join(cacheDir, 'pg-cold-start-'));

/** Bundles one entry as deployed; returns the output file and its size (the .map is not counted). */
const bundle = async (
  name: string,
  entry: string,
  sdkExternal = false,
): Promise<{ file: string; bytes: number }> => {
  const outdir = join(work, sdkExternal ? `${name}-sdk-external` : name);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: ESBUILD_OPTIONS.bundle,
    platform: ESBUILD_OPTIONS.platform,
    target: ESBUILD_OPTIONS.target,
    format: ESBUILD_OPTIONS.format,
    minify: ESBUILD_OPTIONS.minify,
    sourcemap: ESBUILD_OPTIONS.sourcemap,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    banner: ESBUILD_OPTIONS.banner,
    external: [...ESBUILD_OPTIONS.external, ...(sdkExternal ? ['@aws-sdk/*', '@smithy/*'] : [])],
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return { file: outfile, bytes: statSync(outfile).size };
};

// What the deployed functions find in their environment; no network is touched at init. The
// example's sources are relative to its local site, so they are resolved as a deployment must.
const settings = loadDeploySettings(
  (key) => (key === 'siteBaseUrl' ? 'https://site.example' : undefined),
  REPO_ROOT,
);
const functionEnv: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'promisegap-bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  [ENV.tableName]: 'promisegap-bench',
  [ENV.crawlQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/crawl',
  [ENV.extractQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/extract',
  [ENV.config]: settings.functionConfigJson,
  [ENV.stage]: 'bench',
};

const runner = join(work, 'runner.mjs');
writeFileSync(
  runner,
  [
    'const started = performance.now();',
    'const module = await import(process.argv[2]);',
    'const initMs = performance.now() - started;',
    "if (typeof module.handler !== 'function') throw new Error('no handler export');",
    'process.stdout.write(JSON.stringify({ initMs }));',
  ].join('\n'),
);

/** Median module init over `runs` fresh processes. */
const initTime = (file: string): number => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [runner, pathToFileURL(file).href], {
      env: functionEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (child.status !== 0) {
      throw new Error(`init of ${file} failed (exit ${child.status}):\n${child.stderr.slice(0, 2000)}`);
    }
    samples.push((JSON.parse(child.stdout) as { initMs: number }).initMs);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
};

const round = (n: number) => Math.round(n * 10) / 10;

const emptyEntry = join(work, 'empty-handler.ts');
writeFileSync(emptyEntry, 'export const handler = async () => ({});\n');
const baseline = await bundle('empty', emptyEntry);
const baselineInitMs = round(initTime(baseline.file));

interface Row {
  name: FunctionName;
  bundleBytes: number;
  initMs: number;
  overBaselineMs: number;
  /** The same function with the AWS SDK left to the runtime, for the bundling decision. */
  sdkExternalBytes: number;
  sdkExternalInitMs: number;
}
const rows: Row[] = [];
const missing: string[] = [];
for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
  const entry = entryOf(name);
  if (!existsSync(entry)) {
    missing.push(name);
    continue;
  }
  const deployed = await bundle(name, entry);
  const sdkExternal = await bundle(name, entry, true);
  const initMs = round(initTime(deployed.file));
  rows.push({
    name,
    bundleBytes: deployed.bytes,
    initMs,
    overBaselineMs: round(initMs - baselineInitMs),
    sdkExternalBytes: sdkExternal.bytes,
    sdkExternalInitMs: round(initTime(sdkExternal.file)),
  });
}
rmSync(work, { recursive: true, force: true });

const table = new Table({
  head: ['function', 'bundle KB', 'init ms', 'over empty ms', 'targets', 'SDK external: KB', 'init ms'],
});
table.push(['(empty handler)', round(baseline.bytes / 1024), baselineInitMs, 0, '', '', '']);
for (const row of rows) {
  const ok = row.bundleBytes <= BUNDLE_LIMIT_BYTES && row.overBaselineMs <= INIT_LIMIT_MS;
  table.push([
    row.name,
    round(row.bundleBytes / 1024),
    row.initMs,
    row.overBaselineMs,
    ok ? 'met' : 'MISSED',
    round(row.sdkExternalBytes / 1024),
    row.sdkExternalInitMs,
  ]);
}
console.log(
  `Cold start, ${runs} fresh Node ${process.version} processes per function (median); ` +
    `targets: bundle <= ${BUNDLE_LIMIT_BYTES / 1024} KB, init <= ${INIT_LIMIT_MS} ms over the empty handler.`,
);
console.log(table.toString());
if (missing.length) console.log(`not measured (no handler.ts yet): ${missing.join(', ')}`);
if (json) {
  console.log(
    JSON.stringify({
      baselineInitMs,
      functions: rows.map((r) => ({ name: r.name, bundleBytes: r.bundleBytes, initMs: r.initMs })),
    }),
  );
}
