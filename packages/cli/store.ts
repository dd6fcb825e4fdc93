// One way for every store command to reach its store: `--table NAME` is a DynamoDB table (the
// standard AWS credential chain, AWS_REGION, and AWS_ENDPOINT_URL_DYNAMODB for any
// DynamoDB-compatible endpoint); otherwise the data folder, shared with whichever promisegap
// process already serves it. Commands add the options with `withStoreOptions` and open with
// `openStoreFor`.

import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import type { Logger, Store } from '../core/index.ts';
import {
  createDynamoStore,
  documentClient,
  type EmbeddedStore,
  openEmbeddedStore,
  openLocalStore,
  RemoteTableError,
  StoreBusyError,
  TABLE_SCHEMA,
} from '../store/index.ts';
import { DEFAULT_DATA_DIR } from './support.ts';

export interface StoreOptions {
  dataDir?: string;
  table?: string;
}

export interface OpenedStore {
  store: Store;
  /** Where the store is, for the line a command prints: "…/.promisegap (embedded)", "table x in eu-west-1". */
  description: string;
  /** The raw client and its table, for backup and restore. */
  raw: EmbeddedStore['raw'];
  tableName: string;
  /** A local folder's endpoint and token (not for --table). */
  local?: { endpoint: string; token: string; dataDir: string };
  close(): Promise<void>;
}

/** Adds --data-dir and --table to a store command. */
export const withStoreOptions = (command: Command): Command =>
  command
    .option(
      '--data-dir <dir>',
      'the local data folder (shared with a running serve or demo)',
      DEFAULT_DATA_DIR,
    )
    .option(
      '--table <name>',
      'a deployed DynamoDB table instead of the data folder (AWS credentials and AWS_REGION; AWS_ENDPOINT_URL_DYNAMODB for another endpoint)',
    );

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const describeAwsError = (error: unknown): string => {
  const e = error as { name?: string; message?: string; code?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
};

/** A deployed table: checked once (exists, reachable, credentials work) before any command runs. */
const openTable = async (table: string, env: NodeJS.ProcessEnv, logger?: Logger): Promise<OpenedStore> => {
  if (!TABLE_NAME.test(table)) {
    throw new RemoteTableError(
      table,
      `--table "${table}" is not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)`,
    );
  }
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  // The SDK reads the credential chain, AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB itself; a
  // missing region is the one thing it cannot guess, so say so before the first call.
  if (!region) {
    const raw = new DynamoDBClient({});
    const guessed = await raw.config.region().catch(() => undefined);
    raw.destroy();
    if (!guessed) {
      throw new RemoteTableError(
        table,
        `--table ${table} needs a region: set AWS_REGION (or a profile with one)`,
      );
    }
  }
  const raw = new DynamoDBClient({ maxAttempts: 5 });
  const where = `table ${table}${endpoint ? ` at ${endpoint}` : ` in ${region ?? (await raw.config.region())}`}`;
  try {
    const described = await raw.send(new DescribeTableCommand({ TableName: table }));
    if (described.Table?.TableStatus !== 'ACTIVE' && described.Table?.TableStatus !== 'UPDATING') {
      throw new RemoteTableError(
        table,
        `${where} is ${described.Table?.TableStatus ?? 'not ready'}; try again when it is ACTIVE`,
      );
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof RemoteTableError) throw error;
    if (error instanceof ResourceNotFoundException) {
      throw new RemoteTableError(
        table,
        `${where} does not exist; its name is the Data stack's TableName output (cdk deploy prints it)`,
        { cause: error },
      );
    }
    const name = (error as { name?: string }).name ?? '';
    if (/Credential|Unrecognized|InvalidSignature|ExpiredToken|AccessDenied/i.test(name + String(error))) {
      throw new RemoteTableError(
        table,
        `cannot use ${where}: ${describeAwsError(error)} (check AWS_PROFILE or the credentials; \`promisegap doctor --table ${table}\` shows what is found)`,
        { cause: error },
      );
    }
    throw new RemoteTableError(table, `cannot reach ${where}: ${describeAwsError(error)}`, { cause: error });
  }
  const client = documentClient(raw);
  return {
    store: createDynamoStore({ client, tableName: table, ...(logger ? { logger } : {}) }),
    description: where,
    raw,
    tableName: table,
    close: async () => raw.destroy(),
  };
};

/**
 * The store a command works on: `--table` → that DynamoDB table; otherwise the data folder,
 * through the promisegap process that serves it or opened here.
 */
export const openStoreFor = async (
  options: StoreOptions,
  context: { env?: NodeJS.ProcessEnv; logger?: Logger; onWaitForClients?: (pids: number[]) => void } = {},
): Promise<OpenedStore> => {
  if (options.table) return openTable(options.table, context.env ?? process.env, context.logger);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const embedded = await openLocalStore({
    dataDir,
    now: () => new Date(),
    ...(context.logger ? { logger: context.logger } : {}),
    onWaitForClients:
      context.onWaitForClients ??
      ((pids) =>
        process.stderr.write(
          `waiting for ${pids.length} other promisegap command${pids.length === 1 ? '' : 's'} using ${dataDir} to finish (pid ${pids.join(', ')})\n`,
        )),
  });
  return {
    store: embedded.store,
    description: embedded.description,
    raw: embedded.raw,
    tableName: TABLE_SCHEMA.tableName,
    ...(embedded.token ? { local: { endpoint: embedded.endpoint, token: embedded.token, dataDir } } : {}),
    close: () => embedded.close(),
  };
};

/** Opens the store, runs `work`, and always closes it. */
export const withStore = async <T>(
  options: StoreOptions,
  work: (opened: OpenedStore) => Promise<T>,
  context: Parameters<typeof openStoreFor>[1] = {},
): Promise<T> => {
  const opened = await openStoreFor(options, context);
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
};

/**
 * The data folder, held by this process (serve, demo: they run until stopped, so they serve the
 * folder rather than borrow it). A short command holding it now is waited for, up to `waitMs`.
 */
export const holdLocalStore = async (
  dataDir: string,
  context: { logger?: Logger; waitMs?: number; onWaitForClients?: (pids: number[]) => void } = {},
): Promise<EmbeddedStore> => {
  const deadline = Date.now() + (context.waitMs ?? 30_000);
  let told = false;
  for (;;) {
    try {
      return await openEmbeddedStore({
        dataDir,
        now: () => new Date(),
        ...(context.logger ? { logger: context.logger } : {}),
        ...(context.onWaitForClients ? { onWaitForClients: context.onWaitForClients } : {}),
      });
    } catch (error) {
      if (!(error instanceof StoreBusyError) || error.holderPid === 0 || Date.now() > deadline) throw error;
      if (!told)
        process.stderr.write(
          `waiting for promisegap process ${error.holderPid} to finish with ${error.dataDir}\n`,
        );
      told = true;
      await new Promise((done) => setTimeout(done, 200));
    }
  }
};
