// Importing the data files a config names: metric samples, help-desk tickets and complaints.
// Bad rows are reported with file and line; good rows are stored; a second import stores nothing twice.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BusinessCalendar } from '../calendar/index.ts';
import { analyzeComplaint, parseComplaintsFile } from '../complaints/index.ts';
import type { MetricFileConfig, MetricSample, Store, StoredComplaint } from '../core/index.ts';
import { parseMetricSamplesCsv, parseTicketsCsv } from '../ingest/index.ts';
import { DataFileError } from './errors.ts';

export interface ImportReport {
  file: string;
  kind: 'samples' | 'tickets' | 'complaints';
  rows: number;
  accepted: number;
  duplicates: number;
  errors: { line: number; reason: string }[];
  /** The latest timestamp among the good rows, to find the latest week with data. */
  latestAt?: string;
}

export type ImportProgress = (p: { file: string; done: number; total: number }) => void;

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DataFileError(path, 'cannot be read', { cause });
  }
};

const latestOf = (ats: string[]): string | undefined =>
  ats.reduce<string | undefined>((acc, at) => (!acc || at > acc ? at : acc), undefined);

/** Stores samples in chunks, so progress can be shown and memory stays bounded on the store side. */
const storeSamples = async (
  store: Store,
  file: string,
  samples: MetricSample[],
  onProgress?: ImportProgress,
): Promise<{ accepted: number; duplicates: number }> => {
  const CHUNK = 20_000;
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < samples.length; i += CHUNK) {
    const r = await store.ingestSamples(samples.slice(i, i + CHUNK));
    accepted += r.accepted;
    duplicates += r.duplicates;
    onProgress?.({ file, done: Math.min(i + CHUNK, samples.length), total: samples.length });
  }
  return { accepted, duplicates };
};

export const importMetricFile = async (
  deps: { store: Store; calendar: BusinessCalendar; onProgress?: ImportProgress },
  spec: MetricFileConfig,
  baseDir: string,
): Promise<ImportReport> => {
  const path = resolve(baseDir, spec.file);
  const text = readText(path);
  const parsed =
    spec.format === 'tickets'
      ? parseTicketsCsv(text, { mapping: spec.mapping, calendar: deps.calendar, file: spec.file })
      : parseMetricSamplesCsv(text, {
          mapping: spec.mapping,
          defaults: spec.defaults,
          file: spec.file,
          timezone: deps.calendar.timezone,
        });
  const stored = await storeSamples(deps.store, spec.file, parsed.samples, deps.onProgress);
  const latestAt = latestOf(parsed.samples.map((s) => new Date(s.at).toISOString()));
  return {
    file: spec.file,
    kind: spec.format,
    rows: parsed.rows,
    ...stored,
    errors: parsed.errors,
    ...(latestAt ? { latestAt } : {}),
  };
};

export const importComplaintFile = async (
  deps: { store: Store },
  spec: { file: string; mapping?: Record<string, string> },
  baseDir: string,
): Promise<ImportReport> => {
  const path = resolve(baseDir, spec.file);
  const text = readText(path);
  const format = /\.jsonl?$|\.ndjson$/i.test(spec.file) ? 'jsonl' : 'csv';
  const parsed = parseComplaintsFile(text, format, spec.mapping);
  const analysed: StoredComplaint[] = parsed.complaints.map((c) => ({
    ...c,
    analysis: analyzeComplaint(c.text),
  }));
  const stored = await deps.store.putComplaints(analysed);
  const latestAt = latestOf(parsed.complaints.map((c) => new Date(c.at).toISOString()));
  return {
    file: spec.file,
    kind: 'complaints',
    rows: parsed.complaints.length + parsed.errors.length,
    ...stored,
    errors: parsed.errors,
    ...(latestAt ? { latestAt } : {}),
  };
};
