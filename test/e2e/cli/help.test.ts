// What a person sees first: --help and --version answer at once (no TypeScript loader, no command
// modules), failures are one line, and a command that needs the config says which flag to pass.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../../packages/cli/catalog.mjs';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'promisegap-help-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { cwd: work }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('promisegap at the command line', () => {
  it('lists every command and its usage with --help', async () => {
    const res = await cli('--help', '--debug');
    expect(res.code).toBe(0);
    for (const entry of CATALOG) expect(res.stdout).toContain(entry.term);
    expect(res.stderr).toBe('');
  });

  it('shows a subcommand help as its module renders it, with or without the module loaded', async () => {
    const fast = await cli('keys', 'create', '--help');
    expect(fast.code).toBe(0);
    expect(fast.stderr).toBe('');
    expect(fast.stdout).toMatch(/^Usage: promisegap keys create \[options\]\n[\s\S]*--scope <scope>/);
    // An option besides --help is not answered from help.json: the module itself renders the same.
    const loaded = await cli('keys', 'create', '--label', 'x', '--help');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toBe(fast.stdout);
  }, 60_000);

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect((await cli('--version')).stdout).toBe(`${version}\n`);
  });

  it.each([['evaluate'], ['digest']])(
    '%s without a config in the folder says to pass --config, in one line',
    async (command) => {
      const res = await cli(command, '--data-dir', join(work, 'data'));
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(
        `promisegap: no config: pass --config FILE (${command} reads the project configuration; there is no promisegap.config.json in ${work})\n`,
      );
    },
    60_000,
  );

  it('reports a busy port in one line, and shows the stack only with --debug', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as { port: number };
    try {
      const res = await cli('serve', '--port', String(port), '--data-dir', join(work, 'busy'));
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `promisegap: port ${port} on 127.0.0.1 is already in use (another promisegap serve or demo, or another program): pass --port with a free port, or stop that program\n`,
      );
      const debug = await cli('serve', '--port', String(port), '--data-dir', join(work, 'busy'), '--debug');
      expect(debug.stderr).toMatch(/EADDRINUSE[\s\S]*\n\s+at /);
    } finally {
      server.close();
    }
  }, 60_000);
});
