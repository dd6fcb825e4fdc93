// Renders help.json: the help text of every command and subcommand, as its module registers it,
// so bin/promisegap.mjs can answer `COMMAND --help` without loading TypeScript (see help-cache.mjs).
//
//   npx tsx packages/cli/help-manifest.ts --write     (after changing a command's options)

import { readdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { createTopLevelProgram } from './catalog.mjs';
import { helpSourceHash } from './help-cache.mjs';
import { type CommandModule, packageVersion } from './main.ts';

export interface HelpManifest {
  commands: Record<string, { hash: string; help: Record<string, string> }>;
}

/** Help is rendered 80 columns wide, as commander does when its output is not a terminal. */
const HELP_WIDTH = 80;

export const renderHelpManifest = async (): Promise<HelpManifest> => {
  const dir = new URL('./commands/', import.meta.url);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const commands: HelpManifest['commands'] = {};
  for (const name of names) {
    const program = createTopLevelProgram(Command, { version: packageVersion() });
    const module = (await import(new URL(`${name}.ts`, dir).href)) as CommandModule;
    module.register(program);
    const help: Record<string, string> = {};
    const walk = (command: Command, path: string[]) => {
      command.configureOutput({ getOutHelpWidth: () => HELP_WIDTH, getOutHasColors: () => false });
      help[path.join(' ')] = command.helpInformation();
      for (const sub of command.commands) walk(sub, [...path, sub.name()]);
    };
    for (const command of program.commands) walk(command, [command.name()]);
    const hash = helpSourceHash(name);
    if (hash) commands[name] = { hash, help };
  }
  return { commands };
};

if (process.argv.includes('--write')) {
  const manifest = await renderHelpManifest();
  writeFileSync(new URL('./help.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`help.json: ${Object.keys(manifest.commands).length} commands\n`);
}
