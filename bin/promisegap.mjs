#!/usr/bin/env node
// Entry point of the promisegap CLI. `--help` and `--version` are answered in plain JavaScript
// from the command catalog (no TypeScript loader, no command modules: a fraction of a second),
// and `COMMAND --help` from the help its module renders (help.json, while the module is as it was
// rendered from); every other command runs its TypeScript sources through tsx (no build step).
import { readdirSync, readFileSync } from 'node:fs';

// The AWS SDK warns on every command that it will need Node 22 from 2027; `promisegap doctor`
// reports that once instead of each command's output starting with nine lines of it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const TOP_LEVEL = new Set(['--help', '-h', 'help', '--version', '-V', '--debug']);
const topLevelOnly = args.every((a) => TOP_LEVEL.has(a));

const catalogCovers = async () => {
  const { CATALOG } = await import('../packages/cli/catalog.mjs');
  const names = new Set(CATALOG.map((c) => c.name));
  const files = readdirSync(new URL('../packages/cli/commands/', import.meta.url)).filter((f) =>
    f.endsWith('.ts'),
  );
  return files.every((f) => names.has(f.slice(0, -3)));
};

const commandHelp = async () => {
  if (topLevelOnly) return undefined;
  const { cachedHelp, helpRequestOf } = await import('../packages/cli/help-cache.mjs');
  const path = helpRequestOf(args);
  return path ? cachedHelp(path) : undefined;
};

const helpText = await commandHelp();
if (helpText !== undefined) {
  process.stdout.write(helpText);
} else if (topLevelOnly && (await catalogCovers())) {
  const { Command } = await import('commander');
  const { addPlaceholders, createTopLevelProgram } = await import('../packages/cli/catalog.mjs');
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const program = addPlaceholders(createTopLevelProgram(Command, { version }), Command);
  try {
    program.parse(process.argv);
  } catch (error) {
    process.exitCode = typeof error?.exitCode === 'number' ? error.exitCode : 1;
  }
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../packages/cli/main.ts');
  process.exitCode = await main(process.argv);
}
