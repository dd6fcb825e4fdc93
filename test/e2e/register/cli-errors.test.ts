// The register's commands on a fresh data folder: what a user sees when an id, a value or an
// option is wrong (one line, exit 1 or 2, nothing written), and a commitment added by hand.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
let dir: string;

const cli = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, ...args, '--data-dir', dir],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const ADD = [
  'promises',
  'add',
  '--category',
  'uptime',
  '--operator',
  '>=',
  '--threshold',
  '99.9',
  '--unit',
  'percent',
];
let added: {
  id: string;
  state: string;
  statements: { quote: string; url: string | null }[];
  reviews: { by: string }[];
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promisegap-register-cli-'));
  const r = await cli(
    ...ADD,
    '--quote',
    'Order form, clause 3: 99.9% monthly availability.',
    '--source',
    'order form 2026',
    '--window',
    'monthly',
    '--by',
    'sales ops',
    '--json',
  );
  expect(r.code, r.stderr).toBe(0);
  added = JSON.parse(r.stdout);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('promisegap promises and gaps on a fresh data folder', () => {
  it('adds a commitment by hand, confirmed, with its evidence and who added it', async () => {
    expect(added.state).toBe('confirmed');
    expect(added.statements).toEqual([
      expect.objectContaining({
        quote: 'Order form, clause 3: 99.9% monthly availability.',
        url: 'order form 2026',
      }),
    ]);
    expect(added.reviews[0]?.by).toBe('sales ops');
    const list = await cli('promises', 'list', '--json');
    expect((JSON.parse(list.stdout) as { promises: { id: string }[] }).promises.map((p) => p.id)).toEqual([
      added.id,
    ]);
  });

  it('refuses to add the same commitment twice', async () => {
    const r = await cli(...ADD, '--window', 'monthly', '--quote', 'again');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`already exists (${added.id})`);
  });

  it.each([
    [['promises', 'show', 'cmt_missing'], 1, 'no commitment with id cmt_missing'],
    [['promises', 'correct', 'cmt_missing', '--threshold', 'four'], 1, '"four" is not a number'],
    [['promises', 'correct', 'cmt_missing', '--unit', 'weeks'], 1, 'Allowed choices are'],
    [
      ['promises', 'add', '--category', 'uptime', '--operator', '>=', '--threshold', '99', '--quote', 'x'],
      2,
      'unit: is required',
    ],
    [
      ['gaps', 'ack', 'cmt_missing', '--until', '2099-01-01', '--note', 'x'],
      1,
      'no commitment with id cmt_missing',
    ],
    [['gaps', 'ack', 'cmt_missing', '--note', 'x'], 1, "required option '--until <date>'"],
  ])('explains what is wrong with %j', async (args, code, message) => {
    const r = await cli(...(args as string[]));
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('refuses a rejection without a reason, and keeps the commitment confirmed', async () => {
    const r = await cli('promises', 'reject', added.id);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reason: is required');
    const show = await cli('promises', 'show', added.id, '--json');
    expect((JSON.parse(show.stdout) as { state: string }).state).toBe('confirmed');
  });

  it('refuses an acknowledgement whose date has passed, and keeps none', async () => {
    const r = await cli('gaps', 'ack', added.id, '--until', '2020-01-01', '--note', 'too late');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2020-01-01 has already passed');
    const show = await cli('promises', 'show', added.id, '--json');
    expect((JSON.parse(show.stdout) as { acknowledgement: unknown }).acknowledgement).toBeNull();
  });
});
