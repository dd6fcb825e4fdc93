// `promisegap keys create|list|revoke`: API keys on the embedded store. A new key is printed once, as
// the last line of standard output; only its SHA-256 is stored.

import Table from 'cli-table3';
import { Command, Option } from 'commander';
import type { Store } from '../../core/index.ts';
import {
  ApiKeyFormatError,
  ApiKeyNotFoundError,
  createApiKey,
  KEY_SCOPES,
  type KeyScope,
  listApiKeys,
  revokeApiKey,
} from '../../keys/index.ts';
import { EmbeddedStoreError, openEmbeddedStore } from '../../store/index.ts';

const DATA_DIR_HELP = 'where the embedded store keeps its data';

/** Opens the store, runs `work`, closes it; expected failures become a message and exit code 1. */
const withStore = async (dataDir: string, work: (store: Store) => Promise<void>): Promise<void> => {
  let embedded: Awaited<ReturnType<typeof openEmbeddedStore>> | undefined;
  try {
    embedded = await openEmbeddedStore({ dataDir });
    await work(embedded.store);
  } catch (error) {
    if (
      error instanceof EmbeddedStoreError ||
      error instanceof ApiKeyFormatError ||
      error instanceof ApiKeyNotFoundError
    ) {
      process.stderr.write(`promisegap: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await embedded?.close();
  }
};

export const register = (program: Command): void => {
  const keys = new Command('keys').description('Creates, lists and revokes API keys.');

  keys
    .command('create')
    .description('Creates a key and prints it once, as the last line.')
    .addOption(
      new Option('--scope <scope>', 'read (GET) or write (GET and POST)')
        .choices(KEY_SCOPES)
        .makeOptionMandatory(),
    )
    .option('--label <label>', 'what the key is for')
    .option('--data-dir <dir>', DATA_DIR_HELP, '.promisegap')
    .action(async (options: { scope: KeyScope; label?: string; dataDir: string }) =>
      withStore(options.dataDir, async (store) => {
        const { key, record } = await createApiKey(store, {
          scope: options.scope,
          now: () => new Date(),
          ...(options.label !== undefined ? { label: options.label } : {}),
        });
        process.stdout.write(
          `created ${record.scope} key ${record.id}${record.label ? ` (${record.label})` : ''}. ` +
            'Copy it now: it is shown only this once.\n',
        );
        process.stdout.write(`${key}\n`);
      }),
    );

  keys
    .command('list')
    .description('Lists keys (ids, scopes, labels; never the keys themselves).')
    .option('--json', 'one JSON array')
    .option('--data-dir <dir>', DATA_DIR_HELP, '.promisegap')
    .action(async (options: { json?: boolean; dataDir: string }) =>
      withStore(options.dataDir, async (store) => {
        const records = await listApiKeys(store);
        if (options.json) {
          const safe = records.map(({ hash: _hash, ...rest }) => rest);
          process.stdout.write(`${JSON.stringify(safe)}\n`);
          return;
        }
        if (records.length === 0) {
          process.stdout.write('no keys yet; create one with: promisegap keys create --scope read\n');
          return;
        }
        const table = new Table({
          head: ['id', 'scope', 'label', 'created', 'revoked'],
          style: { head: [], border: [] },
        });
        for (const r of records) {
          table.push([r.id, r.scope, r.label ?? '', r.createdAt, r.revokedAt ?? '']);
        }
        process.stdout.write(`${table.toString()}\n`);
      }),
    );

  keys
    .command('revoke')
    .description('Revokes a key by its id; it stops working within seconds.')
    .argument('<id>', 'the key id, as `keys list` shows it')
    .option('--data-dir <dir>', DATA_DIR_HELP, '.promisegap')
    .action(async (id: string, options: { dataDir: string }) =>
      withStore(options.dataDir, async (store) => {
        await revokeApiKey(store, id, () => new Date());
        process.stdout.write(`revoked ${id}\n`);
      }),
    );

  program.addCommand(keys);
};
