// Import cost at a real help desk's scale: a generated export in Zendesk's column layout (100,000
// tickets over 13 weeks, 5 plans × 4 priorities × 3 channels, log-normal reply and solve times
// that wait for opening hours, 2 % malformed rows) is imported by the CLI (`promisegap import
// tickets`, in a child process) into a fresh data folder, then imported again. The baseline,
// measured in the same run, is csv-parse alone streaming the same file.
//
//   npm run bench:import [-- --tickets 100000 --json]
// With --json the last line is
//   { tickets, samples, seconds, samplesPerSecond, parseOnlySeconds, ratioToParse, writesPerSample,
//     peakRssMb, reimportSeconds }.

import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import { parse } from 'csv-parse';
import { writeZendeskExport } from './zendesk-export.ts';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const ticketsArg = argv.indexOf('--tickets');
const tickets = ticketsArg >= 0 ? Number(argv[ticketsArg + 1]) : 100_000;
if (!Number.isInteger(tickets) || tickets < 100) {
  throw new Error(
    `bench:import: --tickets needs a whole number of at least 100 (got ${argv[ticketsArg + 1]})`,
  );
}
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

const REPO = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'pg-bench-import-'));
const file = join(work, 'zendesk-tickets.csv');
const configFile = join(work, 'promisegap.config.json');
const dataDir = join(work, 'data');

// Singapore has no daylight saving time, so the export's minute columns agree with its local times.
const TIMEZONE = 'Asia/Singapore';
const weekday = ['09:00', '18:00'];
writeFileSync(
  configFile,
  JSON.stringify({
    company: 'Bench Help Desk',
    sources: [{ url: 'https://help.bench.example/sla', kind: 'sla' }],
    digest: { from: 'promisegap@bench.example', recipients: ['support-lead@bench.example'] },
    metrics: [{ file: 'zendesk-tickets.csv', format: 'tickets' }],
    complaints: [],
    calendar: {
      timezone: TIMEZONE,
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: null, sun: null },
      holidays: [],
    },
  }),
);

log(`generating ${tickets.toLocaleString('en')} tickets …`);
// 13 weeks ending before today, so none is "in the future" (the importer's clock is the real one).
const weeks = 13;
const today = new Date();
const lastMonday =
  Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) -
  ((today.getUTCDay() + 6) % 7) * 86_400_000;
const summary = await writeZendeskExport(file, {
  tickets,
  weeks,
  startLocal: new Date(lastMonday - (weeks + 1) * 7 * 86_400_000),
  malformed: 0.02,
  utcOffsetHours: 8,
});

const parseOnly = async (): Promise<number> => {
  const started = performance.now();
  let records = 0;
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_records_with_error: true }),
  );
  for await (const _ of parser) records += 1;
  if (records < tickets) throw new Error(`bench:import: csv-parse read ${records} records of ${tickets}`);
  return (performance.now() - started) / 1000;
};

interface CliRun {
  seconds: number;
  peakRssMb: number;
  report: { rows: number; accepted: number; duplicates: number; errorCount: number; writes: number };
}

// The CLI's own entry (bin/promisegap.mjs) runs main() the same way; this one also says its peak RSS.
const RUNNER = `
import { register } from 'tsx/esm/api';
register();
const { main } = await import(${JSON.stringify(join(REPO, 'packages/cli/main.ts'))});
process.exitCode = await main(['node', 'promisegap', ...process.argv.slice(1)]);
process.stderr.write('\\nPEAK_RSS_KB ' + process.resourceUsage().maxRSS + '\\n');
`;

const importWithCli = (): CliRun => {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      RUNNER,
      'import',
      'tickets',
      file,
      '--config',
      configFile,
      '--data-dir',
      dataDir,
      '--json',
    ],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) {
    throw new Error(
      `bench:import: the import failed (status ${child.status}):\n${child.stderr.slice(-2000)}`,
    );
  }
  const rss = /PEAK_RSS_KB (\d+)/.exec(child.stderr);
  const last = child.stdout.trim().split('\n').at(-1) ?? '{}';
  return { seconds, peakRssMb: Number(rss?.[1] ?? 0) / 1024, report: JSON.parse(last) as CliRun['report'] };
};

try {
  log('parsing with csv-parse alone …');
  const parseOnlySeconds = await parseOnly();
  log('importing with the CLI into a fresh data folder …');
  const first = importWithCli();
  log('importing the same file again …');
  const again = importWithCli();
  const samples = first.report.accepted;
  const result = {
    tickets,
    samples,
    seconds: round(first.seconds),
    samplesPerSecond: Math.round(samples / first.seconds),
    parseOnlySeconds: round(parseOnlySeconds),
    ratioToParse: round(first.seconds / parseOnlySeconds),
    writesPerSample: round(first.report.writes / Math.max(1, samples), 4),
    peakRssMb: Math.round(Math.max(first.peakRssMb, again.peakRssMb)),
    reimportSeconds: round(again.seconds),
  };
  const checks = [
    [
      'samples stored = samples of the good rows',
      samples === summary.expectedSamples,
      `${samples} of ${summary.expectedSamples}`,
    ],
    [
      'bad rows reported = malformed rows generated',
      first.report.errorCount === summary.malformed,
      `${first.report.errorCount} of ${summary.malformed}`,
    ],
    [
      're-import stores nothing',
      again.report.accepted === 0 && again.report.duplicates === samples,
      `${again.report.accepted} stored, ${again.report.duplicates} already stored`,
    ],
    ['whole import ≤ 10 × parse-only', result.ratioToParse <= 10, `${result.ratioToParse}×`],
    [
      '≥ 5,000 samples/s end to end',
      result.samplesPerSecond >= 5000,
      result.samplesPerSecond.toLocaleString('en'),
    ],
    ['peak RSS < 500 MB', result.peakRssMb < 500, `${result.peakRssMb} MB`],
    [
      're-import < ⅓ of the first',
      again.seconds < first.seconds / 3,
      `${result.reimportSeconds} s of ${result.seconds} s`,
    ],
  ] as const;
  if (!json) {
    const table = new Table({
      head: ['measure', 'import (CLI)', 'csv-parse alone'],
      style: { head: [], border: [] },
    });
    table.push(
      ['tickets (rows)', tickets.toLocaleString('en'), tickets.toLocaleString('en')],
      ['samples stored', samples.toLocaleString('en'), '—'],
      ['wall time, s', String(result.seconds), String(result.parseOnlySeconds)],
      ['samples/s', result.samplesPerSecond.toLocaleString('en'), '—'],
      ['store writes per sample', String(result.writesPerSample), '—'],
      ['store writes', first.report.writes.toLocaleString('en'), '—'],
      ['peak RSS, MB', String(result.peakRssMb), '—'],
      ['re-import wall time, s', String(result.reimportSeconds), '—'],
    );
    process.stderr.write(`${table.toString()}\n`);
    for (const [what, ok, detail] of checks)
      process.stderr.write(`${ok ? 'met   ' : 'MISSED'} ${what}: ${detail}\n`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!checks[0][1] || !checks[2][1]) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
