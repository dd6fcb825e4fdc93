// The embedded store: dynalite (DynamoDB in Node) in a worker thread of this process, on a
// loopback port, persisted under the data directory. The repository is the same DynamoDB implementation as in AWS. The
// process that opens a folder holds it and serves it: other commands on the same folder reach the
// same dynalite through the endpoint it publishes (see shared.ts).

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger, Store } from '../core/index.ts';
import { createDynamoStore } from './dynamo-store.ts';
import { EmbeddedStoreError, StoreBusyError } from './errors.ts';
import {
  folderFiles,
  liveLeases,
  publishEndpoint,
  releaseLock,
  tryTakeLock,
  unpublishEndpoint,
} from './folder.ts';
import { checkLevelDb, verifyManifest, writeManifest } from './integrity.ts';
import { TABLE_SCHEMA } from './schema.ts';

/** The header a client sends to prove it read the endpoint file (mode 0600) of this folder. */
export const TOKEN_HEADER = 'x-promisegap-token';
/** Requests of a backup carry the freeze id, so they pass while other writers wait. */
export const FREEZE_HEADER = 'x-promisegap-freeze';
export const CONTROL_PATH = '/promisegap/';

export interface EmbeddedStore {
  store: Store;
  /** The loopback endpoint, for tools that speak DynamoDB (AWS_ENDPOINT_URL_DYNAMODB). */
  endpoint: string;
  client: DynamoDBDocumentClient;
  /** The raw client, for tools that speak DynamoDB JSON (backup, restore). */
  raw: DynamoDBClient;
  /** The token other processes must send; undefined for an in-memory store, which is not shared. */
  token?: string;
  /** How this process reaches the store, for the one line a command prints. */
  description: string;
  close(): Promise<void>;
}

/** Creates the table with the shared key schema if it is missing, and waits until it is ACTIVE. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (described.Table?.TableStatus === 'ACTIVE') return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    const { partitionKey, sortKey, indexes } = TABLE_SCHEMA;
    const attributes = new Set<string>([
      partitionKey,
      sortKey,
      ...indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  }
  // A new table is CREATING for a moment (longer on a loaded machine); writes before it is
  // ACTIVE fail, so wait for it rather than hope.
  await waitUntilTableExists(
    { client, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: tableName },
  );
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      }),
    )
    .catch(() => {
      // dynalite does not implement TTL; expiry only matters in AWS, where the table sets it.
    });
};

/** A DynamoDB client for a loopback endpoint that sends the folder's token with every request. */
export const loopbackClient = (endpoint: string, token: string | undefined): DynamoDBClient => {
  const raw = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
  if (token) {
    raw.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers[TOKEN_HEADER] = token;
        return next(args);
      },
      { step: 'build', name: 'promisegapToken' },
    );
  }
  return raw;
};

export const documentClient = (raw: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });

/** How long a backup may hold writers before the store lets them go on without it. */
const FREEZE_LIMIT_MS = 600_000;

type WorkerMessage =
  | { type: 'ready'; endpoint: string }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'closed' };

interface RunningDynalite {
  endpoint: string;
  /** Health answers 503 from now on (commands take it as "closing": they do not start using it). */
  setClosing(): void;
  /** Closes the server and the LevelDB files; resolves when the worker thread has exited. */
  stop(): Promise<void>;
}

/**
 * Starts dynalite and its gate (token check, health, backup freeze) in a worker thread
 * (dynalite-worker.mjs): every request the store answers is parsed and applied there, never on
 * the event loop of the process that opened it. A worker thread, not a child process, so it
 * cannot outlive this process.
 */
const startDynalite = async (
  path: string | undefined,
  token: string,
  label: string,
  logger: Logger | undefined,
): Promise<RunningDynalite> => {
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), {
    workerData: {
      ...(path ? { path } : {}),
      token,
      pid: process.pid,
      headers: { token: TOKEN_HEADER, freeze: FREEZE_HEADER },
      controlPath: CONTROL_PATH,
      freezeLimitMs: FREEZE_LIMIT_MS,
    },
    // Plain JavaScript: none of the parent's flags (a `node -e` or `--input-type` parent broke the
    // worker's start), no loader.
    execArgv: [],
    // Its own output would interleave with the command's; errors come back as messages.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  let exited = false;
  const exit = new Promise<void>((done) =>
    worker.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const endpoint = await new Promise<string>((done, fail) => {
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'ready') done(m.endpoint);
      else if (m.type === 'failed') fail(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
    };
    worker.on('message', onMessage);
    worker.once('error', fail);
    void exit.then(() => fail(new Error('the store worker exited while starting')));
  }).catch(async (cause: unknown) => {
    await worker.terminate();
    throw new EmbeddedStoreError(`cannot start the embedded store in ${label}`, { cause });
  });
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  let stopping = false;
  worker.on('error', (error) =>
    logger?.error('the embedded store stopped', { dataDir: label, error: String(error) }),
  );
  void exit.then(() => {
    if (!stopping) logger?.error('the embedded store stopped unexpectedly', { dataDir: label });
  });
  return {
    endpoint,
    setClosing: () => {
      if (!exited) worker.postMessage({ type: 'closing' });
    },
    stop: async () => {
      stopping = true;
      if (exited) return;
      const closed = new Promise<WorkerMessage | undefined>((done) => {
        worker.on('message', (m: WorkerMessage) => done(m));
        void exit.then(() => done(undefined));
      });
      worker.postMessage({ type: 'stop' });
      const reply = await closed;
      await exit;
      if (reply?.type === 'failed') {
        throw new EmbeddedStoreError(
          `the embedded store in ${label} did not close cleanly: ${reply.message}`,
        );
      }
    },
  };
};

