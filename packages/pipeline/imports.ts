// Importing the data files a config names: metric samples, help-desk tickets and complaints.
// Bad rows are reported with file and line; good rows are stored; a second import stores nothing
// twice. Metric files are streamed: rows are read, turned into samples and stored in bounded
// chunks, so memory does not grow with the file and a killed import re-run stores each sample once.

import { createReadStream, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BusinessCalendar } from '../calendar/index.ts';
import { analyzeComplaint, parseComplaintsFile } from '../complaints/index.ts';
import type { MetricFileConfig, MetricSample, Store, StoredComplaint } from '../core/index.ts';
import {
  type CsvSource,
  createSamplesReader,
  createTicketReader,
  type ImportWarning,
  normaliseTier,
  openCsv,
  type RowReader,
} from '../ingest/files.ts';
import {
  createContentHasher,
  type ImportLedger,
  type ImportLedgerEntry,
  settingsHashOf,
} from '../store/import-ledger.ts';
import { DataFileError } from './errors.ts';

export interface ImportReport {
  file: string;
  kind: 'samples' | 'tickets' | 'complaints' | 'surveys';
  /** Data rows read, good and bad (unreadable records included). */
  rows: number;
  accepted: number;
  duplicates: number;
  /** Bad rows by line and reason (the first MAX_ERRORS_LISTED; errorCount has them all). */
  errors: { line: number; reason: string }[];
  errorCount: number;
  /** Values kept that no promise will read (an unknown priority, a plan no promise names). */
  warnings: ImportWarning[];
  /** The latest timestamp among the good rows, to find the latest week with data. */
  latestAt?: string;
  /**
   * The same bytes were imported before, completely, with the same settings: nothing was read
   * into the store; the counts are that import's (accepted 0, all of them already stored).
   */
  sameAs?: { file: string; importedAt: string };
}

/** How an import uses the store's import ledger (see packages/store/import-ledger.ts). */
export interface LedgerDeps {
  ledger?: ImportLedger;
  /** What besides the file's bytes and spec decides its samples (the calendar's configuration). */
  ledgerContext?: unknown;
  /** Import in full even when the ledger knows the content (the record is then written again). */
  force?: boolean;
}

type LedgerSpec = {
  file: string;
  format: string;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
};

const settingsOf = (spec: LedgerSpec, context: unknown): string =>
  settingsHashOf({
    format: spec.format,
    mapping: spec.mapping ?? {},
    defaults: spec.defaults ?? {},
    context: context ?? null,
  });

/** The report of an import the ledger already holds: 0 stored, all of them already stored. */
const reportFromLedger = (spec: LedgerSpec, entry: ImportLedgerEntry): ImportReport => ({
  file: spec.file,
  kind: spec.format as ImportReport['kind'],
  rows: entry.rows,
  accepted: 0,
  duplicates: entry.items,
  errors: entry.errors,
  errorCount: entry.errorCount,
  warnings: entry.warnings,
  ...(entry.latestAt ? { latestAt: entry.latestAt } : {}),
  sameAs: { file: entry.file, importedAt: entry.importedAt },
});

/** The ledger's report for bytes of this hash, or undefined when they are to be imported. */
export const importedBefore = async (
  deps: LedgerDeps,
  spec: LedgerSpec,
  contentHash: string,
): Promise<ImportReport | undefined> => {
  if (!deps.ledger || deps.force) return undefined;
  const entry = await deps.ledger.find(contentHash, spec.format, settingsOf(spec, deps.ledgerContext));
  return entry ? reportFromLedger(spec, entry) : undefined;
};

/** Records a completed import of bytes of this hash. */
export const recordImport = async (
  deps: LedgerDeps,
  spec: LedgerSpec,
  contentHash: string,
  report: ImportReport,
  now: Date,
): Promise<void> => {
  if (!deps.ledger) return;
  await deps.ledger.record({
    contentHash,
    settingsHash: settingsOf(spec, deps.ledgerContext),
    kind: spec.format,
    file: report.file,
    importedAt: now.toISOString(),
    rows: report.rows,
    items: report.accepted + report.duplicates,
    errors: report.errors,
    errorCount: report.errorCount,
    warnings: report.warnings,
    ...(report.latestAt ? { latestAt: report.latestAt } : {}),
  });
};

/** sha256 of a file's bytes, streamed. */
export const hashFile = async (path: string): Promise<string> => {
  const hasher = createContentHasher();
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hasher.update(chunk);
  } catch (cause) {
    throw new DataFileError(path, 'cannot be read', { cause });
  }
  return hasher.digest();
};

/** sha256 of a stream's bytes, read to its end. */
export const hashStream = async (source: AsyncIterable<string | Uint8Array>): Promise<string> => {
  const hasher = createContentHasher();
  for await (const chunk of source) hasher.update(chunk);
  return hasher.digest();
};

/** Bad rows listed one by one in a report; beyond it they are counted. */
export const MAX_ERRORS_LISTED = 10_000;

/** `done` and `total` are bytes of the file read (total 0 when unknown). */
export type ImportProgress = (p: { file: string; done: number; total: number }) => void;

