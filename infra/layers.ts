// Lambda layers made offline from node_modules: a package is copied at synth time into a folder
// laid out as the Node.js runtime expects (nodejs/node_modules/<name>), with no network and no
// Docker. The CDK app (constructs/app-function.ts) deploys the folder as a layer and
// bench/cold-start.ts reports its size, so both see the same files.

import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type LayerPackage, REPO_ROOT } from './bundling.ts';

export class LayerPackageError extends Error {
  constructor(
    readonly packageName: string,
    message: string,
  ) {
    super(`layer package ${packageName}: ${message}`);
    this.name = 'LayerPackageError';
  }
}

export interface StagedLayer {
  packageName: LayerPackage;
  version: string;
  /** The package's SPDX licence, as its package.json states it. */
  license?: string;
  /** The folder to deploy: holds nodejs/node_modules/<name>. */
  dir: string;
  /** Bytes of every file in the layer (uncompressed), what the function loads from /opt. */
  bytes: number;
  files: number;
}

/** Type declarations, source maps and docs are not needed at run time. */
const SKIPPED = /\.d\.[cm]?ts$|\.map$|^(README|CHANGELOG)(\.md)?$/i;

const runtimeFiles = (root: string, dir = root): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : runtimeFiles(root, full);
    return entry.isFile() && !SKIPPED.test(entry.name) ? [relative(root, full)] : [];
  });

const sizeOf = (dir: string): { bytes: number; files: number } => {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
};

/**
 * Copies node_modules/<name> (run-time files only) into a layer folder under
 * node_modules/.cache/promisegap-layers/<name>@<version>, once per version. The folder is filled
 * beside its final name and renamed into place, so a concurrent synthesis never sees half of it.
 * Refuses a package with dependencies or required peers: the layer holds that one package only.
 */
export const stageLayerPackage = (packageName: LayerPackage, root: string = REPO_ROOT): StagedLayer => {
  const source = join(root, 'node_modules', packageName);
  const manifestPath = join(source, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new LayerPackageError(packageName, `not installed (no ${manifestPath}); run npm ci first`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version?: string;
    license?: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  // Optional peers are left out too (unpdf's @napi-rs/canvas renders pages to images, never used).
  const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
    (peer) => manifest.peerDependenciesMeta?.[peer]?.optional !== true,
  );
  const deps = [...Object.keys(manifest.dependencies ?? {}), ...requiredPeers];
  if (deps.length) {
    throw new LayerPackageError(
      packageName,
      `depends on ${deps.join(', ')}; a layer made by copying one package cannot carry them`,
    );
  }
  const version = manifest.version ?? '0.0.0';
  const dir = join(root, 'node_modules', '.cache', 'promisegap-layers', `${packageName}@${version}`);
  if (!existsSync(dir)) {
    const partial = `${dir}.partial-${randomUUID()}`;
    const target = join(partial, 'nodejs', 'node_modules', packageName);
    for (const file of runtimeFiles(source)) {
      mkdirSync(dirname(join(target, file)), { recursive: true });
      copyFileSync(join(source, file), join(target, file));
    }
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another synthesis staged the same version first: its copy is as good as ours.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
  }
  return { packageName, version, license: manifest.license, dir, ...sizeOf(dir) };
};
