// `promisegap digest`: the weekly communication-gap digest from the stored verdicts. Previews it as
// files, prints the text part, or sends it through SES (AWS_ENDPOINT_URL_SES reaches a local emulator).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import type { Command } from 'commander';
import { type Window, WindowFormatError, weekWindow } from '../../core/index.ts';
import { buildDigest, digestInputFromStore, latestEvaluatedWeek, sendDigest } from '../../digest/index.ts';
import { openStoreFor, type StoreOptions, withStoreOptions } from '../store.ts';
import { createCliLogger, missingConfig } from '../support.ts';
import { findConfig } from './import.ts';

interface DigestOptions extends StoreOptions {
  config?: string;
  week?: string;
  preview?: string;
  send?: boolean;
  json?: boolean;
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
  const loaded = findConfig(opts.config);
  if (!loaded) return fail(missingConfig('digest'), 2);
  const { config } = loaded;
  const logger = createCliLogger(opts.verbose);
  let week: Window | undefined;
  if (opts.week) week = weekWindow(opts.week);
  const embedded = await openStoreFor(opts, { logger });
  try {
    const { store } = embedded;
    const window = week ?? (await latestEvaluatedWeek(store, new Date()));
    const input = await digestInputFromStore(store, config, window);
    if (input.verdicts.length === 0) {
      const known = (await store.listWindows()).filter((id) => /-W\d{2}$/.test(id)).sort();
      fail(
        `no verdicts for ${window.id} in ${embedded.description}${known.length ? ` (evaluated weeks: ${known.join(', ')})` : ''}; run \`promisegap evaluate --week ${window.id}\` (or \`promisegap run --config ${loaded.path}\`) first`,
      );
      return;
    }
    const digest = buildDigest(input);
    const out: Record<string, unknown> = {
      window: window.id,
      subject: digest.subject,
      store: embedded.description,
    };
    const lines: string[] = [];
    if (opts.preview) {
      const dir = resolve(opts.preview);
      mkdirSync(dir, { recursive: true });
      const html = join(dir, 'digest.html');
      const text = join(dir, 'digest.txt');
      writeFileSync(html, digest.html);
      writeFileSync(text, digest.text);
      Object.assign(out, { html, text });
      lines.push(
        `${window.id} digest "${digest.subject}" from ${embedded.description}`,
        `  ${html}`,
        `  ${text}`,
      );
    }
    if (!opts.preview && !opts.send) {
      if (opts.json) out.body = digest.text;
      else process.stdout.write(digest.text);
    }
    if (opts.send) {
      const result = await sendDigest(
        { ses: sesClientFromEnv(process.env), store, now: () => new Date(), logger },
        { digest, windowId: window.id, from: config.digest.from, recipients: config.digest.recipients },
      );
      out.send = {
        sent: result.sent.length,
        skipped: result.skipped.length,
        rejected: result.rejected,
        failed: result.failed,
      };
      lines.push(
        `${window.id}: sent to ${result.sent.length}, already sent to ${result.skipped.length}, rejected ${result.rejected.length}, failed ${result.failed.length}`,
      );
      for (const r of result.rejected) lines.push(`  rejected ${r.recipient}: ${r.error}`);
      for (const r of result.failed)
        lines.push(`  failed ${r.recipient} (retried on the next run): ${r.error}`);
      if (result.rejected.length + result.failed.length > 0) process.exitCode = 1;
    }
    if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await embedded.close();
  }
};

export const register = (program: Command): void => {
  const command = program
    .command('digest')
    .description(
      'Build the weekly communication-gap digest from the stored verdicts; preview it, print it, or send it.',
    )
    .option('--config <file>', 'the project configuration (default: promisegap.config.json when present)')
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: the latest complete week with verdicts)')
    .option('--preview <dir>', 'write DIR/digest.html and DIR/digest.txt')
    .option('--send', 'send through SES to the recipients in the config, at most once per week each')
    .option('--json', 'one JSON object: window, subject, files written, what was sent')
    .option('--verbose', 'log each step');
  withStoreOptions(command).action(async (opts: DigestOptions) => {
    try {
      await run(opts);
    } catch (error) {
      if (error instanceof WindowFormatError) return fail(error.message, 2);
      throw error;
    }
  });
};
