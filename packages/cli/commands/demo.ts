// `promisegap demo` (what `npm start` runs): the whole pipeline on the bundled example company,
// on the embedded store, with the SES emulator; then the API and dashboard until interrupted.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { type Command, Option } from 'commander';
import { createApp, startServer } from '../../api/index.ts';
import { createBusinessCalendar } from '../../calendar/index.ts';
import { analyzeComplaint } from '../../complaints/index.ts';
import { rulesText } from '../../compliance/index.ts';
import { loadConfigFile, parseWindow } from '../../core/index.ts';
import { createProgressReporter } from '../../crawl/index.ts';
import { buildDigest, digestInputFromStore } from '../../digest/index.ts';
import { evidencePackFor } from '../../export/index.ts';
import { createApiKey, hashApiKey } from '../../keys/index.ts';
import { runCycle } from '../../pipeline/index.ts';
import { gatherGapSignals } from '../../policy/index.ts';
import { cycleSummary, verdictTable } from '../report.ts';
import { holdLocalStore } from '../store.ts';
import { createCliLogger, DEFAULT_DATA_DIR } from '../support.ts';

const EXAMPLE_CONFIG = new URL('../../../examples/promisegap.config.json', import.meta.url).pathname;

/** Starts aws-ses-v2-local on loopback; its web view shows the delivered digest. */
const startSesEmulator = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const { default: sesLocal } = (await import('aws-ses-v2-local')) as unknown as {
    default: (config: { host: string; port: number }) => Promise<Server>;
  };
  let server: Server;
  try {
    server = await sesLocal({ host: '127.0.0.1', port: 8005 });
  } catch {
    server = await sesLocal({ host: '127.0.0.1', port: 0 });
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
};

export const register = (program: Command): void => {
  program
    .command('demo')
    .description(
      'Run the whole pipeline on the bundled example, then serve the API and dashboard (npm start).',
    )
    .addOption(
      new Option('--config <file>', 'the configuration to demonstrate').default(
        EXAMPLE_CONFIG,
        'the bundled examples/promisegap.config.json',
      ),
    )
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--port <port>', 'port of the API and dashboard', '8787')
    .option('--once', 'exit after the pipeline instead of serving (for scripts)')
    .option('--verbose', 'log each step')
    .action(
      async (opts: { config: string; dataDir: string; port: string; once?: boolean; verbose?: boolean }) => {
        const started = Date.now();
        const loaded = loadConfigFile(opts.config);
        const logger = createCliLogger(opts.verbose);
        const embedded = await holdLocalStore(opts.dataDir, { logger });
        const ses = await startSesEmulator();
        // The SDK reads the standard variable; the emulator accepts any credentials.
        process.env.AWS_ENDPOINT_URL_SES = ses.url;
        const sesClient = new SESClient({
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        const closeAll = async () => {
          await ses.close();
          await embedded.close();
        };
        try {
          const crawlBar = createProgressReporter({ stream: process.stderr });
          const result = await runCycle(
            loaded,
            {
              store: embedded.store,
              now: () => new Date(),
              logger,
              ses: sesClient,
              onStage: (stage, previous) => {
                if (previous)
                  process.stderr.write(
                    `  ${previous.stage} took ${(previous.elapsedMs / 1000).toFixed(1)} s\n`,
                  );
                if (stage !== 'done') process.stderr.write(`… ${stage}\n`);
              },
              onCrawlProgress: (p) => crawlBar.update(p),
            },
            { digestDir: join(opts.dataDir, 'digest'), send: true },
          );
          crawlBar.stop();
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(
            `\n${loaded.config.company}: pipeline finished in ${seconds} s\n${cycleSummary(result)}\n`,
          );
          process.stdout.write(`${verdictTable(result.verdicts)}\n`);

          const keyFile = join(resolve(opts.dataDir), 'demo-read-key');
          let readKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
          if (!readKey || !(await embedded.store.getApiKeyByHash(hashApiKey(readKey)))) {
            const created = await createApiKey(embedded.store, {
              scope: 'read',
              label: 'demo',
              now: () => new Date(),
            });
            readKey = created.key;
            writeFileSync(keyFile, `${readKey}\n`, { mode: 0o600 });
          }
          const send = result.digest.send;
          const lines = [
            '',
            `digest "${result.digest.subject}"`,
            `  HTML: ${result.digest.htmlPath}`,
            `  text: ${result.digest.textPath}`,
            send
              ? `  sent to ${send.sent.length} recipients${send.skipped.length ? `, ${send.skipped.length} already had this week's digest (never sent twice)` : ''}${send.rejected.length + send.failed.length ? `, ${send.rejected.length + send.failed.length} not delivered` : ''}`
              : '  not sent',
            `  local SES emulator (delivered mail, this session only): ${ses.url}/`,
          ];
          if (opts.once) {
            process.stdout.write(`${lines.join('\n')}\n`);
            return;
          }
          const app = createApp({
            store: embedded.store,
            now: () => new Date(),
            logger,
            analyzeComplaint,
            gapSignals: (window) => gatherGapSignals(embedded.store, loaded.config, window),
            digestPreview: async (windowId) =>
              buildDigest(await digestInputFromStore(embedded.store, loaded.config, parseWindow(windowId))),
            evidencePack: evidencePackFor(
              embedded.store,
              {
                company: loaded.config.company,
                timezone: loaded.config.calendar.timezone,
                rules: rulesText(createBusinessCalendar(loaded.config.calendar), loaded.config.evaluation),
                now: () => new Date(),
              },
              parseWindow,
            ),
          });
          let server: Awaited<ReturnType<typeof startServer>>;
          try {
            server = await startServer(app, Number(opts.port));
          } catch {
            server = await startServer(app, 0);
          }
          lines.push(
            `API: ${server.url}/v1/compliance (Authorization: Bearer <key>); docs: ${server.url}/docs`,
            `dashboard: ${server.url}/  (read key, also in ${keyFile}):`,
            readKey,
            '',
            'Press Ctrl+C to stop.',
          );
          process.stdout.write(`${lines.join('\n')}\n`);
          await new Promise<void>((done) => {
            process.once('SIGINT', () => done());
            process.once('SIGTERM', () => done());
          });
          await server.close();
        } finally {
          await closeAll();
        }
      },
    );
};
