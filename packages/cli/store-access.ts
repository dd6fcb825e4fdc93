// The register commands' view of the store: the one way every command opens it (packages/cli/store.ts:
// the data folder, shared with a serving process, or a DynamoDB table with --table), handing the
// work just the Store, and who a review from this terminal is by.

import { userInfo } from 'node:os';
import type { Store } from '../core/index.ts';
import { type StoreOptions, withStore as withOpenedStore, withStoreOptions } from './store.ts';

export type { StoreOptions };
export const storeOptions = withStoreOptions;

export const withStore = <T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> =>
  withOpenedStore(options, ({ store }) => work(store));

/** Who a review from this terminal is by, unless --by says: the login name. */
export const defaultReviewer = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (a container user): the terminal still says who, as the CLI.
    return 'cli';
  }
};
