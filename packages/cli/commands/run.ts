// `promisegap run --config FILE`: one full cycle (crawl, extract, import, evaluate, digest), then exit.

import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import type { Command } from 'commander';
import { complianceBody, loadConfigFile, sortVerdicts } from '../../core/index.ts';
import { createProgressReporter } from '../../crawl/index.ts';
import { runCycle } from '../../pipeline/index.ts';
import { cycleSummary, verdictTable } from '../report.ts';
import { openStoreFor } from '../store.ts';
import { createCliLogger, createProgress, DEFAULT_DATA_DIR } from '../support.ts';

export const register = (program: Command): void => {
  program
    .command('run')
    .description(
      'Run one full cycle on a config: crawl, extract, import, evaluate, write the digest; then exit.',
    )
    .requiredOption('--config <file>', 'the project configuration (promisegap.config.json)')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option(
      '--week <week>',
      'ISO week to evaluate, e.g. 2026-W47 (default: the latest complete week with data)',
    )
    .option('--send', 'send the digest through SES (AWS_ENDPOINT_URL_SES for a local emulator)')
    .option('--json', 'print the evaluation as JSON on standard output')
    .option('--verbose', 'log each step')
    .action(
      async (opts: {
        config: string;
        dataDir: string;
        week?: string;
        send?: boolean;
        json?: boolean;
        verbose?: boolean;
      }) => {
        const loaded = loadConfigFile(opts.config);
        const logger = createCliLogger(opts.verbose);
        const embedded = await openStoreFor({ dataDir: opts.dataDir }, { logger });
        try {
          const crawlBar = createProgressReporter({ stream: process.stderr });
          const importBar = createProgress('import');
          const result = await runCycle(
            loaded,
            {
              store: embedded.store,
              now: () => new Date(),
              logger,
              ...(opts.send ? { ses: new SESClient({}) } : {}),
              onStage: (stage, previous) => {
                if (opts.json) return;
                if (previous) {
                  process.stderr.write(
                    `  ${previous.stage} took ${(previous.elapsedMs / 1000).toFixed(1)} s\n`,
                  );
                }
                if (stage !== 'done') process.stderr.write(`… ${stage}\n`);
              },
              onCrawlProgress: (p) => crawlBar.update(p),
              onImportProgress: (p) => importBar.update(p.done, p.total, p.file),
            },
            {
              digestDir: join(opts.dataDir, 'digest'),
              ...(opts.week ? { week: opts.week } : {}),
              send: opts.send === true,
            },
          );
          crawlBar.stop();
          importBar.done();
          if (opts.json) {
            // The same shape as `evaluate --json` and GET /v1/compliance (ComplianceSchema), plus
            // `evaluations`: the flat list the `run --json` contract names (ARCHITECTURE.md).
            const body = complianceBody(result.window, sortVerdicts(result.verdicts));
            const evaluations = body.verdicts.map((v) => ({
              promiseId: v.promiseId,
              quote: v.promise.quote,
              source: v.promise.sourceUrl,
              category: v.promise.category,
              operator: v.promise.operator,
              threshold: v.promise.threshold,
              unit: v.promise.unit,
              qualifiers: v.promise.qualifiers,
              window: v.window.id,
              status: v.status,
              reason: v.reason,
              delivery: v.delivery,
              complaints: v.complaints,
              trend: v.trend,
              ...(v.closing ? { closing: v.closing } : {}),
            }));
            process.stdout.write(`${JSON.stringify({ ...body, evaluations })}\n`);
            return;
          }
          process.stdout.write(
            `store: ${embedded.description}\n${cycleSummary(result)}\n${verdictTable(result.verdicts)}\n`,
          );
          process.stdout.write(
            `digest: ${result.digest.subject}\n  ${result.digest.htmlPath}\n  ${result.digest.textPath}\n`,
          );
          if (result.digest.send) {
            const s = result.digest.send;
            process.stdout.write(
              `sent to ${s.sent.length}, already sent to ${s.skipped.length}, rejected ${s.rejected.length}, failed ${s.failed.length}\n`,
            );
          }
        } finally {
          await embedded.close();
        }
      },
    );
};
