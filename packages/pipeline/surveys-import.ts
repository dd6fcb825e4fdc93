// Importing a survey export: answers parsed and checked by line, comments read by the complaint
// reader, stored once each by content (a second import, under any file name, stores nothing twice).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyzeComplaint } from '../complaints/index.ts';
import type { Store, StoredSurvey, SurveyFileConfig } from '../core/index.ts';
import { parseSurveysCsv } from '../surveys/index.ts';
import { DataFileError } from './errors.ts';
import type { ImportReport } from './imports.ts';

export type SurveyImportSpec = Pick<SurveyFileConfig, 'file' | 'format'> & {
  mapping?: Record<string, string>;
};

export interface SurveyImportDeps {
  store: Store;
  /** Zone for timestamps without an offset (the calendar's). */
  timezone?: string;
  now?: () => Date;
}

export const importSurveyText = async (
  deps: SurveyImportDeps,
  spec: SurveyImportSpec,
  text: string,
): Promise<ImportReport & { unanswered: number }> => {
  const parsed = await parseSurveysCsv(text, {
    file: spec.file,
    format: spec.format,
    ...(spec.mapping ? { mapping: spec.mapping } : {}),
    ...(deps.timezone ? { timezone: deps.timezone } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const stored: StoredSurvey[] = parsed.surveys.map((s) =>
    s.comment ? { ...s, analysis: analyzeComplaint(s.comment) } : s,
  );
  const result = await deps.store.putSurveys(stored);
  const latestAt = stored.reduce<string | undefined>(
    (acc, s) => (!acc || s.at > acc ? s.at : acc),
    undefined,
  );
  return {
    file: spec.file,
    kind: 'surveys',
    rows: parsed.rows,
    ...result,
    errors: parsed.errors,
    errorCount: parsed.errors.length,
    warnings: [],
    unanswered: parsed.unanswered,
    ...(latestAt ? { latestAt } : {}),
  };
};

export const importSurveyFile = async (
  deps: SurveyImportDeps,
  spec: SurveyImportSpec,
  baseDir: string,
): Promise<ImportReport & { unanswered: number }> => {
  const path = resolve(baseDir, spec.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DataFileError(path, 'cannot be read', { cause });
  }
  return importSurveyText(deps, spec, text);
};