export interface OpenEmbeddedOptions {
  dataDir: string;
  logger?: Logger;
  /** Called while closing waits for other commands that still use this folder through us. */
  onWaitForClients?: (pids: number[]) => void;
  /** The clock, for the endpoint file's and the manifest's times. */
  now?: () => Date;
}

/**
 * Starts dynalite on 127.0.0.1 and returns the store over it, holding the folder: a second
 * holder is refused (StoreBusyError names its pid). `dataDir: ':memory:'` keeps everything in
 * memory (tests, benchmarks); otherwise LevelDB files live in DIR/dynamodb, are checked against
 * the manifest written at the last clean close, and the endpoint is published for other commands.
 */
export const openEmbeddedStore = async (options: OpenEmbeddedOptions): Promise<EmbeddedStore> => {
  const inMemory = options.dataDir === ':memory:';
  const dataDir = inMemory ? ':memory:' : resolve(options.dataDir);
  const token = randomBytes(18).toString('base64url');
  const now = options.now ?? (() => new Date());
  const files = folderFiles(dataDir);
  if (!inMemory) {
    try {
      mkdirSync(files.levelDb, { recursive: true });
    } catch (cause) {
      throw new EmbeddedStoreError(`cannot create the data directory ${files.levelDb}`, { cause });
    }
    const lock = tryTakeLock(dataDir);
    if (!lock.taken) {
      throw new StoreBusyError(
        dataDir,
        lock.holder,
        `the data directory ${dataDir} is in use by another promisegap process (pid ${lock.holder}); stop it first, or pass --data-dir with another folder`,
      );
    }
  }
  const release = () => {
    if (!inMemory) releaseLock(dataDir);
  };
  let started: Awaited<ReturnType<typeof startDynalite>>;
  try {
    if (!inMemory) {
      if ((await verifyManifest(dataDir)) === 'unclean') {
        options.logger?.warn(
          `the store in ${dataDir} was not closed cleanly last time (a crash or a kill); LevelDB recovers what was written, but the last writes may be missing: compare with your latest backup if in doubt`,
        );
      }
      await checkLevelDb(files.levelDb);
    }
    started = await startDynalite(inMemory ? undefined : files.levelDb, token, dataDir, options.logger);
  } catch (error) {
    release();
    throw error;
  }
  const { endpoint } = started;
  const raw = loopbackClient(endpoint, token);
  const client = documentClient(raw);
  try {
    await ensureTable(raw, TABLE_SCHEMA.tableName);
  } catch (cause) {
    await started.stop().catch(() => {});
    release();
    throw new EmbeddedStoreError(`the embedded store in ${dataDir} could not be prepared`, { cause });
  }
  if (!inMemory) {
    publishEndpoint(dataDir, { endpoint, pid: process.pid, token, startedAt: now().toISOString() });
  }
  const store = createDynamoStore({
    client,
    tableName: TABLE_SCHEMA.tableName,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let closed: Promise<void> | undefined;
  const close = async () => {
    started.setClosing();
    if (!inMemory) {
      unpublishEndpoint(dataDir, token);
      // Commands that reached the store through us finish first (their writes are ours to keep).
      let told = false;
      for (;;) {
        const others = liveLeases(dataDir);
        if (others.length === 0) break;
        if (!told) options.onWaitForClients?.(others);
        told = true;
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    raw.destroy();
    await started.stop();
    if (!inMemory) await writeManifest(dataDir, now);
    release();
  };
  return {
    store,
    endpoint,
    client,
    raw,
    ...(inMemory ? {} : { token }),
    description: inMemory ? 'in-memory store' : `${dataDir} (embedded)`,
    close: () => {
      closed ??= close();
      return closed;
    },
  };
};

export const levelDbPath = (dataDir: string): string => join(resolve(dataDir), 'dynamodb');
