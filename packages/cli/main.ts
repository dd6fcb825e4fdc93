// The promisegap command line: one module a command, registered here.

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/index.ts';

export const main = async (argv: string[]): Promise<number> => {
  const program = new Command('promisegap')
    .description('Finds the promises a company makes in public and checks them against what was delivered.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const registrations = await Promise.all([import('./commands/extract.ts')]);
  for (const r of registrations) r.register(program);
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
