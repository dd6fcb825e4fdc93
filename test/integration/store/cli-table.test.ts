// The CLI against a deployed table, `--table NAME`: here a plain dynalite on loopback standing in
// for DynamoDB (AWS_ENDPOINT_URL_DYNAMODB, a region and dummy credentials, as an operator's
// shell would have them), with the table created from the shared key schema as the CDK stack does.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore, documentClient, ensureTable } from '../../../packages/store/index.ts';

const TABLE = 'Promisegap-test-Data-Table1234';
const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'promisegap-table-'));
let server: Server;
let endpoint: string;
let raw: DynamoDBClient;

beforeAll(async () => {
  const dynalite = createRequire(import.meta.url)('dynalite') as (o: Record<string, number>) => Server;
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  raw = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  await ensureTable(raw, TABLE);
});
afterAll(async () => {
  raw?.destroy();
  await new Promise<void>((done) => server?.close(() => done()));
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [BIN, ...args], {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: work,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'dummy',
      AWS_SECRET_ACCESS_KEY: 'dummy',
      ...env,
    },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('promisegap with --table', () => {
  it('creates and lists keys, imports samples and evaluates on the table, and never touches a data folder', async () => {
    const created = await cli(['keys', 'create', '--scope', 'write', '--label', 'ops', '--table', TABLE]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`in table ${TABLE} at ${endpoint}`);

    const listed = await cli(['keys', 'list', '--json', '--table', TABLE]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ scope: 'write', label: 'ops' })]);

    const csv = join(work, 'uptime.csv');
    writeFileSync(
      csv,
      'metric,value,unit,at,service\nuptime,99.99,percent,2026-11-02T00:00:00Z,api\nuptime,100,percent,2026-11-03T00:00:00Z,api\n',
    );
    const imported = await cli(['import', 'metrics', csv, '--json', '--table', TABLE]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ accepted: 2 });
    // The same bytes from another folder: the table's import ledger knows them, nothing is written.
    mkdirSync(join(work, 'elsewhere'));
    const copy = join(work, 'elsewhere', 'uptime-copy.csv');
    copyFileSync(csv, copy);
    const again = await cli(['import', 'metrics', copy, '--json', '--table', TABLE]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      accepted: 0,
      duplicates: 2,
      writes: 0,
      sameAs: { file: expect.stringMatching(/uptime\.csv$/) },
    });
    const forced = await cli(['import', 'metrics', copy, '--json', '--force', '--table', TABLE]);
    expect(JSON.parse(forced.stdout)).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(JSON.parse(forced.stdout).sameAs).toBeUndefined();

    // What the CLI wrote is in the table, read by the repository directly.
    const store = createDynamoStore({ client: documentClient(raw), tableName: TABLE });
    expect((await store.listApiKeys()).map((k) => k.label)).toEqual(['ops']);

    const config = join(work, 'promisegap.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        company: 'Table Test Co',
        sources: [{ url: 'https://table-test.example/sla', kind: 'sla' }],
        digest: { from: 'digest@table-test.example', recipients: ['lead@table-test.example'] },
        calendar: { timezone: 'UTC', hours: { mon: ['09:00', '17:00'] }, holidays: [] },
      }),
    );
    const evaluated = await cli([
      'evaluate',
      '--week',
      '2026-W45',
      '--allow-partial',
      '--json',
      '--table',
      TABLE,
    ]);
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout).verdicts).toEqual([]);
    expect(await import('node:fs').then((fs) => fs.existsSync(join(work, '.promisegap')))).toBe(false);
  }, 180_000);

  it('backs the table up and restores it into another, and doctor checks region, credentials and table', async () => {
    await cli(['keys', 'create', '--scope', 'read', '--label', 'backed up', '--table', TABLE]);
    const file = join(work, 'table.jsonl.gz');
    const backup = await cli(['backup', '--out', file, '--json', '--table', TABLE]);
    expect(backup.code).toBe(0);
    const written = JSON.parse(backup.stdout) as { items: number };
    expect(written.items).toBeGreaterThan(0);
    await ensureTable(raw, 'Promisegap-restored');
    const restored = await cli(['restore', file, '--json', '--table', 'Promisegap-restored']);
    expect(JSON.parse(restored.stdout)).toMatchObject({ items: written.items });
    const twice = await cli(['restore', file, '--table', 'Promisegap-restored']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/already holds data; restore into an empty table\n$/);

    const doctor = await cli(['doctor', '--json', '--table', TABLE, '--data-dir', join(work, 'none')]);
    const checks = (JSON.parse(doctor.stdout) as { checks: { name: string; status: string }[] }).checks;
    expect(checks.filter((c) => ['aws region', 'aws credentials', 'table'].includes(c.name))).toEqual([
      expect.objectContaining({ name: 'aws region', status: 'ok' }),
      expect.objectContaining({ name: 'aws credentials', status: 'ok' }),
      expect.objectContaining({ name: 'table', status: 'ok' }),
    ]);
  }, 180_000);

  it('says in one line that a table does not exist, and which endpoint was asked', async () => {
    const res = await cli(['keys', 'list', '--table', 'NoSuchTable']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(`table NoSuchTable at ${endpoint} does not exist`);
  }, 60_000);

  it('says which variable is missing when there is no region', async () => {
    const res = await cli(['keys', 'list', '--table', TABLE], {
      AWS_REGION: '',
      AWS_CONFIG_FILE: join(work, 'none'),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/needs a region: set AWS_REGION/);
  }, 60_000);
});
