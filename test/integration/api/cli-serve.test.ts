import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'promisegap-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('promisegap serve', () => {
  it('prints the URL, answers on it, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['bin/promisegap.mjs', 'serve', '--port', '0', '--data-dir', dataDir],
      {
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const api = await fetch(`${url}/v1/compliance`);
      expect(api.status).toBe(401);
      const dashboard = await fetch(`${url}/`);
      expect(await dashboard.text()).toContain('Enter a read API key');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
