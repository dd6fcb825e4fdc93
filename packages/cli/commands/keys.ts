// `promisegap keys create|list|revoke`: API keys in the store (the data folder, or a deployed
// table with --table). A new key is printed once, as the last line of standard output; only its
// SHA-256 is stored.

import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { createApiKey, KEY_SCOPES, type KeyScope, listApiKeys, revokeApiKey } from '../../keys/index.ts';
import { type StoreOptions, withStore, withStoreOptions } from '../store.ts';

interface KeyOptions extends StoreOptions {
  json?: boolean;
}

export const register = (program: Command): void => {
  const keys = new Command('keys').description('Creates, lists and revokes API keys.');

  withStoreOptions(
    keys
      .command('create')
      .description('Creates a key and prints it once, as the last line.')
      .addOption(
        new Option('--scope <scope>', 'read (GET) or write (GET and POST)')
          .choices(KEY_SCOPES)
          .makeOptionMandatory(),
      )
      .option('--label <label>', 'what the key is for')
      .option('--json', 'one JSON object { id, scope, label, createdAt, key }'),
  ).action(async (options: KeyOptions & { scope: KeyScope; label?: string }) =>
    withStore(options, async ({ store, description }) => {
      const { key, record } = await createApiKey(store, {
        scope: options.scope,
        now: () => new Date(),
        ...(options.label !== undefined ? { label: options.label } : {}),
      });
      if (options.json) {
        const { hash: _hash, ...rest } = record;
        process.stdout.write(`${JSON.stringify({ ...rest, key })}\n`);
        return;
      }
      process.stdout.write(
        `created ${record.scope} key ${record.id}${record.label ? ` (${record.label})` : ''} in ${description}. ` +
          'Copy it now: it is shown only this once.\n',
      );
      process.stdout.write(`${key}\n`);
    }),
  );

  withStoreOptions(
    keys
      .command('list')
      .description('Lists keys (ids, scopes, labels; never the keys themselves).')
      .option('--json', 'one JSON array'),
  ).action(async (options: KeyOptions) =>
    withStore(options, async ({ store, description }) => {
      const records = await listApiKeys(store);
      if (options.json) {
        const safe = records.map(({ hash: _hash, ...rest }) => rest);
        process.stdout.write(`${JSON.stringify(safe)}\n`);
        return;
      }
      if (records.length === 0) {
        process.stdout.write(
          `no keys in ${description}; create one with: promisegap keys create --scope read\n`,
        );
        return;
      }
      const table = new Table({
        head: ['id', 'scope', 'label', 'created', 'revoked'],
        style: { head: [], border: [] },
      });
      for (const r of records) table.push([r.id, r.scope, r.label ?? '', r.createdAt, r.revokedAt ?? '']);
      const active = records.filter((r) => !r.revokedAt).length;
      process.stdout.write(
        `${records.length} keys in ${description}, ${active} active\n${table.toString()}\n`,
      );
    }),
  );

  withStoreOptions(
    keys
      .command('revoke')
      .description('Revokes a key by its id; it stops working within seconds.')
      .argument('<id>', 'the key id, as `keys list` shows it')
      .option('--json', 'one JSON object { id, revoked: true }'),
  ).action(async (id: string, options: KeyOptions) =>
    withStore(options, async ({ store, description }) => {
      await revokeApiKey(store, id, () => new Date());
      process.stdout.write(
        options.json ? `${JSON.stringify({ id, revoked: true })}\n` : `revoked ${id} in ${description}\n`,
      );
    }),
  );

  program.addCommand(keys);
};
