// Imports of files put in the import bucket: a file under imports/tickets/, imports/samples/ or
// imports/complaints/ is streamed from the bucket into the store, and a report is written beside
// it under imports/reports/<key>.json (rows read, stored, already stored, rejected by line and
// why, warnings). The same file twice stores nothing twice (the store knows every sample and
// complaint by its content), and a redelivered event for an object already reported is skipped.
// The bucket is an interface: the Lambda adapts S3 to it, tests give a fake or a mocked client.
// This file is also the pipeline's narrow entry for the import worker: importing it (not index.ts)
// keeps the crawl, cheerio and undici out of that bundle (1.9 MB → 0.67 MB).

import type { BusinessCalendar } from '../calendar/index.ts';
import { ComplaintsFileError } from '../complaints/index.ts';
import type { Logger, Store } from '../core/index.ts';
import { IngestFormatError } from '../ingest/files.ts';
import { IMPORT_PREFIXES, type ImportKind, reportKeyOf } from './import-keys.ts';
import {
  hashStream,
  type ImportReport,
  importComplaintText,
  importedBefore,
  importMetricStream,
  knownTiersOf,
  type LedgerDeps,
} from './imports.ts';

export { IMPORT_PREFIXES, type ImportKind, REPORT_PREFIX, reportKeyOf } from './import-keys.ts';

/** Complaint files are read whole (their parser is not streamed); larger ones are refused. */
export const MAX_COMPLAINT_FILE_BYTES = 64 * 1024 * 1024;

export const kindOf = (key: string): ImportKind | undefined =>
  (Object.entries(IMPORT_PREFIXES) as [ImportKind, string][]).find(
    ([, prefix]) => key.startsWith(prefix) && key.length > prefix.length && !key.endsWith('/'),
  )?.[0];

export interface StoredObject {
  body: AsyncIterable<Uint8Array>;
  size?: number;
  etag?: string;
  /** User metadata (x-amz-meta-*), lower-case names: `mapping` (tier=Plan,…), `defaults` (unit=percent,…). */
  metadata: Record<string, string>;
}

/** What the import needs of a bucket. */
export interface ImportBucket {
  get(bucket: string, key: string): Promise<StoredObject>;
  /** The object's text, or undefined when there is none. */
  getText(bucket: string, key: string): Promise<string | undefined>;
  putJson(bucket: string, key: string, value: unknown): Promise<void>;
}

/**
 * With `ledger`, an object whose bytes were imported completely before (any key, same settings)
 * stores nothing: its bytes are read once to hash them, and again only when they are new.
 */
export interface ObjectImportDeps extends LedgerDeps {
  store: Store;
  bucket: ImportBucket;
  calendar: BusinessCalendar;
  now: () => Date;
  logger: Logger;
  /** Column mappings by kind (from the project config); an object's `mapping` metadata wins. */
  mappings?: Partial<Record<ImportKind, Record<string, string>>>;
}

/** What imports/reports/<key>.json holds. */
export interface ObjectImportReport {
  bucket: string;
  key: string;
  etag?: string;
  kind: ImportKind;
  importedAt: string;
  /** The file could not be imported at all (no header, no id column…): nothing was stored. */
  failure?: string;
  rowsRead: number;
  stored: number;
  alreadyStored: number;
  /** The same bytes were imported before (under this or another key): nothing was stored. */
  sameAs?: { file: string; importedAt: string };
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  warnings: ImportReport['warnings'];
  latestAt?: string;
}

