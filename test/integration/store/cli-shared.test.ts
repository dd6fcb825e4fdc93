// One store, many commands, as a support lead uses it: `serve` runs on a data folder while
// `keys create`, `import`, `run` and `evaluate` work on the same folder, and the API that serve
// answers sees what they wrote. Everything on loopback: a tiny site and ticket export of our own.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'promisegap-shared-cli-'));
const dataDir = join(work, 'data');
let serve: ChildProcess | undefined;

afterAll(() => {
  if (serve && serve.exitCode === null) serve.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args, '--data-dir', dataDir], { cwd: work }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

/** 40 email tickets over the working days of ISO week 2026-W45, each answered 30 minutes after it came in. */
const ticketExport = (): string => {
  const rows = ['Id,Created at,First reply at,Solved at,Priority,Via,Plan'];
  for (let i = 0; i < 40; i++) {
    const day = 2 + (i % 5); // 2 to 6 November 2026, Monday to Friday
    const hour = 10 + (i % 6);
    const at = (h: number, m: number) =>
      `2026-11-0${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
    rows.push(`${9100 + i},${at(hour, 0)},${at(hour, 30)},${at(hour + 1, 15)},Normal,email,Team`);
  }
  return `${rows.join('\n')}\n`;
};

const writeProject = async () => {
  mkdirSync(join(work, 'site'), { recursive: true });
  writeFileSync(
    join(work, 'site', 'support.html'),
    '<!doctype html><html><head><title>Support at Quillmoor</title></head><body><main>' +
      '<h1>Support</h1><p>We answer every email within 2 hours.</p></main></body></html>',
  );
  writeFileSync(join(work, 'tickets.csv'), ticketExport());
  writeFileSync(
    join(work, 'promisegap.config.json'),
    JSON.stringify({
      company: 'Quillmoor',
      site: { dir: 'site', port: await freePort() },
      sources: [{ url: '/support.html', kind: 'support-plan', maxDepth: 0 }],
      crawl: {
        userAgent: 'promisegap-test/1',
        contactUrl: 'https://quillmoor.example/bots',
        allowPrivateAddresses: true,
      },
      metrics: [{ file: 'tickets.csv', format: 'tickets', mapping: { tier: 'Plan' } }],
      calendar: {
        timezone: 'UTC',
        hours: {
          mon: ['00:00', '24:00'],
          tue: ['00:00', '24:00'],
          wed: ['00:00', '24:00'],
          thu: ['00:00', '24:00'],
          fri: ['00:00', '24:00'],
          sat: null,
          sun: null,
        },
        holidays: [],
      },
      evaluation: { minSamples: 10 },
      digest: { from: 'digest@quillmoor.example', recipients: ['lead@quillmoor.example'] },
    }),
  );
};

describe('commands on a data folder that serve is serving', () => {
  it('create a key, import, run and evaluate through serve, and the API sees it all', async () => {
    await writeProject();
    serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = serve;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });

    const created = await cli('keys', 'create', '--scope', 'read', '--label', 'lead');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`(shared with pid ${child.pid})`);
    const key = created.stdout.trimEnd().split('\n').at(-1) ?? '';

    const imported = await cli('import', 'tickets', 'tickets.csv', '--json');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ accepted: expect.any(Number), errors: [] });
    expect(JSON.parse(imported.stdout).accepted).toBeGreaterThanOrEqual(40);

    const ran = await cli('run', '--config', 'promisegap.config.json', '--week', '2026-W45');
    expect(ran.stderr).not.toMatch(/in use by another/);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(`(shared with pid ${child.pid})`);

    const evaluated = await cli('evaluate', '--week', '2026-W45', '--allow-partial', '--json');
    expect(evaluated.code).toBe(0);
    const verdicts = (
      JSON.parse(evaluated.stdout) as { verdicts: { status: string; promise: { quote: string } }[] }
    ).verdicts;
    expect(verdicts).toEqual([
      expect.objectContaining({
        status: 'kept',
        promise: expect.objectContaining({ quote: expect.stringContaining('within 2 hours') }),
      }),
    ]);

    // The API serve answers reads the same store: the key works, the verdict is there.
    const res = await fetch(`${url}/v1/compliance?window=2026-W45`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { summary: { total: number; kept: number } };
    expect(body.summary).toMatchObject({ total: 1, kept: 1 });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Closed cleanly: no endpoint left behind, and the manifest for the next open's check.
    expect(existsSync(join(dataDir, 'promisegap.endpoint.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb.manifest.json'))).toBe(true);
  }, 300_000);
});