export interface MetricImportDeps extends LedgerDeps {
  store: Store;
  calendar: BusinessCalendar;
  /** The clock: rows dated more than a day after it are refused. */
  now?: () => Date;
  onProgress?: ImportProgress;
  /** Plans the promises name, so a ticket's unknown plan is a warning. */
  knownTiers?: ReadonlySet<string>;
  /** Samples held before the coldest half is written (default 100,000: about 20 MB). */
  chunkSamples?: number;
}

/** The plans the stored promises name (normalised), to warn about tickets of any other plan. */
export const knownTiersOf = async (store: Store): Promise<Set<string>> => {
  const tiers = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.listPromises({ limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const p of page.items) if (p.qualifiers.tier) tiers.add(normaliseTier(p.qualifiers.tier));
    cursor = page.cursor;
  } while (cursor);
  return tiers;
};

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DataFileError(path, 'cannot be read', { cause });
  }
};

const latestOf = (ats: string[]): string | undefined =>
  ats.reduce<string | undefined>((acc, at) => (!acc || at > acc ? at : acc), undefined);

interface PendingGroup {
  samples: MetricSample[];
  /** The row that last added to the group (a clock of rows read). */
  touched: number;
}

const WEEK_MS = 7 * 86_400_000;
/** Monday 1970-01-05 is the first Monday after the epoch; weeks are counted from it (UTC). */
const MONDAY_MS = 4 * 86_400_000;

/**
 * The group of a sample: metric, dimensions and UTC week. Readers share one dimensions object
 * per combination (a ticket's plan × priority × channel), so its key is made once per object.
 */
const createGroupKeys = () => {
  const byObject = new WeakMap<object, string>();
  /** 'YYYY-MM-DD' (UTC, as `at` starts) → its week's number; at most a few thousand days. */
  const weekOfDay = new Map<string, number>();
  return (s: MetricSample): string => {
    let dims = byObject.get(s.dimensions);
    if (dims === undefined) {
      dims = JSON.stringify(s.dimensions);
      byObject.set(s.dimensions, dims);
    }
    const day = s.at.length === 24 && s.at.endsWith('Z') ? s.at.slice(0, 10) : undefined;
    let week = day === undefined ? undefined : weekOfDay.get(day);
    if (week === undefined) {
      week = Math.floor((Date.parse(s.at) - MONDAY_MS) / WEEK_MS);
      if (day !== undefined && weekOfDay.size < 100_000) weekOfDay.set(day, week);
    }
    return `${s.metric}\u0000${dims}\u0000${week}`;
  };
};

/** Counts (and hashes) the bytes a stream hands on, for progress and the ledger. */
async function* counting(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  onChunk: (chunk: string | Uint8Array) => void,
): AsyncGenerator<string | Uint8Array> {
  for await (const chunk of source) {
    onChunk(chunk);
    yield chunk;
  }
}

/**
 * Imports a metric file from any source of text (a file stream, an S3 object body, a string).
 * With a ledger, a string the ledger knows is not imported again (a stream's bytes are hashed
 * as they are read: its caller checks the ledger first, see importMetricFile).
 * Samples are held by week up to `chunkSamples` and written in batches (the weeks touched longest
 * ago first); the next rows are read while a batch is written.
 */
