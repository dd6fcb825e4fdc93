// `promisegap import metrics|tickets|complaints|surveys FILE`: data files into the local store. Bad rows
// are reported by line and the rest is kept; importing a file again stores nothing twice.

import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type BusinessCalendar, CalendarConfigError, createBusinessCalendar } from '../../calendar/index.ts';
import { ComplaintsFileError } from '../../complaints/index.ts';
import { type LoadedConfig, loadConfigFile, type MetricFileConfig } from '../../core/index.ts';
import { IngestFormatError } from '../../ingest/index.ts';
import {
  DataFileError,
  type ImportReport,
  importComplaintFile,
  importMetricFile,
  knownTiersOf,
} from '../../pipeline/index.ts';
import { createImportLedger } from '../../store/import-ledger.ts';
import { documentClient, EmbeddedStoreError } from '../../store/index.ts';
import { openStoreFor, type StoreOptions, withStoreOptions } from '../store.ts';
import { createCliLogger, createProgress } from '../support.ts';

export const DEFAULT_CONFIG_FILE = 'promisegap.config.json';
const BAD_ROWS_SHOWN = 20;

/** The config named by --config, else promisegap.config.json in the working folder if there is one. */
export const findConfig = (path: string | undefined): LoadedConfig | undefined => {
  if (path) return loadConfigFile(path);
  return existsSync(DEFAULT_CONFIG_FILE) ? loadConfigFile(DEFAULT_CONFIG_FILE) : undefined;
};

/** "tier=Plan,created=Opened" → { tier: 'Plan', created: 'Opened' } (commander option parser). */
export const parsePairs = (text: string, previous: Record<string, string> = {}): Record<string, string> => {
  const out = { ...previous };
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new InvalidArgumentError(`"${pair}" is not FIELD=COLUMN (e.g. tier=Plan,created=Opened)`);
    }
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
};

/** Any day, any hour: samples need only a time zone for timestamps without an offset. */
const UTC_CALENDAR = {
  timezone: 'UTC',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00', '24:00']]),
  ),
  holidays: [],
} as unknown as Parameters<typeof createBusinessCalendar>[0];

interface ImportOptions extends StoreOptions {
  config?: string;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
  json?: boolean;
  strict?: boolean;
  verbose?: boolean;
  force?: boolean;
}

type Kind = 'samples' | 'tickets' | 'complaints';

const fail = (message: string, code: number): void => {
  process.stderr.write(`promisegap: ${message}\n`);
  process.exitCode = code;
};

const describeReport = (report: ImportReport): string => {
  const what = report.kind === 'complaints' ? 'complaints' : 'samples';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `${report.file}: ${report.rows} rows read; ${report.accepted} ${what} stored, ${report.duplicates} already stored${report.sameAs ? ` (same content as the import of ${report.sameAs.importedAt.slice(0, 16).replace('T', ' ')} UTC${report.sameAs.file === report.file ? '' : `, as ${report.sameAs.file}`}; --force imports it again)` : ''}; ${plural(report.errorCount, 'bad row')}${report.warnings.length ? `; ${plural(report.warnings.length, 'warning')}` : ''}`,
  ];
  for (const e of report.errors.slice(0, BAD_ROWS_SHOWN)) lines.push(`  line ${e.line}: ${e.reason}`);
  if (report.errorCount > BAD_ROWS_SHOWN) {
    lines.push(`  … and ${report.errorCount - BAD_ROWS_SHOWN} more (--json lists them)`);
  }
  for (const w of report.warnings.slice(0, BAD_ROWS_SHOWN)) {
    lines.push(`  warning, line ${w.line}${w.rows > 1 ? ` and ${w.rows - 1} more rows` : ''}: ${w.reason}`);
  }
  return lines.join('\n');
};

