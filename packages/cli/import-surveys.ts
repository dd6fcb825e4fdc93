// `promisegap import surveys FILE [--format zendesk|freshdesk|generic]`: survey results into the store.
// Loaded only when that command runs. Bad rows are reported by line; importing again stores nothing twice.

import { relative, resolve } from 'node:path';
import type { LoadedConfig } from '../core/index.ts';
import { importSurveyFile } from '../pipeline/index.ts';
import { SURVEY_FORMATS, type SurveyFormat } from '../surveys/index.ts';
import { openStoreFor, type StoreOptions } from './store.ts';
import { createCliLogger } from './support.ts';

export interface SurveyImportOptions extends StoreOptions {
  format?: string;
  mapping?: Record<string, string>;
  json?: boolean;
  strict?: boolean;
  verbose?: boolean;
}

const BAD_ROWS_SHOWN = 20;

export const importSurveysCommand = async (
  file: string,
  opts: SurveyImportOptions,
  loaded: LoadedConfig | undefined,
): Promise<void> => {
  const absolute = resolve(file);
  if (opts.format !== undefined && !SURVEY_FORMATS.includes(opts.format as SurveyFormat)) {
    process.stderr.write(
      `promisegap: --format ${opts.format}: expected one of ${SURVEY_FORMATS.join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  // A file the config names keeps the config's format and mapping unless told otherwise.
  const entry = loaded?.config.surveys.files.find((f) => resolve(loaded.baseDir, f.file) === absolute);
  const spec = {
    file: entry && loaded ? entry.file : relative(process.cwd(), absolute),
    format: (opts.format as SurveyFormat | undefined) ?? entry?.format ?? 'generic',
    mapping: { ...(entry?.mapping ?? {}), ...(opts.mapping ?? {}) },
  };
  const embedded = await openStoreFor(opts, { logger: createCliLogger(opts.verbose) });
  try {
    const report = await importSurveyFile(
      {
        store: embedded.store,
        now: () => new Date(),
        ...(loaded ? { timezone: loaded.config.calendar.timezone } : {}),
      },
      spec,
      entry && loaded ? loaded.baseDir : process.cwd(),
    );
    if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const lines = [
        `${report.file} (${spec.format}): ${report.rows} rows read; ${report.accepted} survey answers stored, ${report.duplicates} already stored; ${report.unanswered} offered but not answered; ${report.errorCount} bad ${report.errorCount === 1 ? 'row' : 'rows'}`,
        ...report.errors.slice(0, BAD_ROWS_SHOWN).map((e) => `  line ${e.line}: ${e.reason}`),
      ];
      if (report.errorCount > BAD_ROWS_SHOWN)
        lines.push(`  … and ${report.errorCount - BAD_ROWS_SHOWN} more (--json lists them)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (opts.strict && report.errorCount > 0) process.exitCode = 1;
  } finally {
    await embedded.close();
  }
};
