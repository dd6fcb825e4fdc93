// The embedded store: dynalite (DynamoDB in Node) in this process, on a loopback port, persisted
// under the data directory. The repository is the same DynamoDB implementation as in AWS.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger, Store } from '../core/index.ts';
import { createDynamoStore } from './dynamo-store.ts';
import { EmbeddedStoreError } from './errors.ts';
import { TABLE_SCHEMA } from './schema.ts';

interface DynaliteServer {
  listen(port: number, host: string, callback: (error?: Error) => void): void;
  close(callback: (error?: Error) => void): void;
  address(): AddressInfo | string | null;
}
type Dynalite = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => DynaliteServer;

export interface EmbeddedStore {
  store: Store;
  /** The loopback endpoint, for tools that speak DynamoDB (AWS_ENDPOINT_URL_DYNAMODB). */
  endpoint: string;
  client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { partitionKey, sortKey, indexes, ttlAttribute } = TABLE_SCHEMA;
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
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    )
    .catch(() => {
      // dynalite does not implement TTL; expiry only matters in AWS, where the table sets it.
    });
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * LevelDB allows one process per folder and reports a second one late, as an uncaught error. A
 * pid file lets a second command fail at once with a message that says what to do.
 */
const takeLock = (dir: string): (() => void) => {
  const file = join(dir, 'promisegap.pid');
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(file, 'utf8').trim());
  } catch {
    holder = undefined;
  }
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new EmbeddedStoreError(
      `the data directory ${dir} is in use by another promisegap process (pid ${holder}); stop it first, or pass --data-dir with another folder`,
    );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
};

/**
 * Starts dynalite on 127.0.0.1 and returns the store over it. `dataDir: ':memory:'` keeps
 * everything in memory (tests, benchmarks); otherwise LevelDB files live in DIR/dynamodb.
 */
export const openEmbeddedStore = async (options: {
  dataDir: string;
  logger?: Logger;
}): Promise<EmbeddedStore> => {
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as Dynalite;
  const inMemory = options.dataDir === ':memory:';
  let path: string | undefined;
  if (!inMemory) {
    path = join(resolve(options.dataDir), 'dynamodb');
    try {
      mkdirSync(path, { recursive: true });
    } catch (cause) {
      throw new EmbeddedStoreError(`cannot create the data directory ${path}`, { cause });
    }
  }
  const release = path ? takeLock(resolve(options.dataDir)) : () => {};
  const server = dynalite({
    ...(path ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((done, fail) =>
    server.listen(0, '127.0.0.1', (error) =>
      error
        ? fail(
            new EmbeddedStoreError(`cannot start the embedded store in ${options.dataDir}`, { cause: error }),
          )
        : done(),
    ),
  ).catch((error: unknown) => {
    release();
    throw error instanceof EmbeddedStoreError
      ? error
      : new EmbeddedStoreError(
          `cannot start the embedded store in ${options.dataDir} (is another promisegap using it?)`,
          {
            cause: error,
          },
        );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(raw, TABLE_SCHEMA.tableName);
  } catch (cause) {
    await new Promise<void>((done) => server.close(() => done()));
    release();
    throw new EmbeddedStoreError(`the embedded store in ${options.dataDir} could not be prepared`, { cause });
  }
  const store = createDynamoStore({
    client,
    tableName: TABLE_SCHEMA.tableName,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    store,
    endpoint,
    client,
    close: async () => {
      raw.destroy();
      await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
      release();
    },
  };
};
