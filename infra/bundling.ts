// How every function is bundled, in one place: the CDK functions and bench/cold-start.ts both
// read it, so the benchmark measures exactly what is deployed.

import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** The functions of the app: folder under functions/ → what it does. */
export const FUNCTIONS = {
  'crawl-seed': 'Plans the weekly crawl and queues one message per start page',
  'crawl-worker': 'Fetches one page per message, stores changed snapshots, queues extraction',
  extract: 'Extracts promises from a changed snapshot and records their versions',
  'evaluate-digest': 'Evaluates last week against every promise and emails the digest',
  api: 'The HTTP API and dashboard',
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
 * The AWS SDK is bundled, not taken from the runtime: the Node.js 22 runtime's SDK v3 is a
 * version AWS picks and changes, while ours is pinned by the lockfile and tested; bundling also
 * lets esbuild drop the parts a function does not use. bench/cold-start.ts reports the sizes.
 */
export const BUNDLE_AWS_SDK = true;

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
