// The promisegap command line. Each file in ./commands registers one command (or a group); only
// the module of the command being run is loaded, the others are listed from catalog.mjs.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CATALOG, createTopLevelProgram } from './catalog.mjs';
import { describeFailure } from './failure.ts';

export interface CommandModule {
  register(program: Command): void;
}

const COMMANDS_DIR = new URL('./commands/', import.meta.url);

const loadModule = (name: string): Promise<CommandModule> =>
  import(new URL(`${name}.ts`, COMMANDS_DIR).href) as Promise<CommandModule>;

export const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** The command a command line names: the first word that is not an option (`help X` names X). */
const commandOf = (argv: string[]): string | undefined => {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
};

/**
 * The program for this command line: the named command's own module, and every other command as a
 * catalog placeholder. Command files the catalog does not list yet are loaded too, so they appear.
 */
export const buildProgram = async (argv: string[]): Promise<Command> => {
  const program = createTopLevelProgram(Command, { version: packageVersion() });
  const known = new Set(CATALOG.map((c) => c.name));
  const files = readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  const wanted = commandOf(argv);
  const selected = wanted && existsSync(new URL(`${wanted}.ts`, COMMANDS_DIR)) ? wanted : undefined;
  const extra = files.filter((f) => !known.has(f) && f !== selected);
  const modules = await Promise.all(
    [...(selected ? [selected] : []), ...(selected ? [] : extra)].map(loadModule),
  );
  for (const m of modules) m.register(program);
  const registered = new Set(program.commands.map((c) => c.name()));
  for (const entry of CATALOG) {
    if (!registered.has(entry.name) && files.includes(entry.name)) {
      program.addCommand(new Command(entry.name).description(entry.description));
    }
  }
  return program;
};

export const main = async (argv: string[]): Promise<number> => {
  const debug = argv.includes('--debug');
  let program: Command;
  try {
    program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const failure = await describeFailure(error);
    process.stderr.write(`promisegap: ${failure.message}\n`);
    if (debug)
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return failure.code;
  }
};
