// `promisegap digest`: the weekly communication-gap digest from the stored verdicts. Previews it as
// files, prints the text part, or sends it through SES (AWS_ENDPOINT_URL_SES reaches a local emulator).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import type { Command } from 'commander';
import { loadConfigFile, type Window, WindowFormatError, weekWindow } from '../../core/index.ts';
import {
  buildDigest,
  DigestInputError,
  digestInputFromStore,
  latestEvaluatedWeek,
  NoEvaluatedWeekError,
  sendDigest,
} from '../../digest/index.ts';
import { EmbeddedStoreError, openEmbeddedStore } from '../../store/index.ts';
import { createCliLogger, DEFAULT_DATA_DIR } from '../support.ts';

interface DigestOptions {
  config: string;
  week?: string;
  preview?: string;
  send?: boolean;
  dataDir: string;
  verbose?: boolean;
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * The SES client from the default provider chain. Pointed at a local emulator (a loopback
 * AWS_ENDPOINT_URL_SES) it needs no AWS account: a region and placeholder credentials are filled in.
 */
export const sesClientFromEnv = (env: NodeJS.ProcessEnv): SESClient => {
  const config: SESClientConfig = {};
  const endpoint = env.AWS_ENDPOINT_URL_SES ?? env.AWS_ENDPOINT_URL;
  if (endpoint && LOOPBACK.test(endpoint)) {
    if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION) config.region = 'us-east-1';
    if (!env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE)
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new SESClient(config);
};

const fail = (message: string, code = 1): void => {
  process.stderr.write(`promisegap: ${message}\n`);
  process.exitCode = code;
};

const run = async (opts: DigestOptions): Promise<void> => {
  const { config } = loadConfigFile(opts.config);
  const logger = createCliLogger(opts.verbose);
  let week: Window | undefined;
  if (opts.week) week = weekWindow(opts.week);
  const embedded = await openEmbeddedStore({ dataDir: opts.dataDir, logger });
  try {
    const { store } = embedded;
    const window = week ?? (await latestEvaluatedWeek(store, new Date()));
    const input = await digestInputFromStore(store, config, window);
    if (input.verdicts.length === 0) {
      const known = (await store.listWindows()).filter((id) => /-W\d{2}$/.test(id)).sort();
      fail(
        `no verdicts for ${window.id} in ${resolve(opts.dataDir)}${known.length ? ` (evaluated weeks: ${known.join(', ')})` : ''}; run \`promisegap run --config ${opts.config}\` first`,
      );
      return;
    }
    const digest = buildDigest(input);
    if (opts.preview) {
      const dir = resolve(opts.preview);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'digest.html'), digest.html);
      writeFileSync(join(dir, 'digest.txt'), digest.text);
      process.stdout.write(
        `${digest.subject}\n  ${join(dir, 'digest.html')}\n  ${join(dir, 'digest.txt')}\n`,
      );
    }
    if (!opts.preview && !opts.send) process.stdout.write(digest.text);
    if (opts.send) {
      const result = await sendDigest(
        { ses: sesClientFromEnv(process.env), store, now: () => new Date(), logger },
        { digest, windowId: window.id, from: config.digest.from, recipients: config.digest.recipients },
      );
      process.stdout.write(
        `${window.id}: sent to ${result.sent.length}, already sent to ${result.skipped.length}, rejected ${result.rejected.length}, failed ${result.failed.length}\n`,
      );
      for (const r of result.rejected) process.stdout.write(`  rejected ${r.recipient}: ${r.error}\n`);
      for (const r of result.failed)
        process.stdout.write(`  failed ${r.recipient} (retried on the next run): ${r.error}\n`);
      if (result.rejected.length + result.failed.length > 0) process.exitCode = 1;
    }
  } finally {
    await embedded.close();
  }
};

export const register = (program: Command): void => {
  program
    .command('digest')
    .description(
      'Build the weekly communication-gap digest from the stored verdicts; preview it, print it, or send it.',
    )
    .option('--config <file>', 'the project configuration', 'promisegap.config.json')
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: the latest complete week with verdicts)')
    .option('--preview <dir>', 'write DIR/digest.html and DIR/digest.txt')
    .option('--send', 'send through SES to the recipients in the config, at most once per week each')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--verbose', 'log each step')
    .action(async (opts: DigestOptions) => {
      try {
        await run(opts);
      } catch (error) {
        if (error instanceof WindowFormatError) return fail(error.message, 2);
        if (
          error instanceof NoEvaluatedWeekError ||
          error instanceof EmbeddedStoreError ||
          error instanceof DigestInputError
        ) {
          return fail(error.message);
        }
        throw error;
      }
    });
};