export const importMetricStream = async (
  deps: MetricImportDeps,
  spec: Pick<MetricFileConfig, 'file' | 'format'> & Partial<Pick<MetricFileConfig, 'mapping' | 'defaults'>>,
  source: CsvSource,
  totalBytes = 0,
): Promise<ImportReport> => {
  if (typeof source === 'string' && deps.ledger && !deps.force) {
    const hasher = createContentHasher();
    hasher.update(source);
    const before = await importedBefore(deps, spec, hasher.digest());
    if (before) return before;
  }
  let bytes = 0;
  // With a ledger, the bytes are hashed as they are read; the record is written once the import
  // has completed (an interrupted import leaves none).
  const hasher = deps.ledger ? createContentHasher() : undefined;
  if (typeof source === 'string') hasher?.update(source);
  const counted =
    typeof source === 'string'
      ? source
      : counting(source, (chunk) => {
          bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
          hasher?.update(chunk);
        });
  const { header, records } = await openCsv(counted, spec.file);
  const now = deps.now;
  const reader: RowReader =
    spec.format === 'tickets'
      ? createTicketReader(header, {
          mapping: spec.mapping ?? {},
          calendar: deps.calendar,
          file: spec.file,
          ...(now ? { now } : {}),
          ...(deps.knownTiers ? { knownTiers: deps.knownTiers } : {}),
        })
      : createSamplesReader(header, {
          mapping: spec.mapping ?? {},
          defaults: spec.defaults ?? {},
          file: spec.file,
          timezone: deps.calendar.timezone,
          ...(now ? { now } : {}),
        });
  const chunkSize = Math.max(1, deps.chunkSamples ?? 100_000);
  const errors: { line: number; reason: string }[] = [];
  let errorCount = 0;
  let rows = 0;
  let accepted = 0;
  let duplicates = 0;
  let latestAt: string | undefined;
  // Samples wait in groups of one metric, dimensions and week (the store's item) until
  // `chunkSize` are held; then the groups touched longest ago, half of what is held, are written.
  // An export in time order thus writes each week once, when the rows have moved past it, and
  // holds only the weeks still being filled: memory is bounded by chunkSize, not by the file.
  const pending = new Map<string, PendingGroup>();
  let held = 0;
  let touch = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = async (batch: MetricSample[]) => {
    await writing;
    writing = (async () => {
      const r = await deps.store.ingestSamples(batch);
      accepted += r.accepted;
      duplicates += r.duplicates;
      deps.onProgress?.({ file: spec.file, done: bytes, total: Math.max(totalBytes, bytes) });
    })();
    // Surface a failed write before reading on; the next write awaits it too.
    writing.catch(() => {});
  };
  const flushColdest = async () => {
    const groups = [...pending].sort((a, b) => a[1].touched - b[1].touched);
    const batch: MetricSample[] = [];
    for (const [key, group] of groups) {
      if (batch.length >= chunkSize / 2) break;
      for (const s of group.samples) batch.push(s);
      pending.delete(key);
    }
    held -= batch.length;
    await write(batch);
  };
  const groupKeys = createGroupKeys();
  const reject = (line: number, reason: string) => {
    errorCount += 1;
    if (errors.length < MAX_ERRORS_LISTED) errors.push({ line, reason });
  };
  for await (const event of records) {
    rows += 1;
    if (event.kind === 'error') {
      reject(event.line, event.reason);
      continue;
    }
    const result = reader.read(event);
    if (!Array.isArray(result)) {
      reject(result.line, result.reason);
      continue;
    }
    touch += 1;
    for (const s of result) {
      if (!latestAt || s.at > latestAt) latestAt = s.at;
      const key = groupKeys(s);
      let group = pending.get(key);
      if (!group) {
        group = { samples: [], touched: touch };
        pending.set(key, group);
      }
      group.samples.push(s);
      group.touched = touch;
      held += 1;
    }
    if (held >= chunkSize) await flushColdest();
  }
  const rest: MetricSample[] = [];
  for (const group of pending.values()) for (const s of group.samples) rest.push(s);
  pending.clear();
  if (rest.length > 0) await write(rest);
  await writing;
  errors.sort((a, b) => a.line - b.line);
  const report: ImportReport = {
    file: spec.file,
    kind: spec.format,
    rows,
    accepted,
    duplicates,
    errors,
    errorCount,
    warnings: reader.warnings(),
    ...(latestAt ? { latestAt } : {}),
  };
  if (hasher) await recordImport(deps, spec, hasher.digest(), report, (deps.now ?? (() => new Date()))());
  return report;
};

export const importMetricFile = async (
  deps: MetricImportDeps,
  spec: MetricFileConfig,
  baseDir: string,
): Promise<ImportReport> => {
  const path = resolve(baseDir, spec.file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (cause) {
    throw new DataFileError(path, 'cannot be read', { cause });
  }
  if (deps.ledger && !deps.force) {
    const before = await importedBefore(deps, spec, await hashFile(path));
    if (before) return before;
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, fail) =>
    stream.once('error', (cause) => fail(new DataFileError(path, 'cannot be read', { cause }))),
  );
  failed.catch(() => {});
  return Promise.race([importMetricStream(deps, spec, stream, size), failed]);
};

export const importComplaintText = async (
  deps: { store: Store; now?: () => Date } & LedgerDeps,
  spec: { file: string; mapping?: Record<string, string> },
  text: string,
): Promise<ImportReport> => {
  const ledgerSpec = { ...spec, format: 'complaints' };
  const contentHash = deps.ledger ? createContentHasher() : undefined;
  contentHash?.update(text);
  const hash = contentHash?.digest();
  if (hash) {
    const before = await importedBefore(deps, ledgerSpec, hash);
    if (before) return before;
  }
  const format = /\.jsonl?$|\.ndjson$/i.test(spec.file) ? 'jsonl' : 'csv';
  const parsed = parseComplaintsFile(text, format, spec.mapping);
  const analysed: StoredComplaint[] = parsed.complaints.map((c) => ({
    ...c,
    analysis: analyzeComplaint(c.text),
  }));
  const stored = await deps.store.putComplaints(analysed);
  const latestAt = latestOf(parsed.complaints.map((c) => new Date(c.at).toISOString()));
  const report: ImportReport = {
    file: spec.file,
    kind: 'complaints',
    rows: parsed.complaints.length + parsed.errors.length,
    ...stored,
    errors: parsed.errors,
    errorCount: parsed.errors.length,
    warnings: [],
    ...(latestAt ? { latestAt } : {}),
  };
  if (hash) await recordImport(deps, ledgerSpec, hash, report, (deps.now ?? (() => new Date()))());
  return report;
};

export const importComplaintFile = async (
  deps: { store: Store; now?: () => Date } & LedgerDeps,
  spec: { file: string; mapping?: Record<string, string> },
  baseDir: string,
): Promise<ImportReport> => importComplaintText(deps, spec, readText(resolve(baseDir, spec.file)));
