import type { Command } from 'commander';

export const register = (program: Command): void => {
  program
    .command('extract')
    .argument('<files...>')
    .option('--format <format>', 'json', 'json')
    .action(async (files: string[]) => {
      process.stdout.write(`${JSON.stringify(files)}\n`);
    });
};
