// One full cycle on a config: crawl, extract, import data, evaluate the weeks, write the digest.
// The CLI's `run` and `npm start` call it; each step is idempotent, so a second run changes nothing twice.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SESClient } from '@aws-sdk/client-ses';
import { createBusinessCalendar } from '../calendar/index.ts';
import { complaintJudgement } from '../complaints/index.ts';
import { evaluateWindow } from '../compliance/index.ts';
import {
  type LoadedConfig,
  type Logger,
  latestWeekWithData,
  type Store,
  type Verdict,
  type Window,
  weeksEndingWith,
  weekWindow,
} from '../core/index.ts';
import { type CrawlReport, crawlSources } from '../crawl/index.ts';
import {
  buildDigest,
  type Digest,
  digestInputFromStore,
  type SendDigestResult,
  sendDigest,
} from '../digest/index.ts';
import { importPolicyFile, type PolicyImportReport } from '../policy/index.ts';
import { type ExtractStepResult, extractSnapshot } from '../promises/index.ts';
import { registerJudgement } from '../register/index.ts';
import { surveyJudgement } from '../surveys/index.ts';
import {
  type ImportProgress,
  type ImportReport,
  importComplaintFile,
  importMetricFile,
  knownTiersOf,
} from './imports.ts';
import { type StaticSite, serveStaticSite } from './static-site.ts';
import { importSurveyFile } from './surveys-import.ts';

export interface CycleDeps {
  store: Store;
  now: () => Date;
  logger: Logger;
  /** SES client for `send`; locally pointed at the emulator through AWS_ENDPOINT_URL_SES. */
  ses?: SESClient;
  /** Called as each stage starts; `elapsedMs` is the time the previous stage took. */
  onStage?: (stage: string, previous?: { stage: string; elapsedMs: number }) => void;
  onCrawlProgress?: (p: { done: number; queued: number; url: string }) => void;
  onImportProgress?: ImportProgress;
}

export interface CycleOptions {
  /** ISO week to evaluate; default the latest complete week that has data. */
  week?: string;
  /** How many weeks up to the evaluated one are (re-)evaluated, for trends and sparklines. */
  weeks?: number;
  /** Folder for digest.html and digest.txt. */
  digestDir: string;
  send?: boolean;
}

export interface CycleResult {
  siteUrl?: string;
  crawl: CrawlReport;
  extractions: ExtractStepResult[];
  extractionFailures: { url: string; error: string }[];
  imports: ImportReport[];
  /** The help desk's SLA policy files (config `policies`). */
  policyImports: PolicyImportReport[];
  window: Window;
  verdicts: Verdict[];
  digest: { subject: string; htmlPath: string; textPath: string; send?: SendDigestResult };
}

/** The latest complete local week with data (see `latestWeekWithData`), UTC when no zone is given. */
export const chooseWeek = (now: Date, latestDataAt: string | undefined, timeZone?: string): Window =>
  latestWeekWithData(now, latestDataAt, timeZone);

