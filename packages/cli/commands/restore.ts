// `promisegap restore FILE`: a backup back into a store. The file is verified end to end before
// anything is written; the target must be empty, or with --replace (a data folder only) the
// current files are moved aside, never deleted.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BackupError, restoreTable, setAsideStore, tableHasItems, verifyBackup } from '../../store/index.ts';
import { type StoreOptions, withStore, withStoreOptions } from '../store.ts';
import { DEFAULT_DATA_DIR } from '../support.ts';

interface RestoreOptions extends StoreOptions {
  replace?: boolean;
  json?: boolean;
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export const register = (program: Command): void => {
  withStoreOptions(
    program
      .command('restore')
      .description(
        'Restore a backup file into an empty store (or, with --replace, in place of a data folder).',
      )
      .argument('<file>', 'a file written by `promisegap backup`')
      .option(
        '--replace',
        'move the data folder’s current files aside (kept, renamed) and restore in their place',
      )
      .option('--json', 'one JSON object { file, items, createdAt, source, store, setAside }'),
  ).action(async (file: string, options: RestoreOptions) => {
    const path = resolve(file);
    // A damaged or partial file changes nothing, not even the folder's current files.
    await verifyBackup(path);
    let setAside: string | undefined;
    if (options.replace) {
      if (options.table) {
        throw new BackupError(
          path,
          '--replace works on a data folder only; restore into an empty table instead',
        );
      }
      setAside = setAsideStore(resolve(options.dataDir ?? DEFAULT_DATA_DIR), stamp(new Date()));
    }
    await withStore(options, async (opened) => {
      if (await tableHasItems(opened.raw, opened.tableName)) {
        throw new BackupError(
          path,
          `${opened.description} already holds data; restore into an empty ${options.table ? 'table' : 'folder (--data-dir NEW), or pass --replace to move the current files aside'}`,
        );
      }
      const restored = await restoreTable({ raw: opened.raw, tableName: opened.tableName }, path);
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ file: path, ...restored, store: opened.description, ...(setAside ? { setAside } : {}) })}\n`,
        );
        return;
      }
      process.stdout.write(
        `restored ${restored.items} items (backup of ${restored.source}, ${restored.createdAt}) into ${opened.description}${setAside ? `; the previous files are in ${setAside}` : ''}\n`,
      );
    });
  });
};
