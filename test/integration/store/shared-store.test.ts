// One data folder, many commands: the holder serves the store, others connect; stale files are
// cleaned up; a damaged folder is refused at open; backups restore exactly what was stored.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackupError,
  backupTable,
  openEmbeddedStore,
  openLocalStore,
  readEndpoint,
  restoreTable,
  StoreBusyError,
  StoreCorruptError,
  TABLE_SCHEMA,
} from '../../../packages/store/index.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'promisegap-shared-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = (id: string) => ({
  id,
  hash: `h-${id}`,
  scope: 'read' as const,
  createdAt: '2026-11-30T00:00:00.000Z',
});

/** A process that lives until killed: a pid that is alive but is not promisegap. */
const bystander = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);

describe('a data folder shared between commands', () => {
  it('lets a second command use the folder through the process that holds it, both seeing each other’s writes', async () => {
    const dir = freshDir();
    const holder = await openLocalStore({ dataDir: dir });
    expect(holder.description).toMatch(/\(embedded\)$/);
    expect(readEndpoint(dir)?.endpoint).toBe(holder.endpoint);

    const other = await openLocalStore({ dataDir: dir });
    expect(other.description).toBe(`${dir} (shared with pid ${process.pid})`);
    await other.store.putApiKey(key('from-other'));
    await holder.store.putApiKey(key('from-holder'));
    expect((await other.store.getApiKeyByHash('h-from-holder'))?.id).toBe('from-holder');
    expect((await holder.store.getApiKeyByHash('h-from-other'))?.id).toBe('from-other');
    await other.close();
    await holder.close();

    expect(readEndpoint(dir)).toBeUndefined();
    expect(existsSync(join(dir, 'promisegap.pid'))).toBe(false);
    const reopened = await openLocalStore({ dataDir: dir });
    expect((await reopened.store.listApiKeys()).map((k) => k.id).sort()).toEqual([
      'from-holder',
      'from-other',
    ]);
    await reopened.close();
  });

  it('waits on close for a command still using the folder through it, so that command’s writes land', async () => {
    const dir = freshDir();
    const holder = await openLocalStore({ dataDir: dir });
    const other = await openLocalStore({ dataDir: dir });
    const closing = (async () => {
      await holder.close();
    })();
    // The holder stops publishing at once, but keeps serving the command that already uses it.
    await new Promise((done) => setTimeout(done, 300));
    expect(readEndpoint(dir)).toBeUndefined();
    await other.store.putApiKey(key('late'));
    await other.close();
    await closing;
    const reopened = await openEmbeddedStore({ dataDir: dir });
    expect((await reopened.store.getApiKeyByHash('h-late'))?.id).toBe('late');
    await reopened.close();
  });

  it('rejects a request without the folder’s token', async () => {
    const dir = freshDir();
    const holder = await openLocalStore({ dataDir: dir });
    try {
      const res = await fetch(holder.endpoint, {
        method: 'POST',
        headers: {
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'content-type': 'application/x-amz-json-1.0',
        },
        body: '{}',
      });
      expect(res.status).toBe(403);
    } finally {
      await holder.close();
    }
  });

  it('removes the endpoint and lock files of a process that died, and opens the folder itself', async () => {
    const dir = freshDir();
    const first = await openEmbeddedStore({ dataDir: dir });
    await first.store.putApiKey(key('kept'));
    await first.close();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((done) => dead.once('exit', done));
    writeFileSync(join(dir, 'promisegap.pid'), String(dead.pid));
    writeFileSync(
      join(dir, 'promisegap.endpoint.json'),
      JSON.stringify({ endpoint: 'http://127.0.0.1:9', pid: dead.pid, token: 't', startedAt: 'then' }),
    );
    const opened = await openLocalStore({ dataDir: dir });
    expect(opened.description).toMatch(/\(embedded\)$/);
    expect((await opened.store.getApiKeyByHash('h-kept'))?.id).toBe('kept');
    await opened.close();
  });

  it('treats an endpoint file whose pid now belongs to another program as stale', async () => {
    const dir = freshDir();
    const other = bystander();
    try {
      writeFileSync(join(dir, 'promisegap.pid'), String(other.pid));
      writeFileSync(
        join(dir, 'promisegap.endpoint.json'),
        JSON.stringify({ endpoint: 'http://127.0.0.1:9', pid: other.pid, token: 't', startedAt: 'then' }),
      );
      const opened = await openLocalStore({ dataDir: dir, waitMs: 5_000 });
      expect(opened.description).toMatch(/\(embedded\)$/);
      await opened.close();
    } finally {
      other.kill();
    }
  });

  it('refuses a second holder with the pid of the first', async () => {
    const dir = freshDir();
    const holder = await openEmbeddedStore({ dataDir: dir });
    try {
      await expect(openEmbeddedStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreBusyError);
    } finally {
      await holder.close();
    }
  });

  it('gives two commands started together on an empty folder one store', async () => {
    const dir = freshDir();
    const bin = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
    const create = (label: string) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [
          bin,
          'keys',
          'create',
          '--scope',
          'read',
          '--label',
          label,
          '--data-dir',
          dir,
        ]);
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
        });
        child.once('exit', (code) => done({ code, stderr }));
      });
    const results = await Promise.all([create('one'), create('two'), create('three')]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const opened = await openEmbeddedStore({ dataDir: dir });
    expect((await opened.store.listApiKeys()).map((k) => k.label).sort()).toEqual(['one', 'three', 'two']);
    await opened.close();
  }, 120_000);
});

