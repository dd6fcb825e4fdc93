// Cold start of every Lambda function as deployed: bundles each handler with the esbuild options
// the CDK app uses (infra/bundling.ts: the same externals, the AWS SDK bundled or not as
// deployed), then imports each bundle in a fresh Node process and times the module init, beside
// an empty handler bundled the same way. A module the function takes from a Lambda layer is
// external to its bundle; the layer's size is reported beside the bundle's (layerBytes), never
// hidden. Each function is also bundled with the other AWS SDK choice, for that decision.
//
//   npm run bench:cold-start [-- --runs 7] [-- --json]
// With --json the last line is
//   { baselineInitMs, bundleAwsSdk, functions: [ { name, bundleBytes, layerBytes, initMs } ] }.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import { type BuildOptions, build } from 'esbuild';
import { ENV } from '../functions/shared/env.ts';
import {
  BUNDLE_AWS_SDK,
  entryOf,
  esbuildOptionsOf,
  FUNCTION_LAYERS,
  FUNCTIONS,
  type FunctionName,
  REPO_ROOT,
} from '../infra/bundling.ts';
import { EXAMPLE_CONFIG_PATH, loadDeploySettings } from '../infra/config.ts';
import { stageLayerPackage } from '../infra/layers.ts';

const BUNDLE_LIMIT_BYTES = 1_000 * 1024;
const INIT_LIMIT_MS = 250;

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive whole number (got ${args[runsArg + 1]})`);

// Under node_modules/.cache so a bundle that leaves the AWS SDK external still resolves it (from
// node_modules, as the Lambda runtime resolves its own copy from /var/runtime/node_modules).
const cacheDir = join(REPO_ROOT, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const work = mkdtempSync(join(cacheDir, 'pg-cold-start-'));

/** Bundles one entry with the given options; returns the output file and its size (the .map is not counted). */
const bundle = async (name: string, options: BuildOptions): Promise<{ file: string; bytes: number }> => {
  const outdir = join(work, name);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  await build({ ...options, outfile });
  return { file: outfile, bytes: statSync(outfile).size };
};

// What the deployed functions find in their environment; no network is touched at init. The
// example's sources are relative to its local site, so they are resolved as a deployment must.
const settings = loadDeploySettings(
  (key) => ({ siteBaseUrl: 'https://site.example', config: EXAMPLE_CONFIG_PATH })[key],
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
const baseline = await bundle('empty', { ...esbuildOptionsOf('api'), entryPoints: [emptyEntry] });
const baselineInitMs = round(initTime(baseline.file));

interface Row {
  name: FunctionName;
  bundleBytes: number;
  initMs: number;
  overBaselineMs: number;
  /** Bytes of the Lambda layers the function loads packages from (uncompressed), 0 without. */
  layerBytes: number;
  /** The same function with the other AWS SDK choice (bundled ↔ the runtime's), for that decision. */
  otherSdkBytes: number;
  otherSdkInitMs: number;
}
const rows: Row[] = [];
const missing: string[] = [];
for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
  const entry = entryOf(name);
  if (!existsSync(entry)) {
    missing.push(name);
    continue;
  }
  const deployed = await bundle(name, esbuildOptionsOf(name));
  const otherSdk = await bundle(`${name}-other-sdk`, esbuildOptionsOf(name, !BUNDLE_AWS_SDK));
  const layerBytes = FUNCTION_LAYERS[name].reduce((sum, pkg) => sum + stageLayerPackage(pkg).bytes, 0);
  const initMs = round(initTime(deployed.file));
  rows.push({
    name,
    bundleBytes: deployed.bytes,
    initMs,
    overBaselineMs: round(initMs - baselineInitMs),
    layerBytes,
    otherSdkBytes: otherSdk.bytes,
    otherSdkInitMs: round(initTime(otherSdk.file)),
  });
}
rmSync(work, { recursive: true, force: true });

const otherSdk = BUNDLE_AWS_SDK ? "runtime's SDK" : 'SDK bundled';
const table = new Table({
  head: [
    'function',
    'bundle KB',
    'layer KB',
    'init ms',
    'over empty ms',
    'targets',
    `${otherSdk}: KB`,
    'init ms',
  ],
});
table.push(['(empty handler)', round(baseline.bytes / 1024), '', baselineInitMs, 0, '', '', '']);
for (const row of rows) {
  const ok = row.bundleBytes <= BUNDLE_LIMIT_BYTES && row.overBaselineMs <= INIT_LIMIT_MS;
  table.push([
    row.name,
    round(row.bundleBytes / 1024),
    row.layerBytes ? round(row.layerBytes / 1024) : '',
    row.initMs,
    row.overBaselineMs,
    ok ? 'met' : 'MISSED',
    round(row.otherSdkBytes / 1024),
    row.otherSdkInitMs,
  ]);
}
console.log(
  `Cold start, ${runs} fresh Node ${process.version} processes per function (median); ` +
    `targets: bundle <= ${BUNDLE_LIMIT_BYTES / 1024} KB, init <= ${INIT_LIMIT_MS} ms over the empty handler.\n` +
    `Deployed with ${BUNDLE_AWS_SDK ? 'the AWS SDK bundled' : "the Lambda runtime's AWS SDK (resolved here from node_modules)"}; ` +
    'layer KB: packages the function loads lazily from a Lambda layer, outside its bundle (uncompressed).',
);
console.log(table.toString());
if (missing.length) console.log(`not measured (no handler.ts yet): ${missing.join(', ')}`);
if (json) {
  console.log(
    JSON.stringify({
      baselineInitMs,
      bundleAwsSdk: BUNDLE_AWS_SDK,
      functions: rows.map((r) => ({
        name: r.name,
        bundleBytes: r.bundleBytes,
        layerBytes: r.layerBytes,
        initMs: r.initMs,
      })),
    }),
  );
}
