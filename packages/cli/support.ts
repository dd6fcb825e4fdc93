// Small helpers the CLI commands share: a human logger on stderr, the local store, progress lines.

import { Presets, SingleBar } from 'cli-progress';
import type { Logger } from '../core/index.ts';

/** Human lines on standard error; debug lines only with --verbose. */
export const createCliLogger = (verbose = false): Logger => {
  const line = (level: string, message: string, attributes?: Record<string, unknown>) => {
    const extra = attributes && Object.keys(attributes).length ? ` ${JSON.stringify(attributes)}` : '';
    process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}${extra}\n`);
  };
  return {
    debug: (m, a) => {
      if (verbose) line('debug', m, a);
    },
    info: (m, a) => {
      if (verbose) line('info', m, a);
    },
    warn: (m, a) => line('warning', m, a),
    error: (m, a) => line('error', m, a),
  };
};

export const DEFAULT_DATA_DIR = '.promisegap';

/**
 * A progress reporter: a bar (cli-progress) on a terminal, plain lines at most every 10% when
 * standard error is not a terminal, so CI logs stay short.
 */
export const createProgress = (label: string) => {
  const bar = process.stderr.isTTY
    ? new SingleBar(
        { format: `${label} [{bar}] {value}/{total} {detail}`, stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastDecile = -1;
  return {
    update(done: number, total: number, detail = '') {
      if (bar) {
        if (!started) bar.start(total, done, { detail });
        started = true;
        bar.setTotal(total);
        bar.update(done, { detail: detail.slice(0, 60) });
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    },
    done() {
      if (started) bar?.stop();
    },
  };
};

export const DEFAULT_CONFIG_FILE = 'promisegap.config.json';

/** What a command that needs the project configuration says when there is none. */
export const missingConfig = (command: string, cwd = process.cwd()): string =>
  `no config: pass --config FILE (${command} reads the project configuration; there is no ${DEFAULT_CONFIG_FILE} in ${cwd})`;
