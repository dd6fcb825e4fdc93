// The evidence pack: for one window, what the company promised, where and when it said so, what
// was delivered and what customers said, in files an auditor can open offline and check by hash.

import { strToU8, zipSync } from 'fflate';
import { maskPersonalData } from '../complaints/index.ts';
import { sha256Hex, type Verdict, type Window } from '../core/index.ts';
import { toCsv } from './csv.ts';
import { ExportInputError } from './errors.ts';
import { renderEvidenceReport } from './report.ts';

/** One place the commitment is stated: the quote on a page, and the snapshot it was read from. */
export interface EvidenceStatement {
  promiseId: string;
  quote: string;
  url: string;
  firstSeen: string;
  lastSeen: string;
  contentHash?: string;
}

/** A page as it was fetched: the bytes the promises were read from. */
export interface EvidenceSnapshot {
  url: string;
  fetchedAt: string;
  contentHash: string;
  contentType: string;
  body: Uint8Array;
}

export interface EvidenceInput {
  company: string;
  window: Window;
  timezone: string;
  generatedAt: string;
  verdicts: Verdict[];
  statements: EvidenceStatement[];
  snapshots: EvidenceSnapshot[];
  rules: { version: string; text: string };
}

export interface EvidencePack {
  /** File name → content, in the order they are written. */
  files: Map<string, Uint8Array>;
  manifest: EvidenceManifest;
}

export interface EvidenceManifest {
  company: string;
  window: string;
  timezone: string;
  generatedAt: string;
  commitments: number;
  statuses: Record<string, number>;
  files: { name: string; bytes: number; sha256: string }[];
}

const SNAPSHOT_EXT: [RegExp, string][] = [
  [/html/i, 'html'],
  [/pdf/i, 'pdf'],
  [/json/i, 'json'],
];

const snapshotFile = (s: EvidenceSnapshot): string => {
  if (!/^[0-9a-f]{16,128}$/i.test(s.contentHash))
    throw new ExportInputError(`snapshot of ${s.url} has no usable content hash ("${s.contentHash}")`);
  const ext = SNAPSHOT_EXT.find(([pattern]) => pattern.test(s.contentType))?.[1] ?? 'txt';
  return `snapshots/${s.contentHash.toLowerCase()}.${ext}`;
};

const figure = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10_000) / 10_000;

export const COMMITMENT_COLUMNS = [
  'promise_id',
  'status',
  'category',
  'operator',
  'threshold',
  'unit',
  'tier',
  'severity',
  'channel',
  'window',
  'samples',
  'attainment_percent',
  'target_percent',
  'p50',
  'p90',
  'p95',
  'max',
  'breaches',
  'error_budget_left_percent',
  'complaints_matched',
  'complaints_alleging_breach',
  'perception_gap',
  'reason',
  'quote',
  'source_url',
] as const;

const commitmentRow = (v: Verdict): unknown[] => [
  v.promiseId,
  v.status,
  v.promise.category,
  v.promise.operator,
  v.promise.threshold,
  v.promise.unit,
  v.promise.qualifiers.tier,
  v.promise.qualifiers.severity,
  v.promise.qualifiers.channel,
  v.window.id,
  v.delivery?.samples,
  figure(v.delivery?.attainment),
  figure(v.delivery?.target),
  figure(v.delivery?.p50),
  figure(v.delivery?.p90),
  figure(v.delivery?.p95),
  figure(v.delivery?.max),
  v.delivery?.breaches,
  figure(v.delivery?.errorBudgetLeft),
  v.complaints?.matched,
  v.complaints?.allegingBreach,
  v.complaints ? v.complaints.perceptionGap : undefined,
  v.reason,
  v.promise.quote,
  v.promise.sourceUrl,
];

/** Builds every file of the pack; `zipEvidence` writes them as one archive. */
export const buildEvidencePack = (input: EvidenceInput): EvidencePack => {
  const verdicts = [...input.verdicts]
    .filter((v) => v.window.id === input.window.id)
    .sort((a, b) => a.promiseId.localeCompare(b.promiseId));
  if (verdicts.length !== input.verdicts.length)
    throw new ExportInputError(`every verdict of an evidence pack must be of window ${input.window.id}`);
  const files = new Map<string, Uint8Array>();
  const add = (name: string, content: string | Uint8Array) =>
    files.set(name, typeof content === 'string' ? strToU8(content) : content);

  const statements = [...input.statements].sort(
    (a, b) =>
      a.promiseId.localeCompare(b.promiseId) ||
      a.url.localeCompare(b.url) ||
      a.firstSeen.localeCompare(b.firstSeen),
  );
  const snapshots = [...input.snapshots].sort(
    (a, b) => a.url.localeCompare(b.url) || a.fetchedAt.localeCompare(b.fetchedAt),
  );
  const snapshotOf = new Map<string, string>();
  for (const s of snapshots) snapshotOf.set(s.contentHash.toLowerCase(), snapshotFile(s));

  add('commitments.csv', toCsv(COMMITMENT_COLUMNS, verdicts.map(commitmentRow)));
  add(
    'statements.csv',
    toCsv(
      ['promise_id', 'quote', 'url', 'first_seen', 'last_seen', 'content_hash', 'snapshot_file'],
      statements.map((s) => [
        s.promiseId,
        s.quote,
        s.url,
        s.firstSeen,
        s.lastSeen,
        s.contentHash,
        s.contentHash ? snapshotOf.get(s.contentHash.toLowerCase()) : undefined,
      ]),
    ),
  );
  const complaintRows = verdicts.flatMap((v) =>
    (v.complaints?.quotes ?? []).map((q) => [v.promiseId, q.id, q.at, maskPersonalData(q.quote)]),
  );
  add('complaints.csv', toCsv(['promise_id', 'complaint_id', 'at', 'quote_masked'], complaintRows));
  add(
    'snapshots/index.csv',
    toCsv(
      ['url', 'fetched_at', 'content_type', 'content_hash', 'file'],
      snapshots.map((s) => [s.url, s.fetchedAt, s.contentType, s.contentHash, snapshotFile(s)]),
    ),
  );
  for (const s of snapshots) {
    const name = snapshotFile(s);
    if (!files.has(name)) add(name, s.body);
  }
  add('rules.txt', `Accounting rules, version ${input.rules.version}\n\n${input.rules.text}\n`);
  add(
    'report.html',
    renderEvidenceReport({
      company: input.company,
      window: input.window,
      timezone: input.timezone,
      generatedAt: input.generatedAt,
      verdicts,
      statements,
      rulesVersion: input.rules.version,
      snapshotOf: (hash) => (hash ? snapshotOf.get(hash.toLowerCase()) : undefined),
    }),
  );

  const statuses: Record<string, number> = {};
  for (const v of verdicts) statuses[v.status] = (statuses[v.status] ?? 0) + 1;
  const manifest: EvidenceManifest = {
    company: input.company,
    window: input.window.id,
    timezone: input.timezone,
    generatedAt: input.generatedAt,
    commitments: verdicts.length,
    statuses,
    files: [...files].map(([name, content]) => ({
      name,
      bytes: content.byteLength,
      sha256: sha256Hex(content),
    })),
  };
  add('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, manifest };
};

/** One zip (stored with a fixed date, so the same pack gives the same bytes). */
export const zipEvidence = (pack: EvidencePack, folder: string): Uint8Array => {
  const mtime = new Date(pack.manifest.generatedAt);
  const tree: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, content] of pack.files) tree[`${folder}/${name}`] = [content, { mtime }];
  return zipSync(tree, { level: 6 });
};