/** Items the store writes (each one a paid write in AWS), counted at the client. */
const countWrites = (client: DynamoDBClient): (() => number) => {
  let writes = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (context.commandName === 'BatchWriteItemCommand') {
        for (const requests of Object.values(input.RequestItems ?? {})) writes += requests.length;
      } else if (/^(Put|Update|Delete)ItemCommand$/.test(context.commandName ?? '')) writes += 1;
      return next(args);
    },
    { step: 'initialize', name: 'promisegapCountWrites' },
  );
  return () => writes;
};

const run = async (kind: Kind, file: string, opts: ImportOptions): Promise<void> => {
  const loaded = findConfig(opts.config);
  const absolute = resolve(file);
  if (!existsSync(absolute)) return fail(`${file}: no such file`, 2);
  let calendar: BusinessCalendar;
  const calendarConfig = loaded ? loaded.config.calendar : UTC_CALENDAR;
  if (loaded) calendar = createBusinessCalendar(loaded.config.calendar);
  else if (kind === 'tickets') {
    return fail(
      `tickets are measured on the business calendar: pass --config FILE (none given, and no ${DEFAULT_CONFIG_FILE} here)`,
      2,
    );
  } else calendar = createBusinessCalendar(UTC_CALENDAR);

  const logger = createCliLogger(opts.verbose);
  const embedded = await openStoreFor(opts, { logger });
  const writes = countWrites(embedded.raw);
  const progress = opts.json ? undefined : createProgress('import');
  // Completed imports are recorded by content: the same bytes again store nothing (--force: again).
  const ledgerDeps = {
    ledger: createImportLedger({ client: documentClient(embedded.raw), tableName: embedded.tableName }),
    ledgerContext: calendarConfig,
    ...(opts.force ? { force: true } : {}),
  };
  try {
    let report: ImportReport;
    if (kind === 'complaints') {
      const entry = loaded?.config.complaints.find((c) => resolve(loaded.baseDir, c.file) === absolute);
      const spec = {
        file: entry && loaded ? entry.file : relative(process.cwd(), absolute),
        mapping: { ...(entry?.mapping ?? {}), ...(opts.mapping ?? {}) },
      };
      report = await importComplaintFile(
        { store: embedded.store, ...ledgerDeps },
        spec,
        entry && loaded ? loaded.baseDir : process.cwd(),
      );
    } else {
      // A file the config names keeps the config's name, so its samples' refs (and ids) match a `run`.
      const entry = loaded?.config.metrics.find((m) => resolve(loaded.baseDir, m.file) === absolute);
      if (entry && entry.format !== kind) {
        process.stderr.write(
          `note: ${entry.file} is configured as ${entry.format}; importing it as ${kind}\n`,
        );
      }
      const spec: MetricFileConfig = {
        file: entry && loaded ? entry.file : relative(process.cwd(), absolute),
        format: kind,
        mapping: { ...(entry?.mapping ?? {}), ...(opts.mapping ?? {}) },
        defaults: { ...(entry?.defaults ?? {}), ...(opts.defaults ?? {}) },
      };
      report = await importMetricFile(
        {
          store: embedded.store,
          ...ledgerDeps,
          calendar,
          now: () => new Date(),
          knownTiers: await knownTiersOf(embedded.store),
          ...(progress ? { onProgress: (p) => progress.update(p.done, p.total, p.file) } : {}),
        },
        spec,
        entry && loaded ? loaded.baseDir : process.cwd(),
      );
    }
    progress?.done();
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, writes: writes() })}\n`);
    else process.stdout.write(`${describeReport(report)}\n`);
    if (opts.strict && report.errors.length > 0) process.exitCode = 1;
  } finally {
    progress?.done();
    await embedded.close();
  }
};

const action = (kind: Kind) => async (file: string, opts: ImportOptions) => {
  try {
    await run(kind, file, opts);
  } catch (error) {
    const known =
      error instanceof IngestFormatError ||
      error instanceof DataFileError ||
      error instanceof ComplaintsFileError ||
      error instanceof CalendarConfigError ||
      error instanceof EmbeddedStoreError;
    if (!known) throw error;
    fail(error.message, 2);
  }
};

const withCommonOptions = (command: Command): Command =>
  withStoreOptions(command)
    .option('--config <file>', `the project configuration (default: ${DEFAULT_CONFIG_FILE} when present)`)
    .option('--mapping <pairs>', 'our field=their column, comma-separated (e.g. tier=Plan)', parsePairs)
    .option('--json', 'print the report as JSON')
    .option('--strict', 'exit with status 1 when any row is bad')
    .option('--verbose', 'log each step');

/** Metric, ticket and complaint files go through the import ledger; --force passes it by. */
const withForce = (command: Command): Command =>
  command.option('--force', 'import in full even when the same file content was imported before');

export const register = (program: Command): void => {
  const group = program
    .command('import')
    .description(
      'Import metric samples, help-desk tickets, complaints, survey results or SLA policies into the local store',
    );
  withCommonOptions(
    group
      .command('metrics')
      .argument('<file>', 'CSV with columns metric, value, unit, at and any dimensions')
      .description('Import metric samples (one measurement a row)')
      .option(
        '--defaults <pairs>',
        'fixed values for every row (e.g. metric=uptime,unit=percent)',
        parsePairs,
      ),
  );
  withForce(group.commands.at(-1) as Command).action(action('samples'));
  withCommonOptions(
    group
      .command('tickets')
      .argument('<file>', 'a help-desk export (Zendesk, Freshdesk, or mapped columns)')
      .description('Import a ticket export: first response and resolution, in calendar and business time'),
  );
  withForce(group.commands.at(-1) as Command).action(action('tickets'));
  withStoreOptions(
    group
      .command('policies')
      .argument(
        '<file>',
        'Zendesk or Freshdesk SLA policy JSON (as their APIs return it), or our own YAML/JSON form',
      )
      .description("Import the help desk's SLA policies, to compare its own targets with the public promises")
      .addOption(
        new Option('--format <format>', 'the file format (default: told from its shape)').choices([
          'zendesk',
          'freshdesk',
          'promisegap',
        ]),
      )
      .option(
        '--plan-of <pairs>',
        'what a condition value means as a plan, e.g. organization_id:360001=Pro,tag:vip=Enterprise',
        parsePairs,
      )
      .option('--config <file>', `the project configuration (default: ${DEFAULT_CONFIG_FILE} when present)`)
      .option('--json', 'print the report as JSON')
      .option('--verbose', 'log each step'),
  ).action(async (file: string, opts: Record<string, unknown> & { config?: string }) => {
    if (!existsSync(resolve(file))) return fail(`${file}: no such file`, 2);
    const { runImportPolicies } = await import('../import-policies.ts');
    try {
      await runImportPolicies(file, opts as never, findConfig(opts.config));
    } catch (error) {
      if (!(error instanceof EmbeddedStoreError)) throw error;
      fail(error.message, 2);
    }
  });
  withCommonOptions(
    group
      .command('complaints')
      .argument('<file>', 'CSV or JSON Lines with id, at and text')
      .description('Import and analyse customer complaints'),
  );
  withForce(group.commands.at(-1) as Command).action(action('complaints'));
  withCommonOptions(
    group
      .command('surveys')
      .argument('<file>', 'survey results: a Zendesk or Freshdesk export, or score,scale,at,comment CSV')
      .description('Import survey results (CSAT, NPS) and read their comments as complaints')
      .option('--format <format>', 'zendesk, freshdesk or generic (default: as configured, else generic)'),
  ).action(async (file: string, opts: ImportOptions & { format?: string }) => {
    if (!existsSync(resolve(file))) return fail(`${file}: no such file`, 2);
    try {
      const { importSurveysCommand } = await import('../import-surveys.ts');
      await importSurveysCommand(file, opts, findConfig(opts.config));
    } catch (error) {
      const known =
        error instanceof IngestFormatError ||
        error instanceof DataFileError ||
        error instanceof EmbeddedStoreError;
      if (!known) throw error;
      fail(error.message, 2);
    }
  });
};
