// Opens the store a command works on: the embedded store in --data-dir, or a DynamoDB table in
// AWS with --table (credentials and region from the usual AWS variables), the same items either way.

import { userInfo } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Command } from 'commander';
import type { Store } from '../core/index.ts';
import { createDynamoStore, openEmbeddedStore } from '../store/index.ts';
import { DEFAULT_DATA_DIR } from './support.ts';

export interface StoreOptions {
  dataDir: string;
  table?: string;
}

export const storeOptions = (command: Command): Command =>
  command
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--table <name>', 'a DynamoDB table in AWS instead of the embedded store');

export const withStore = async <T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> => {
  if (options.table) {
    const client = new DynamoDBClient({});
    try {
      return await work(
        createDynamoStore({ client: DynamoDBDocumentClient.from(client), tableName: options.table }),
      );
    } finally {
      client.destroy();
    }
  }
  const embedded = await openEmbeddedStore({ dataDir: options.dataDir });
  try {
    return await work(embedded.store);
  } finally {
    await embedded.close();
  }
};

/** Who a review from this terminal is by, unless --by says: the login name. */
export const defaultReviewer = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
};