/** "tier=Plan,created=Opened" → { tier: 'Plan', created: 'Opened' }. */
export const parseMapping = (text: string | undefined): Record<string, string> => {
  const out = Object.create(null) as Record<string, string>;
  for (const pair of (text ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
};

const readAll = async (body: AsyncIterable<Uint8Array>, limit: number, key: string): Promise<string> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      throw new IngestFormatError(
        key,
        `a complaints file may hold at most ${limit / 1024 / 1024} MB; split it`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const unquote = (etag: string): string => etag.replace(/"/g, '');

/** The etag a report was written for; none when there is no report or it is not ours. */
const reportedEtag = (text: string | undefined): string | undefined => {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as { etag?: unknown };
    return typeof value.etag === 'string' ? value.etag : undefined;
  } catch {
    // A report that is not JSON was not written by us: import again and replace it.
    return undefined;
  }
};

/**
 * Imports one object and writes its report. A file that cannot be read as its kind at all is a
 * report with `failure` (retrying cannot help); anything else unexpected is thrown, so the queue
 * retries and finally dead-letters the event.
 */
export const importObject = async (
  deps: ObjectImportDeps,
  target: { bucket: string; key: string; etag?: string },
): Promise<ObjectImportReport | undefined> => {
  const { bucket, key } = target;
  const kind = kindOf(key);
  if (!kind) {
    deps.logger.info('object ignored: not under an import prefix', { key });
    return undefined;
  }
  const reportKey = reportKeyOf(key);
  const wanted = target.etag ? unquote(target.etag) : undefined;
  if (wanted && reportedEtag(await deps.bucket.getText(bucket, reportKey)) === wanted) {
    deps.logger.info('object already imported: event redelivered', { key, etag: wanted });
    return undefined;
  }
  let object = await deps.bucket.get(bucket, key);
  const etag = object.etag ? unquote(object.etag) : wanted;
  const mapping = { ...(deps.mappings?.[kind] ?? {}), ...parseMapping(object.metadata.mapping) };
  const base = { bucket, key, ...(etag ? { etag } : {}), kind, importedAt: deps.now().toISOString() };
  const ledger: LedgerDeps = {
    ...(deps.ledger ? { ledger: deps.ledger } : {}),
    ...(deps.ledgerContext === undefined ? {} : { ledgerContext: deps.ledgerContext }),
    ...(deps.force ? { force: true } : {}),
  };
  let report: ObjectImportReport;
  try {
    let result: ImportReport | undefined;
    if (kind !== 'complaints') {
      const spec = { file: key, format: kind, mapping, defaults: parseMapping(object.metadata.defaults) };
      if (ledger.ledger && !ledger.force) {
        // Hash the bytes first: content imported before is not read into the store again.
        result = await importedBefore(ledger, spec, await hashStream(object.body));
        if (!result) object = await deps.bucket.get(bucket, key);
      }
      result ??= await importMetricStream(
        {
          store: deps.store,
          ...ledger,
          calendar: deps.calendar,
          now: deps.now,
          ...(kind === 'tickets' ? { knownTiers: await knownTiersOf(deps.store) } : {}),
        },
        spec,
        object.body,
        object.size ?? 0,
      );
    } else {
      result = await importComplaintText(
        { store: deps.store, now: deps.now, ...ledger },
        { file: key, mapping },
        await readAll(object.body, MAX_COMPLAINT_FILE_BYTES, key),
      );
    }
    report = {
      ...base,
      rowsRead: result.rows,
      stored: result.accepted,
      alreadyStored: result.duplicates,
      ...(result.sameAs ? { sameAs: result.sameAs } : {}),
      rejected: result.errors,
      rejectedCount: result.errorCount,
      warnings: result.warnings,
      ...(result.latestAt ? { latestAt: result.latestAt } : {}),
    };
  } catch (error) {
    if (!(error instanceof IngestFormatError || error instanceof ComplaintsFileError)) throw error;
    report = {
      ...base,
      failure: error.message,
      rowsRead: 0,
      stored: 0,
      alreadyStored: 0,
      rejected: [],
      rejectedCount: 0,
      warnings: [],
    };
  }
  await deps.bucket.putJson(bucket, reportKey, report);
  deps.logger.info('object imported', {
    key,
    kind,
    rowsRead: report.rowsRead,
    stored: report.stored,
    alreadyStored: report.alreadyStored,
    rejected: report.rejectedCount,
    ...(report.failure ? { failure: report.failure } : {}),
  });
  return report;
};

/** The parts of an SQS event this handler reads (structural: packages know no Lambda types). */
export interface ImportQueueEvent {
  Records: { messageId: string; body: string }[];
}

interface S3Notification {
  Event?: string;
  Records?: {
    eventName?: string;
    s3?: { bucket?: { name?: string }; object?: { key?: string; eTag?: string } };
  }[];
}

/** S3 event keys are URL-encoded, spaces as '+'. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/**
 * The worker of the import queue: each message is an S3 event notification; each object it names
 * is imported. A message whose import throws is reported as a batch item failure (retried, then
 * dead-lettered); the others are done.
 */
export const makeImportHandler =
  (deps: ObjectImportDeps) =>
  async (event: ImportQueueEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const notification = JSON.parse(record.body) as S3Notification;
        if (notification.Event === 's3:TestEvent') continue;
        for (const r of notification.Records ?? []) {
          const bucket = r.s3?.bucket?.name;
          const key = r.s3?.object?.key;
          if (!bucket || !key || !r.eventName?.startsWith('ObjectCreated:')) continue;
          const eTag = r.s3?.object?.eTag;
          await importObject(deps, { bucket, key: decodeS3Key(key), ...(eTag ? { etag: eTag } : {}) });
        }
      } catch (error) {
        deps.logger.error('import failed', {
          messageId: record.messageId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
