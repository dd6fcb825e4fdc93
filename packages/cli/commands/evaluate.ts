// `promisegap evaluate`: grades every stored promise for one window against the stored metrics,
// writes the verdicts and prints them with their reasons and the accounting rules.

import type { Command } from 'commander';
import { CalendarConfigError, createBusinessCalendar } from '../../calendar/index.ts';
import { complaintJudgement } from '../../complaints/index.ts';
import {
  chooseEvaluationWeek,
  evaluateWindow,
  latestDataAt,
  PartialWindowError,
} from '../../compliance/index.ts';
import {
  complianceBody,
  rollingWindow,
  sortVerdicts,
  type Verdict,
  type Window,
  WindowFormatError,
} from '../../core/index.ts';
import { registerJudgement } from '../../register/index.ts';
import { EmbeddedStoreError } from '../../store/index.ts';
import { surveyJudgement } from '../../surveys/index.ts';
import { verdictTable } from '../report.ts';
import { openStoreFor, type StoreOptions, withStoreOptions } from '../store.ts';
import { createCliLogger, missingConfig } from '../support.ts';
import { findConfig } from './import.ts';

interface EvaluateOptions extends StoreOptions {
  config?: string;
  week?: string;
  rolling?: string;
  allowPartial?: boolean;
  json?: boolean;
  verbose?: boolean;
}

const fail = (message: string, code: number): void => {
  process.stderr.write(`promisegap: ${message}\n`);
  process.exitCode = code;
};

const chooseWindow = (
  opts: EvaluateOptions,
  now: Date,
  timeZone: string,
  latest: string | undefined,
): Window => {
  const week = chooseEvaluationWeek({
    now,
    timeZone,
    latestDataAt: latest,
    ...(opts.week ? { week: opts.week } : {}),
    allowPartial: opts.allowPartial === true,
  });
  if (opts.rolling === undefined) return week;
  const days = Number(opts.rolling);
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    throw new WindowFormatError(`rolling ${opts.rolling} (expected a number of days, 1 to 366)`);
  }
  return rollingWindow(new Date(week.end), days);
};

/** "2026-11-16 to 2026-11-22": the week's local dates, last day included. */
const localRange = (window: Window, timeZone: string): string => {
  const day = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone });
  return `${day(new Date(window.start).getTime())} to ${day(new Date(window.end).getTime() - 1)}`;
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
  if (!loaded) return fail(missingConfig('evaluate'), 2);
  const { config } = loaded;
  const now = () => new Date();
  const calendar = createBusinessCalendar(config.calendar);
  const logger = createCliLogger(opts.verbose);
  const embedded = await openStoreFor(opts, { logger });
  try {
    const latest = await latestDataAt({ store: embedded.store, calendar, rules: config.evaluation }, now());
    const window = chooseWindow(opts, now(), calendar.timezone, latest);
    const verdicts = await evaluateWindow(
      {
        store: embedded.store,
        calendar,
        rules: config.evaluation,
        now,
        logger,
        ...complaintJudgement(config.evaluation),
        ...surveyJudgement(config.surveys),
        ...registerJudgement(config),
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
    const closing = verdicts.flatMap((v) => v.closing ?? []);
    process.stdout.write(
      `${embedded.description}: ${window.id} (${localRange(window, calendar.timezone)}, ${calendar.timezone}): ${verdicts.length} promises, ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none stored yet'}\n`,
    );
    if (verdicts.length === 0) {
      process.stdout.write(
        'No promises are stored yet: run `promisegap run --config FILE` to crawl and extract them.\n',
      );
      return;
    }
    process.stdout.write(`${verdictTable(verdicts)}\n\nWhy:\n${reasons(verdicts)}\n\n`);
    if (closing.length > 0) {
      process.stdout.write(
        `Closing verdicts for periods that ended this week:\n${closing.map((c) => `- [${c.status}] ${c.window.id}: ${c.reason}`).join('\n')}\n\n`,
      );
    }
    process.stdout.write(
      `${calendar.describe()}. At least ${config.evaluation.minSamples} samples per window. Accounting rules: docs/accounting-rules.md (each verdict carries them).\n`,
    );
  } finally {
    await embedded.close();
  }
};

export const register = (program: Command): void => {
  const command = program
    .command('evaluate')
    .description('Grade every stored promise for one week against the stored metrics and complaints')
    .option('--config <file>', 'the project configuration (default: promisegap.config.json when present)')
    .option(
      '--week <week>',
      "ISO week, e.g. 2026-W47, in the calendar's time zone (default: the latest complete week with data)",
    )
    .option('--rolling <days>', 'grade the DAYS days ending with that week instead (e.g. 28)')
    .option('--allow-partial', 'grade a week that has not ended, or that the data does not reach the end of')
    .option('--json', 'print the verdicts as JSON')
    .option('--verbose', 'log each step');
  withStoreOptions(command).action(async (opts: EvaluateOptions) => {
    try {
      await run(opts);
    } catch (error) {
      if (
        error instanceof WindowFormatError ||
        error instanceof PartialWindowError ||
        error instanceof CalendarConfigError ||
        error instanceof EmbeddedStoreError
      ) {
        return fail(error.message, 2);
      }
      throw error;
    }
  });
};
