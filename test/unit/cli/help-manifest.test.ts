import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedHelp, helpRequestOf, helpSourceHash } from '../../../packages/cli/help-cache.mjs';
import { renderHelpManifest } from '../../../packages/cli/help-manifest.ts';

const committed = JSON.parse(
  readFileSync(new URL('../../../packages/cli/help.json', import.meta.url), 'utf8'),
) as { commands: Record<string, { hash: string; help: Record<string, string> }> };

describe('help.json, that `COMMAND --help` is answered from without TypeScript', () => {
  it('holds what every command module renders now (regenerate: npx tsx packages/cli/help-manifest.ts --write)', async () => {
    const rendered = await renderHelpManifest();
    const files = readdirSync(new URL('../../../packages/cli/commands/', import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(committed.commands).sort()).toEqual(files);
    expect(committed).toEqual(rendered);
    expect(rendered.commands.keys?.help['keys create']).toMatch(/--scope <scope>/);
  }, 120_000);

  it('answers a help request only while the sources hash as they did when it was rendered', () => {
    expect(cachedHelp(['keys', 'create'])).toBe(committed.commands.keys?.help['keys create']);
    expect(cachedHelp(['keys', 'nonsense'])).toBeUndefined();
    expect(cachedHelp(['no-such-command'])).toBeUndefined();
    expect(helpSourceHash('keys')).toBe(committed.commands.keys?.hash);
    expect(helpSourceHash('no-such-command')).toBeUndefined();
  });

  it.each([
    [['keys', '--help'], ['keys']],
    [
      ['keys', 'create', '-h'],
      ['keys', 'create'],
    ],
    [['help', 'import'], ['import']],
    [['keys', 'create', '--scope', 'read', '--help'], undefined],
    [['keys', 'list'], undefined],
    [['--help'], undefined],
  ])('reads %j as a help request for %j', (args, path) => {
    expect(helpRequestOf(args)).toEqual(path);
  });
});
