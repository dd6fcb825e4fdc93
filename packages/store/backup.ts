// Backup and restore of the whole table as one gzipped JSON Lines file: a header, one line per
// item (DynamoDB JSON, exactly as stored), and a footer with the item count and a SHA-256 of the
// item lines, so a truncated or edited file is refused before anything is written. On a local
// folder the backup freezes writes for its duration (other commands' writes wait, then go on):
// the file is one consistent snapshot.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { CONTROL_PATH, FREEZE_HEADER, loopbackClient, TOKEN_HEADER } from './embedded.ts';
import { BackupError } from './errors.ts';

const FORMAT = 'promisegap-backup';

export interface BackupTarget {
  /** The client that reaches the table (a remote table, or a local folder's endpoint). */
  raw: DynamoDBClient;
  tableName: string;
  /** A local folder's endpoint and token: the backup then freezes writes while it reads. */
  local?: { endpoint: string; token: string };
  /** Where the data came from, recorded in the header. */
  source: string;
  /** Items per Scan page (default: DynamoDB's 1 MB pages); smaller pages spread the read load on a live table. */
  pageSize?: number;
  /** Called after each page with the items written so far. */
  onPage?: (items: number) => void;
}

export interface BackupSummary {
  file: string;
  items: number;
  bytes: number;
  sha256: string;
}

const control = (
  local: { endpoint: string; token: string },
  path: string,
): Promise<{ status: number; body: unknown }> =>
  new Promise((done, fail) => {
    const req = request(
      `${local.endpoint}${CONTROL_PATH}${path}`,
      { method: 'POST', headers: { [TOKEN_HEADER]: local.token } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
        });
      },
    );
    req.on('error', fail);
    req.end();
  });

/** Writes every item of the table to `file`; returns what it wrote. */
export const backupTable = async (
  target: BackupTarget,
  file: string,
  now: () => Date,
): Promise<BackupSummary> => {
  let raw = target.raw;
  let freezeId: string | undefined;
  if (target.local) {
    const frozen = await control(target.local, `freeze?pid=${process.pid}`);
    if (frozen.status !== 200) {
      throw new BackupError(
        file,
        `another backup of this folder is running (pid ${(frozen.body as { pid?: number }).pid}); wait for it`,
      );
    }
    freezeId = (frozen.body as { id: string }).id;
    raw = loopbackClient(target.local.endpoint, target.local.token);
    const id = freezeId;
    raw.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { headers?: Record<string, string> };
        if (req.headers) req.headers[FREEZE_HEADER] = id;
        return next(args);
      },
      { step: 'build', name: 'promisegapFreeze' },
    );
  }
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await new Promise((done) => gzip.once('drain', done));
  };
  const hash = createHash('sha256');
  let items = 0;
  try {
    await write(
      JSON.stringify({
        format: FORMAT,
        version: 1,
        table: target.tableName,
        source: target.source,
        createdAt: now().toISOString(),
      }),
    );
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await raw.send(
        new ScanCommand({
          TableName: target.tableName,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const line = JSON.stringify({ item });
        hash.update(`${line}\n`);
        items++;
        await write(line);
      }
      start = page.LastEvaluatedKey;
      target.onPage?.(items);
    } while (start);
    const sha256 = hash.digest('hex');
    await write(JSON.stringify({ end: true, items, sha256 }));
    gzip.end();
    await finished(out);
    return { file, items, bytes: out.bytesWritten, sha256 };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    if (target.local && freezeId) {
      await control(target.local, `thaw?id=${freezeId}`).catch(() => {
        // The holder thaws by itself when this process is gone.
      });
      if (raw !== target.raw) raw.destroy();
    }
  }
};

interface Header {
  format: string;
  version: number;
  table: string;
  source: string;
  createdAt: string;
}

/** Reads the file, calling `onItem` for each item; throws BackupError unless it is complete and intact. */
const readBackup = async (
  file: string,
  onItem: (item: Record<string, AttributeValue>) => Promise<void>,
): Promise<{ header: Header; items: number; sha256: string }> => {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const hash = createHash('sha256');
  let header: Header | undefined;
  let footer: { items: number; sha256: string } | undefined;
  let items = 0;
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (footer) throw new BackupError(file, `${file}: line ${n} comes after the end of the backup`);
      const value = JSON.parse(line) as Record<string, unknown>;
      if (n === 1) {
        if (value.format !== FORMAT) throw new BackupError(file, `${file} is not a promisegap backup`);
        header = value as unknown as Header;
        continue;
      }
      if (value.end === true) {
        footer = { items: Number(value.items), sha256: String(value.sha256) };
        continue;
      }
      if (typeof value.item !== 'object' || value.item === null) {
        throw new BackupError(file, `${file}: line ${n} is not an item`);
      }
      hash.update(`${line}\n`);
      items++;
      await onItem(value.item as Record<string, AttributeValue>);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      file,
      `${file} cannot be read as a promisegap backup (line ${n + 1}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!header) throw new BackupError(file, `${file} is empty`);
  if (!footer)
    throw new BackupError(file, `${file} is incomplete: it ends after ${items} items without its end line`);
  const sha256 = hash.digest('hex');
  if (footer.items !== items || footer.sha256 !== sha256) {
    throw new BackupError(
      file,
      `${file} is damaged: it says ${footer.items} items, ${items} were read and their checksum differs`,
    );
  }
  return { header, items, sha256 };
};

/** Checks a backup file end to end without writing anything. */
export const verifyBackup = (file: string) => readBackup(file, async () => {});

/** True when the table holds at least one item. */
export const tableHasItems = async (raw: DynamoDBClient, tableName: string): Promise<boolean> => {
  const page = await raw.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
  return (page.Items?.length ?? 0) > 0 || page.LastEvaluatedKey !== undefined;
};

/**
 * Writes every item of a verified backup into an empty table. The file is checked completely
 * first, so a damaged file writes nothing.
 */
export const restoreTable = async (
  target: { raw: DynamoDBClient; tableName: string },
  file: string,
): Promise<{ items: number; createdAt: string; source: string }> => {
  const checked = await verifyBackup(file);
  if (await tableHasItems(target.raw, target.tableName)) {
    throw new BackupError(file, `the target already holds data; restore into an empty folder or table`);
  }
  let batch: Record<string, AttributeValue>[] = [];
  const flush = async () => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    batch = [];
    for (let attempt = 0; requests.length > 0; attempt++) {
      const result = await target.raw.send(
        new BatchWriteItemCommand({ RequestItems: { [target.tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[target.tableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
      if (requests.length > 0 && attempt >= 12) {
        throw new BackupError(
          file,
          `the target keeps refusing writes (${requests.length} items unprocessed); nothing more was written, run the restore again into an empty target`,
        );
      }
      if (requests.length > 0)
        await new Promise((done) => setTimeout(done, Math.min(2_000, 50 * 2 ** attempt)));
    }
  };
  await readBackup(file, async (item) => {
    batch.push(item);
    if (batch.length === 25) await flush();
  });
  await flush();
  return { items: checked.items, createdAt: checked.header.createdAt, source: checked.header.source };
};
