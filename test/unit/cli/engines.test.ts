// `engines` and the dependencies agree: promisegap's Node floor is at least what every runtime
// dependency declares, except unpdf (Node 22 declared; README says why Node 20 works), and
// `promisegap doctor` holds the machine to that floor.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../../packages/cli/commands/doctor.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
};
/** A dependency's own package.json (read from node_modules: some export no ./package.json). */
const manifestOf = (name: string) =>
  JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { engines?: { node?: string } };
/** The floor of a ">=X.Y.Z" (or ">= X", "^X.Y") range; undefined for ranges without one. */
const floorOf = (range: string): string | undefined =>
  /^\s*(?:>=|\^)\s*v?(\d+(?:\.\d+){0,2})/.exec(range)?.[1];
const DOCUMENTED = new Set(['unpdf']);

describe('the Node versions promisegap declares', () => {
  const ours = floorOf(pkg.engines.node) ?? '';

  it('has a floor at least as high as every runtime dependency declares', () => {
    const lower: string[] = [];
    for (const name of Object.keys(pkg.dependencies)) {
      const declared = manifestOf(name).engines?.node;
      const floor = declared ? floorOf(declared) : undefined;
      if (!floor || DOCUMENTED.has(name)) continue;
      if (!atLeast(ours, floor)) lower.push(`${name} needs ${declared}`);
    }
    expect(lower, `engines.node is ${pkg.engines.node}`).toEqual([]);
  });

  it('names the floor in the README and explains the one dependency above it', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`Node.js ${ours} or later`);
    for (const name of DOCUMENTED) expect(readme).toMatch(new RegExp(`\`${name}\` declares Node 22`));
  });
});
