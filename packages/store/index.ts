// Public entry of the store: the DynamoDB repository, the embedded store and the key schema.

export { createDynamoStore, type DynamoStoreOptions } from './dynamo-store.ts';
export { type EmbeddedStore, ensureTable, openEmbeddedStore } from './embedded.ts';
export {
  EmbeddedStoreError,
  InvalidCursorError,
  RevisionConflictError,
  StoreItemError,
  StoreWriteError,
} from './errors.ts';
export { keys, TABLE_SCHEMA } from './schema.ts';
