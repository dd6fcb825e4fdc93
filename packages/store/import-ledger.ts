// The import ledger: once an import of a file COMPLETES, the store records the sha256 of the
// file's bytes (with what else decides its samples: kind, mapping, defaults, calendar) and the
// import's counts. A later import of the same bytes, from any path or working folder, finds the
// record and stores nothing. An import that is interrupted records nothing, so its re-run does
// the whole idempotent import again (every sample is still stored exactly once).
//
// One item per content and settings: pk IMPORT#<sha256>, sk <kind>#<settings hash>. It lives in
// the same table as the samples, so a backup, a restore or another --table carries it along.

import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Bad rows kept in a record (the report of a skipped import lists these, and counts them all). */
export const LEDGER_ERRORS_KEPT = 200;

export interface ImportLedgerEntry {
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  /** sha256 of what besides the bytes decides the samples (see settingsHashOf). */
  settingsHash: string;
  kind: string;
  /** The file's name when it was imported (as the import reported it). */
  file: string;
  /** When the import completed (ISO). */
  importedAt: string;
  rows: number;
  /** Samples (or complaints) the file holds: those stored then and those already stored then. */
  items: number;
  errors: { line: number; reason: string }[];
  errorCount: number;
  warnings: { line: number; reason: string; rows: number }[];
  latestAt?: string;
}

export interface ImportLedger {
  find(contentHash: string, kind: string, settingsHash: string): Promise<ImportLedgerEntry | undefined>;
  record(entry: ImportLedgerEntry): Promise<void>;
}

const keyOf = (contentHash: string, kind: string, settingsHash: string) => ({
  pk: `IMPORT#${contentHash}`,
  sk: `${kind}#${settingsHash}`,
});

/** JSON with object keys sorted, so { a, b } and { b, a } hash alike. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** The settings part of a record's key: any change in them makes the same bytes a new import. */
export const settingsHashOf = (settings: unknown): string =>
  createHash('sha256').update(canonical(settings)).digest('hex').slice(0, 32);

/** sha256 of bytes as they stream past. */
export const createContentHasher = () => {
  const hasher = createHash('sha256');
  return {
    update(chunk: string | Uint8Array): void {
      hasher.update(chunk);
    },
    digest: (): string => hasher.digest('hex'),
  };
};

export const createImportLedger = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): ImportLedger => {
  const { client, tableName } = options;
  return {
    async find(contentHash, kind, settingsHash) {
      const out = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: keyOf(contentHash, kind, settingsHash),
          ConsistentRead: true,
        }),
      );
      const entry = out.Item?.entry as ImportLedgerEntry | undefined;
      return entry && typeof entry.importedAt === 'string' && typeof entry.items === 'number'
        ? entry
        : undefined;
    },
    async record(entry) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keyOf(entry.contentHash, entry.kind, entry.settingsHash),
            entry: { ...entry, errors: entry.errors.slice(0, LEDGER_ERRORS_KEPT) },
          },
        }),
      );
    },
  };
};
