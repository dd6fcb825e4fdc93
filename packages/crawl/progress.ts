// Progress of a long local crawl: a bar on a terminal, plain lines otherwise (logs, CI, pipes).

import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { CrawlProgress } from './types.ts';

/**
 * cli-progress is loaded on the first terminal bar, not at import: the crawl package is also in
 * the Lambda functions' import graph, where there is never a terminal, and cli-progress is
 * CommonJS (so esbuild cannot tree-shake it): a static import put it and emoji-regex (~22 KB)
 * into every crawl bundle. A `require` made by createRequire is not followed by the bundler.
 */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress');

export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(progress: CrawlProgress): void;
  stop(): void;
}

export interface ProgressReporterOptions {
  /** Where to draw: usually process.stderr, so stdout stays clean for results. */
  stream: ProgressStream;
  /** Plain lines: one every this many pages (default 10), and the last. */
  lineEvery?: number;
}

const shorten = (url: string, max = 60): string => (url.length > max ? `…${url.slice(-(max - 1))}` : url);

export const createProgressReporter = (options: ProgressReporterOptions): ProgressReporter => {
  const { stream } = options;
  if (stream.isTTY) {
    const cliProgress = loadCliProgress();
    const bar = new cliProgress.SingleBar(
      {
        format: 'crawl [{bar}] {value}/{total} pages | {url}',
        stream: stream as unknown as NodeJS.WritableStream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = p.done + p.queued;
        if (!started) {
          bar.start(total, p.done, { url: shorten(p.url) });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(p.done, { url: shorten(p.url) });
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const every = Math.max(1, options.lineEvery ?? 10);
  let last: CrawlProgress | undefined;
  let lastWritten = -1;
  return {
    update(p) {
      last = p;
      if (p.done % every === 0 || p.queued === 0) {
        stream.write(`crawl: ${p.done} done, ${p.queued} to go: ${p.url}\n`);
        lastWritten = p.done;
      }
    },
    stop() {
      if (last && lastWritten !== last.done) stream.write(`crawl: ${last.done} done\n`);
    },
  };
};
