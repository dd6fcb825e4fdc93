import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  esbuildOptionsOf,
  externalModulesOf,
  FUNCTION_LAYERS,
  FUNCTIONS,
  type FunctionName,
  SDK_LEFT_TO_RUNTIME,
} from '../../infra/bundling.ts';
import { LayerPackageError, stageLayerPackage } from '../../infra/layers.ts';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Bundles a function as CDK deploys it (in memory) and returns esbuild's metafile. */
const metafileOf = async (name: FunctionName): Promise<Metafile> => {
  const result = await build({
    ...esbuildOptionsOf(name),
    outfile: join(tmpdir(), `pg-bundling-test-${name}.mjs`),
    write: false,
    metafile: true,
  });
  return result.metafile;
};

/** Imports of modules left outside the bundle, with how each is imported. */
const externalImports = (metafile: Metafile) =>
  Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external));

describe('bundling: what each function leaves out of its bundle', () => {
  const metafiles = new Map<FunctionName, Metafile>();
  beforeAll(async () => {
    for (const name of NAMES) metafiles.set(name, await metafileOf(name));
  }, 120_000);

  it('leaves unpdf out of the extract bundle only, for its layer', () => {
    expect(externalModulesOf('extract')).toContain('unpdf');
    for (const name of NAMES.filter((n) => n !== 'extract')) {
      expect(externalModulesOf(name)).not.toContain('unpdf');
    }
    const inputs = Object.keys(metafiles.get('extract')?.inputs ?? {});
    expect(inputs.some((path) => path.includes('node_modules/unpdf/'))).toBe(false);
  });

  it('imports every layer package lazily, so a function without a PDF never loads it', () => {
    for (const name of NAMES) {
      const layerImports = externalImports(metafiles.get(name) as Metafile).filter((i) =>
        (FUNCTION_LAYERS[name] as readonly string[]).includes(i.path),
      );
      if (name === 'extract') expect(layerImports.length).toBeGreaterThan(0);
      for (const i of layerImports) expect(i.kind, `${name} imports ${i.path}`).toBe('dynamic-import');
    }
  });

  it('imports the SDK parts left to the runtime only dynamically, never at init', () => {
    const leftToRuntime = (path: string) =>
      SDK_LEFT_TO_RUNTIME.some((m) => path === m || path.startsWith(`${m}/`));
    for (const name of NAMES) {
      for (const i of externalImports(metafiles.get(name) as Metafile).filter((x) => leftToRuntime(x.path))) {
        expect(i.kind, `${name} imports ${i.path}`).toBe('dynamic-import');
      }
    }
  });

  it('bundles the rest of the AWS SDK the functions call', () => {
    const inputs = Object.keys(metafiles.get('crawl-worker')?.inputs ?? {});
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/client-sqs/'))).toBe(true);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/lib-dynamodb/'))).toBe(true);
  });
});

describe('layers: packages copied from node_modules', () => {
  const temp = mkdtempSync(join(tmpdir(), 'pg-layers-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('lays unpdf out as nodejs/node_modules/unpdf, without type declarations', () => {
    const staged = stageLayerPackage('unpdf');
    const root = join(staged.dir, 'nodejs', 'node_modules', 'unpdf');
    const files = readdirSync(root, { recursive: true }).map(String);
    expect(files).toContain('package.json');
    expect(files.some((f) => /\.d\.[cm]?ts$/.test(f))).toBe(false);
    expect(staged.bytes).toBeGreaterThan(1_000_000);
    expect(staged.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reads the text of a PDF with the layer copy alone', async () => {
    const staged = stageLayerPackage('unpdf');
    const entry = join(staged.dir, 'nodejs', 'node_modules', 'unpdf', 'dist', 'index.mjs');
    const unpdf = (await import(pathToFileURL(entry).href)) as {
      extractText: (data: Uint8Array, options: { mergePages: true }) => Promise<{ text: string }>;
    };
    const pdf = await PDFDocument.create();
    const page = pdf.addPage();
    page.drawText('Refunds within 5 business days', {
      x: 50,
      y: 700,
      size: 12,
      font: await pdf.embedFont(StandardFonts.Helvetica),
    });
    const { text } = await unpdf.extractText(await pdf.save(), { mergePages: true });
    expect(text).toContain('Refunds within 5 business days');
  });

  it('refuses a package with dependencies, which a one-package layer could not carry', () => {
    const pkg = join(temp, 'node_modules', 'unpdf');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'unpdf', version: '9.9.9', dependencies: { 'left-pad': '1.0.0' } }),
    );
    expect(() => stageLayerPackage('unpdf', temp)).toThrow(LayerPackageError);
    expect(() => stageLayerPackage('unpdf', temp)).toThrow(/depends on left-pad/);
  });

  it('says what to do when the package is not installed', () => {
    expect(() => stageLayerPackage('unpdf', join(temp, 'nowhere'))).toThrow(/not installed/);
  });
});
