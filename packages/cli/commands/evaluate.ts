// `promisegap evaluate`: grades every stored promise for one window against the stored metrics,
// writes the verdicts and prints them with their reasons and the accounting rules.

import type { Command } from 'commander';
import { CalendarConfigError, createBusinessCalendar } from '../../calendar/index.ts';
import { complaintJudgement } from '../../complaints/index.ts';
import { evaluateWindow } from '../../compliance/index.ts';
import {
  complianceBody,
  latestCompleteWeek,
  rollingWindow,
  sortVerdicts,
  type Verdict,
  type Window,
  WindowFormatError,
  weekWindow,
} from '../../core/index.ts';
import { EmbeddedStoreError, openEmbeddedStore } from '../../store/index.ts';
import { verdictTable } from '../report.ts';
import { createCliLogger, DEFAULT_DATA_DIR } from '../support.ts';
import { DEFAULT_CONFIG_FILE, findConfig } from './import.ts';

interface EvaluateOptions {
  config?: string;
  week?: string;
  rolling?: string;
  dataDir: string;
  json?: boolean;
  verbose?: boolean;
}

const fail = (message: string, code: number): void => {
  process.stderr.write(`promisegap: ${message}\n`);
  process.exitCode = code;
};

const chooseWindow = (opts: EvaluateOptions, now: Date): Window => {
  const week = opts.week ? weekWindow(opts.week) : latestCompleteWeek(now);
  if (opts.rolling === undefined) return week;
  const days = Number(opts.rolling);
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    throw new WindowFormatError(`rolling ${opts.rolling} (expected a number of days, 1 to 366)`);
  }
  return rollingWindow(new Date(week.end), days);
};

const reasons = (verdicts: Verdict[]): string =>
  verdicts
    .map(
      (v) =>
        `- [${v.status}] ${v.promise.quote.slice(0, 90)}${v.promise.quote.length > 90 ? '…' : ''}\n    ${v.reason}`,
    )
    .join('\n');

const run = async (opts: EvaluateOptions): Promise<void> => {
  const loaded = findConfig(opts.config);
  if (!loaded) {
    return fail(
      `evaluate needs the project configuration: pass --config FILE (no ${DEFAULT_CONFIG_FILE} here)`,
      2,
    );
  }
  const { config } = loaded;
  const now = () => new Date();
  const window = chooseWindow(opts, now());
  const calendar = createBusinessCalendar(config.calendar);
  const logger = createCliLogger(opts.verbose);
  const embedded = await openEmbeddedStore({ dataDir: opts.dataDir, logger });
  try {
    const verdicts = await evaluateWindow(
      {
        store: embedded.store,
        calendar,
        rules: config.evaluation,
        now,
        logger,
        ...complaintJudgement(config.evaluation),
      },
      window,
    );
    if (opts.json) {
      // The same shape as `run --json` and GET /v1/compliance (ComplianceSchema).
      process.stdout.write(`${JSON.stringify(complianceBody(window, sortVerdicts(verdicts)), null, 2)}\n`);
      return;
    }
    const counts = new Map<string, number>();
    for (const v of verdicts) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
    process.stdout.write(
      `${window.id} (${window.start.slice(0, 10)} to ${window.end.slice(0, 10)}, end exclusive): ${verdicts.length} promises, ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none stored yet'}\n`,
    );
    if (verdicts.length === 0) {
      process.stdout.write(
        'No promises are stored yet: run `promisegap run --config FILE` to crawl and extract them.\n',
      );
      return;
    }
    process.stdout.write(`${verdictTable(verdicts)}\n\nWhy:\n${reasons(verdicts)}\n\n`);
    process.stdout.write(
      `${calendar.describe()}. At least ${config.evaluation.minSamples} samples per window. Accounting rules: docs/accounting-rules.md (each verdict carries them).\n`,
    );
  } finally {
    await embedded.close();
  }
};

export const register = (program: Command): void => {
  program
    .command('evaluate')
    .description('Grade every stored promise for one week against the stored metrics and complaints')
    .option('--config <file>', `the project configuration (default: ${DEFAULT_CONFIG_FILE} when present)`)
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: the last complete week)')
    .option('--rolling <days>', 'grade the DAYS days ending with that week instead (e.g. 28)')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--json', 'print the verdicts as JSON')
    .option('--verbose', 'log each step')
    .action(async (opts: EvaluateOptions) => {
      try {
        await run(opts);
      } catch (error) {
        if (
          error instanceof WindowFormatError ||
          error instanceof CalendarConfigError ||
          error instanceof EmbeddedStoreError
        ) {
          return fail(error.message, 2);
        }
        throw error;
      }
    });
};
