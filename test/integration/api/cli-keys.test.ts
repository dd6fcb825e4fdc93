import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../packages/core/index.ts';
import { openEmbeddedStore } from '../../../packages/store/index.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'promisegap-keys-'));
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/promisegap.mjs', 'keys', ...args, '--data-dir', dataDir], {
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('promisegap keys', () => {
  it('creates a key, prints it once as the last line, lists it without it, and revokes it', async () => {
    const created = await cli('create', '--scope', 'write', '--label', 'nightly import');
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const key = lines.at(-1) ?? '';
    expect(key).toMatch(/^pg_write_[A-Za-z0-9_-]{43}$/);

    const listed = await cli('list', '--json');
    const records = JSON.parse(listed.stdout) as { id: string; scope: string; label: string }[];
    expect(records).toEqual([expect.objectContaining({ scope: 'write', label: 'nightly import' })]);
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(sha256Hex(key));
    const id = records[0]?.id ?? '';

    expect((await cli('revoke', id)).stdout).toMatch(new RegExp(`^revoked ${id} in .*\n$`));
    const again = await cli('revoke', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no active API key with id ${id}`);

    // Only the hash is in the store.
    const embedded = await openEmbeddedStore({ dataDir });
    try {
      const stored = await embedded.store.getApiKeyByHash(sha256Hex(key));
      expect(stored).toMatchObject({ id, scope: 'write' });
      expect(stored?.revokedAt).toBeTruthy();
      expect(JSON.stringify(await embedded.store.listApiKeys())).not.toContain(key);
    } finally {
      await embedded.close();
    }
  }, 120_000);

  it('refuses a scope it does not know', async () => {
    const res = await cli('create', '--scope', 'admin');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Allowed choices are read, write');
  }, 60_000);
});
