// Public entry of the store: the DynamoDB repository, the embedded store and the key schema.

export { createAlertLedger } from './alert-ledger.ts';
export { type BackupSummary, backupTable, restoreTable, tableHasItems, verifyBackup } from './backup.ts';
export { createDynamoStore, type DynamoStoreOptions } from './dynamo-store.ts';
export {
  documentClient,
  type EmbeddedStore,
  ensureTable,
  levelDbPath,
  openEmbeddedStore,
} from './embedded.ts';
export {
  BackupError,
  EmbeddedStoreError,
  InvalidCursorError,
  RemoteTableError,
  RevisionConflictError,
  StoreBusyError,
  StoreCorruptError,
  StoreItemError,
  StoreWriteError,
} from './errors.ts';
export { type FolderState, inspectFolder, readEndpoint, setAsideStore } from './folder.ts';
export { checkManifest } from './integrity.ts';
export { keys, TABLE_SCHEMA } from './schema.ts';
export { type OpenLocalOptions, openLocalStore, probeEndpoint } from './shared.ts';
