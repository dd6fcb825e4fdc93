// How every function is bundled, in one place: the CDK functions and bench/cold-start.ts both
// read it, so the benchmark measures exactly what is deployed.

import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** The functions of the app: folder under functions/ → what it does. */
export const FUNCTIONS = {
  'crawl-seed': 'Plans the weekly crawl and queues one message per start page',
  'crawl-worker': 'Fetches one page per message, stores changed snapshots, queues extraction',
  extract: 'Extracts promises from a changed snapshot and records their versions',
  'evaluate-digest': 'Evaluates last week against every promise and emails the digest',
  api: 'The HTTP API and dashboard',
  alerts: 'Checks the running week daily and alerts on breaches, fast-burning budgets and complaint jumps',
  import: 'Imports a file put in the import bucket and writes its report beside it',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export const entryOf = (name: FunctionName): string => join(REPO_ROOT, 'functions', name, 'handler.ts');

/**
 * ESM output needs `require` for the CommonJS dependencies that call it (natural, Powertools'
 * internals), and `__dirname`-free code: the banner provides a real `require`.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __pgCreateRequire } from 'node:module'; const require = __pgCreateRequire(import.meta.url);";

/**
 * The AWS SDK is bundled, not taken from the runtime, for two reasons. Init time: loading the
 * runtime's SDK means Node reads and links dozens of CommonJS files from disk, where the bundle
 * holds only the minified, tree-shaken parts a function uses; bench/cold-start.ts measures both
 * on every run (its "runtime's SDK" columns) and the runtime's copy costs ~100-250 ms more init
 * per function, which alone breaks issue 10's 250 ms budget. Versions: the Node.js 22 runtime's
 * SDK v3 is a version AWS picks and changes, ours is pinned by the lockfile and tested.
 * What it costs is bundle size (~290 KB per function); the parts of it no function ever loads in
 * Lambda are left to the runtime instead (SDK_LEFT_TO_RUNTIME).
 */
export const BUNDLE_AWS_SDK = true;

/**
 * SDK modules the bundled SDK only ever loads with a dynamic `import()` on paths a Lambda never
 * takes, so they are left out of the bundles (~100 KB each) and, if ever reached, resolve to the
 * runtime's SDK v3. The credential chain tries the environment first and Lambda always sets
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so SSO, shared ini files
 * (with the STS and sign-in clients they pull in), credential processes, web-identity token
 * files and the container/instance metadata providers are never loaded; event-stream
 * serialisation is only for event-stream operations, which DynamoDB, SQS SendMessage and SES
 * SendEmail do not have. test/infra/bundling.test.ts fails if any of them is imported statically
 * (so would load at init from the runtime) after an SDK upgrade.
 */
export const SDK_LEFT_TO_RUNTIME = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
  '@smithy/core/event-streams',
] as const;

/** What "the AWS SDK" means to the bundler: its packages and the Smithy packages under them. */
export const AWS_SDK_MODULES = ['@aws-sdk/*', '@smithy/*'] as const;

/**
 * Packages a function loads from a Lambda layer (infra/layers.ts) instead of its bundle. Only
 * for a dependency the function imports lazily, on a path most invocations never take, and that
 * has no dependencies of its own: unpdf (pdf.js, ~1.6 MB) is imported by packages/extract only
 * when a PDF arrives, so the extract bundle does not carry (or parse at init) what HTML pages
 * never use. bench/cold-start.ts reports the layer's size beside the bundle's.
 */
export const LAYER_PACKAGES = ['unpdf'] as const;
export type LayerPackage = (typeof LAYER_PACKAGES)[number];

export const FUNCTION_LAYERS: Readonly<Record<FunctionName, readonly LayerPackage[]>> = {
  'crawl-seed': [],
  'crawl-worker': [],
  extract: ['unpdf'],
  'evaluate-digest': [],
  api: [],
  alerts: [],
  import: [],
};

export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  /**
   * dynalite: only the embedded local store loads it, lazily; never in Lambda.
   * protobufjs/minimal: @datadog/sketches-js requires it only inside its protobuf encoders, which
   * the project never calls (rollups serialise sketches as JSON), and does not depend on it.
   */
  external: ['dynalite', 'protobufjs/minimal'],
  logLevel: 'warning',
} as const;

/**
 * Modules left out of a function's bundle: the common externals, its layer packages, and the
 * whole SDK when it is not bundled, or else the parts of it left to the runtime.
 */
export const externalModulesOf = (name: FunctionName, bundleAwsSdk: boolean = BUNDLE_AWS_SDK): string[] => [
  ...ESBUILD_OPTIONS.external,
  ...FUNCTION_LAYERS[name],
  ...(bundleAwsSdk
    ? SDK_LEFT_TO_RUNTIME.filter((m) => !(SDK_BUNDLED_FOR[name] ?? []).includes(m))
    : AWS_SDK_MODULES),
];

/**
 * Parts of SDK_LEFT_TO_RUNTIME a function's client imports statically, so they are bundled for
 * it: the S3 client loads event-stream serialisation at init (for SelectObjectContent).
 */
export const SDK_BUNDLED_FOR: Partial<Record<FunctionName, readonly string[]>> = {
  import: ['@smithy/core/event-streams'],
};

/**
 * The esbuild options CDK's NodejsFunction passes for a function (see constructs/app-function.ts),
 * for bench/cold-start.ts and the tests that bundle a function as it is deployed.
 */
export const esbuildOptionsOf = (
  name: FunctionName,
  bundleAwsSdk: boolean = BUNDLE_AWS_SDK,
): BuildOptions => ({
  entryPoints: [entryOf(name)],
  bundle: ESBUILD_OPTIONS.bundle,
  platform: ESBUILD_OPTIONS.platform,
  target: ESBUILD_OPTIONS.target,
  format: ESBUILD_OPTIONS.format,
  minify: ESBUILD_OPTIONS.minify,
  sourcemap: ESBUILD_OPTIONS.sourcemap,
  mainFields: [...ESBUILD_OPTIONS.mainFields],
  banner: ESBUILD_OPTIONS.banner,
  external: externalModulesOf(name, bundleAwsSdk),
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  logLevel: 'error',
});
