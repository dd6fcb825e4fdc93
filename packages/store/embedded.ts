// The embedded store: dynalite (DynamoDB in Node) in this process, on a loopback port, persisted
// under the data directory. The repository is the same DynamoDB implementation as in AWS. The
// process that opens a folder holds it and serves it: other commands on the same folder reach the
// same dynalite through the endpoint it publishes (see shared.ts).

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
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
  isAlive,
  liveLeases,
  publishEndpoint,
  releaseLock,
  tryTakeLock,
  unpublishEndpoint,
} from './folder.ts';
import { checkLevelDb, verifyManifest, writeManifest } from './integrity.ts';
import { TABLE_SCHEMA } from './schema.ts';

type Dynalite = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

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

const WRITE_TARGETS =
  /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|CreateTable|DeleteTable|UpdateTable)$/;

interface Freeze {
  id: string;
  pid: number;
  since: number;
}

/**
 * What sits in front of dynalite's request handler: the token check, a health probe other
 * commands use to tell a live holder from a stale file, and the freeze a consistent backup needs
 * (writes wait while a backup reads, then go on in order).
 */
const createGate = (token: string, now: () => number) => {
  let closing = false;
  let freeze: Freeze | undefined;
  let waiting: (() => void)[] = [];
  const thaw = () => {
    freeze = undefined;
    const resume = waiting;
    waiting = [];
    for (const go of resume) go();
  };
  // A backup that died (or hung for 10 minutes) must not hold every writer forever.
  const timer = setInterval(() => {
    if (freeze && (!isAlive(freeze.pid) || now() - freeze.since > 600_000)) thaw();
  }, 500);
  timer.unref();

  const control = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === 'health') return reply(closing ? 503 : 200, { pid: process.pid, closing });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (path === 'freeze' && req.method === 'POST') {
      if (freeze) return reply(409, { error: 'a backup is already running', pid: freeze.pid });
      freeze = { id: randomBytes(8).toString('hex'), pid: Number(url.searchParams.get('pid')), since: now() };
      return reply(200, { id: freeze.id });
    }
    if (path === 'thaw' && req.method === 'POST') {
      if (freeze && url.searchParams.get('id') === freeze.id) thaw();
      return reply(200, {});
    }
    return reply(404, { error: 'unknown control path' });
  };

  return {
    wrap:
      (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
      (req: IncomingMessage, res: ServerResponse) => {
        if (req.headers[TOKEN_HEADER] !== token) {
          res.writeHead(403, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: 'this store answers only promisegap commands on the same folder' }),
          );
          return;
        }
        const path = req.url ?? '/';
        if (path.startsWith(CONTROL_PATH))
          return control(req, res, path.slice(CONTROL_PATH.length).split('?')[0] ?? '');
        const target = String(req.headers['x-amz-target'] ?? '');
        if (freeze && WRITE_TARGETS.test(target) && req.headers[FREEZE_HEADER] !== freeze.id) {
          req.pause();
          waiting.push(() => {
            req.resume();
            handler(req, res);
          });
          return;
        }
        handler(req, res);
      },
    setClosing: () => {
      closing = true;
    },
    stop: () => {
      clearInterval(timer);
      thaw();
    },
  };
};

const startDynalite = async (
  dynalite: Dynalite,
  path: string | undefined,
  token: string,
  label: string,
  now: () => Date,
): Promise<{ server: Server; endpoint: string; gate: ReturnType<typeof createGate> }> => {
  const server = dynalite({
    ...(path ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const gate = createGate(token, () => now().getTime());
  const [handler] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (!handler) throw new EmbeddedStoreError('dynalite did not install its request handler');
  server.removeAllListeners('request');
  server.on('request', gate.wrap(handler));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  }).catch((cause: unknown) => {
    gate.stop();
    throw new EmbeddedStoreError(`cannot start the embedded store in ${label}`, { cause });
  });
  const address = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${address.port}`, gate };
};

const closeServer = (server: Server): Promise<void> =>
  new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));

export interface OpenEmbeddedOptions {
  dataDir: string;
  logger?: Logger;
  /** Called while closing waits for other commands that still use this folder through us. */
  onWaitForClients?: (pids: number[]) => void;
  /** The clock, for the endpoint file's and the manifest's times and the backup freeze's limit. */
  now?: () => Date;
}

/**
 * Starts dynalite on 127.0.0.1 and returns the store over it, holding the folder: a second
 * holder is refused (StoreBusyError names its pid). `dataDir: ':memory:'` keeps everything in
 * memory (tests, benchmarks); otherwise LevelDB files live in DIR/dynamodb, are checked against
 * the manifest written at the last clean close, and the endpoint is published for other commands.
 */
export const openEmbeddedStore = async (options: OpenEmbeddedOptions): Promise<EmbeddedStore> => {
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as Dynalite;
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
    started = await startDynalite(dynalite, inMemory ? undefined : files.levelDb, token, dataDir, now);
  } catch (error) {
    release();
    throw error;
  }
  const { server, endpoint, gate } = started;
  const raw = loopbackClient(endpoint, token);
  const client = documentClient(raw);
  try {
    await ensureTable(raw, TABLE_SCHEMA.tableName);
  } catch (cause) {
    gate.stop();
    await closeServer(server).catch(() => {});
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
    gate.setClosing();
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
    gate.stop();
    raw.destroy();
    await closeServer(server);
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