describe('a damaged data folder', () => {
  it('is refused at open, naming the folder and the file, and left as it was', async () => {
    const dir = freshDir();
    const first = await openEmbeddedStore({ dataDir: dir });
    for (let i = 0; i < 50; i++) await first.store.putApiKey(key(`k${i}`));
    await first.close();
    const levelDb = join(dir, 'dynamodb');
    const victim = readdirSync(levelDb).find((f) => /\.(log|ldb)$/.test(f)) ?? '';
    const bytes = readFileSync(join(levelDb, victim));
    const garbage = Buffer.alloc(4096, 0x5a);
    garbage.copy(bytes, Math.min(200, Math.max(0, bytes.length - garbage.length)));
    writeFileSync(join(levelDb, victim), bytes);

    const error = await openLocalStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(victim);
    expect((error as Error).message).toMatch(/promisegap restore/);
    expect(readFileSync(join(levelDb, victim)).equals(bytes)).toBe(true);
    expect(existsSync(join(dir, 'promisegap.pid'))).toBe(false);
  });
});

describe('backup and restore', () => {
  it('restores exactly the items backed up, and refuses a truncated file before writing anything', async () => {
    const source = await openEmbeddedStore({ dataDir: freshDir() });
    for (let i = 0; i < 60; i++) await source.store.putApiKey(key(`b${i}`));
    const file = join(freshDir(), 'backup.jsonl.gz');
    const local = source.token ? { endpoint: source.endpoint, token: source.token } : undefined;
    const summary = await backupTable(
      { raw: source.raw, tableName: TABLE_SCHEMA.tableName, source: 'test', ...(local ? { local } : {}) },
      file,
      () => new Date('2026-12-01T00:00:00Z'),
    );
    expect(summary.items).toBe(60);
    await source.close();

    const target = await openEmbeddedStore({ dataDir: freshDir() });
    try {
      const restored = await restoreTable({ raw: target.raw, tableName: TABLE_SCHEMA.tableName }, file);
      expect(restored.items).toBe(60);
      expect(await target.store.listApiKeys()).toHaveLength(60);
      // A second restore into the now full store is refused.
      await expect(
        restoreTable({ raw: target.raw, tableName: TABLE_SCHEMA.tableName }, file),
      ).rejects.toBeInstanceOf(BackupError);
    } finally {
      await target.close();
    }

    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const truncated = join(freshDir(), 'truncated.jsonl.gz');
    writeFileSync(truncated, gzipSync(`${lines.slice(0, 30).join('\n')}\n`));
    const empty = await openEmbeddedStore({ dataDir: freshDir() });
    try {
      await expect(
        restoreTable({ raw: empty.raw, tableName: TABLE_SCHEMA.tableName }, truncated),
      ).rejects.toThrow(/incomplete/);
      expect(await empty.store.listApiKeys()).toHaveLength(0);
    } finally {
      await empty.close();
    }
  });

  it('holds other commands’ writes while it reads, so the file is one snapshot, and lets them through after', async () => {
    const dir = freshDir();
    const holder = await openLocalStore({ dataDir: dir });
    for (let i = 0; i < 300; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => holder.store.putApiKey(key(`s${i + j}`))));
    }
    const other = await openLocalStore({ dataDir: dir });
    const file = join(freshDir(), 'snapshot.jsonl.gz');
    const order: string[] = [];
    let write: Promise<unknown> | undefined;
    const summary = await backupTable(
      {
        raw: holder.raw,
        tableName: TABLE_SCHEMA.tableName,
        source: 'test',
        local: { endpoint: holder.endpoint, token: holder.token ?? '' },
        pageSize: 50,
        // Another command writes while the backup is between its first and second page.
        onPage: () => {
          if (!write) write = other.store.putApiKey(key('during')).then(() => order.push('write'));
        },
      },
      file,
      () => new Date(),
    );
    order.push('backup');
    await write;
    expect(summary.items).toBe(300);
    expect(order).toEqual(['backup', 'write']);
    expect(gunzipSync(readFileSync(file)).toString('utf8')).not.toContain('h-during');
    expect((await holder.store.getApiKeyByHash('h-during'))?.id).toBe('during');
    await other.close();
    await holder.close();
  });
});
