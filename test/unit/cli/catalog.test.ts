import { readdirSync } from 'node:fs';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../packages/cli/catalog.mjs';
import { buildProgram, type CommandModule } from '../../../packages/cli/main.ts';

const commandFiles = readdirSync(new URL('../../../packages/cli/commands/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('the command catalog that --help is answered from', () => {
  it('lists every command file, and nothing that is not one', () => {
    expect(CATALOG.map((c) => c.name).sort()).toEqual(commandFiles);
  });

  it.each(CATALOG.map((c) => [c.name, c] as const))(
    'says of %s what its module registers (summary and usage)',
    async (name, entry) => {
      const program = new Command('promisegap');
      const module = (await import(`../../../packages/cli/commands/${name}.ts`)) as CommandModule;
      module.register(program);
      const registered = program.commands.find((c) => c.name() === name);
      expect(registered?.description()).toBe(entry.description);
      expect(registered && new Help().subcommandTerm(registered)).toBe(entry.term);
    },
  );

  it('loads only the module of the command being run; the others stay placeholders', async () => {
    const program = await buildProgram(['node', 'promisegap', 'keys', 'list']);
    const keys = program.commands.find((c) => c.name() === 'keys');
    const serve = program.commands.find((c) => c.name() === 'serve');
    expect(keys?.commands.map((c) => c.name())).toEqual(['create', 'list', 'revoke']);
    expect(serve?.options).toEqual([]);
    expect(program.commands.map((c) => c.name()).sort()).toEqual(commandFiles);
  });
});
