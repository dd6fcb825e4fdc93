// The promisegap command line. Each file in ./commands registers one command (or a group).

import { readdirSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/index.ts';

export interface CommandModule {
  register(program: Command): void;
}

/**
 * Each command lives in commands/<name>.ts. Only the module of the command being run is loaded
 * (start-up time matters for scripts and scorers); help and unknown commands load them all.
 */
const commandModules = async (argv: string[]): Promise<CommandModule[]> => {
  const dir = new URL('./commands/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const wanted = argv[2];
  const selected = wanted && files.includes(`${wanted}.ts`) ? [`${wanted}.ts`] : files;
  return Promise.all(selected.map((f) => import(new URL(f, dir).href) as Promise<CommandModule>));
};

export const main = async (argv: string[]): Promise<number> => {
  const program = new Command('promisegap')
    .description('Finds the promises a company makes in public and checks them against what was delivered.')
    .exitOverride()
    .showHelpAfterError();
  for (const m of await commandModules(argv)) m.register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`promisegap: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};