/** Resolves source URLs that start with "/" against the locally served site. */
const absoluteUrl = (url: string, siteUrl: string | undefined): string => {
  if (/^https?:\/\//i.test(url)) return url;
  if (!siteUrl) throw new Error(`source "${url}" is relative but the config serves no site (site.dir)`);
  return new URL(url, `${siteUrl}/`).toString();
};

export const runCycle = async (
  loaded: LoadedConfig,
  deps: CycleDeps,
  options: CycleOptions,
): Promise<CycleResult> => {
  const { config, baseDir } = loaded;
  const { store, logger, now } = deps;
  const calendar = createBusinessCalendar(config.calendar);
  let current: { stage: string; startedAt: number } | undefined;
  const stage = (name: string) => {
    const at = performance.now();
    deps.onStage?.(name, current ? { stage: current.stage, elapsedMs: at - current.startedAt } : undefined);
    current = { stage: name, startedAt: at };
  };
  let site: StaticSite | undefined;
  try {
    if (config.site) site = await serveStaticSite(resolve(baseDir, config.site.dir), config.site.port);

    stage('crawl');
    const crawl = await crawlSources(
      config.sources.map((s) => ({ ...s, url: absoluteUrl(s.url, site?.url) })),
      {
        store,
        now,
        logger,
        options: { ...config.crawl },
        ...(deps.onCrawlProgress ? { onProgress: deps.onCrawlProgress } : {}),
      },
    );

    stage('extract');
    const extractions: ExtractStepResult[] = [];
    const extractionFailures: { url: string; error: string }[] = [];
    for (const page of crawl.pages) {
      if (!page.snapshot) continue;
      // One unreadable document (a broken PDF, hostile HTML) is reported; the others go on.
      try {
        extractions.push(await extractSnapshot({ store, now, logger }, page.snapshot));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('extraction failed', { url: page.url, error: message });
        extractionFailures.push({ url: page.url, error: message });
      }
    }

    stage('import');
    const imports: ImportReport[] = [];
    const knownTiers = await knownTiersOf(store);
    for (const spec of config.metrics) {
      imports.push(
        await importMetricFile(
          {
            store,
            calendar,
            now,
            knownTiers,
            ...(deps.onImportProgress ? { onProgress: deps.onImportProgress } : {}),
          },
          spec,
          baseDir,
        ),
      );
    }
    for (const spec of config.complaints) imports.push(await importComplaintFile({ store }, spec, baseDir));
    const policyImports: PolicyImportReport[] = [];
    for (const spec of config.policies ?? []) {
      policyImports.push(
        await importPolicyFile(
          { store, now, knownTiers, businessDayHours: calendar.hoursPerBusinessDay() },
          spec,
          baseDir,
        ),
      );
    }
    for (const spec of config.surveys.files) {
      imports.push(await importSurveyFile({ store, timezone: calendar.timezone, now }, spec, baseDir));
    }

    stage('evaluate');
    const latestDataAt = imports
      .filter((r) => r.kind !== 'complaints' && r.kind !== 'surveys')
      .map((r) => r.latestAt)
      .reduce<string | undefined>((acc, at) => (at && (!acc || at > acc) ? at : acc), undefined);
    const window = options.week
      ? weekWindow(options.week, calendar.timezone)
      : chooseWeek(now(), latestDataAt, calendar.timezone);
    const rules = {
      ...config.evaluation,
    };
    let verdicts: Verdict[] = [];
    // Oldest first: each week's trend compares with the verdicts of the week before.
    for (const week of weeksEndingWith(window, options.weeks ?? 9)) {
      verdicts = await evaluateWindow(
        {
          store,
          calendar,
          rules,
          now,
          logger,
          ...complaintJudgement(config.evaluation),
          ...surveyJudgement(config.surveys),
          ...registerJudgement(config),
        },
        week,
      );
    }

    stage('digest');
    const digest: Digest = buildDigest(await digestInputFromStore(store, config, window));
    const dir = resolve(options.digestDir);
    mkdirSync(dir, { recursive: true });
    const htmlPath = join(dir, 'digest.html');
    const textPath = join(dir, 'digest.txt');
    writeFileSync(htmlPath, digest.html);
    writeFileSync(textPath, digest.text);
    let send: SendDigestResult | undefined;
    if (options.send && deps.ses) {
      send = await sendDigest(
        { ses: deps.ses, store, now, logger },
        { digest, windowId: window.id, from: config.digest.from, recipients: config.digest.recipients },
      );
    }
    stage('done');
    return {
      ...(site ? { siteUrl: site.url } : {}),
      crawl,
      extractions,
      extractionFailures,
      imports,
      policyImports,
      window,
      verdicts,
      digest: { subject: digest.subject, htmlPath, textPath, ...(send ? { send } : {}) },
    };
  } finally {
    await site?.close();
  }
};
