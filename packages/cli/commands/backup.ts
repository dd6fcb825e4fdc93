// `promisegap backup [--out FILE]`: the whole store in one gzipped JSON Lines file. On a data
// folder it is one consistent snapshot (writes of other commands wait while it reads); with
// --table it reads the deployed table item by item.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupTable } from '../../store/index.ts';
import { type StoreOptions, withStore, withStoreOptions } from '../store.ts';

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export const register = (program: Command): void => {
  withStoreOptions(
    program
      .command('backup')
      .description('Write the whole store to one file (a consistent snapshot).')
      .option('--out <file>', 'the backup file (default: promisegap-backup-<time>.jsonl.gz here)')
      .option('--json', 'one JSON object { file, items, bytes, sha256, store }'),
  ).action(async (options: StoreOptions & { out?: string; json?: boolean }) =>
    withStore(options, async (opened) => {
      const now = new Date();
      const file = resolve(options.out ?? `promisegap-backup-${stamp(now)}.jsonl.gz`);
      const summary = await backupTable(
        {
          raw: opened.raw,
          tableName: opened.tableName,
          source: opened.description,
          ...(opened.local ? { local: { endpoint: opened.local.endpoint, token: opened.local.token } } : {}),
        },
        file,
        () => now,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...summary, store: opened.description })}\n`);
        return;
      }
      process.stdout.write(
        `backed up ${summary.items} items from ${opened.description} to ${file} (${Math.ceil(summary.bytes / 1024)} KB); restore with: promisegap restore ${file}\n`,
      );
    }),
  );
};
