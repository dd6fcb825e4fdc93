// The promise register as a user works it, on the example company: run the cycle, reject one
// commitment, correct another's threshold, add one by hand, acknowledge a broken one, run again.
// Run it under `flock /tmp/promisegap-e2e.lock` (the example site is served on its fixed port).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const CONFIG = new URL('../../../examples/promisegap.config.json', import.meta.url).pathname;

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        timeout: 300_000,
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });

interface Evaluation {
  promiseId: string;
  status: string;
  threshold: number | null;
  unit: string | null;
  operator: string;
  category: string;
  qualifiers: Record<string, unknown>;
  reason: string;
  delivery: { samples: number; attainment: number } | null;
}
interface Listed {
  id: string;
  state: string;
  category: string;
  operator: string;
  threshold: number | null;
  unit: string | null;
  qualifiers: Record<string, unknown>;
  statements: {
    quote: string;
    url: string | null;
    firstSeen: string;
    lastSeen: string;
    contentHash: string | null;
  }[];
  reviews: { action: string; by: string; at: string; reason?: string }[];
  acknowledgement: { note: string; until: string } | null;
}

let dir: string;
let dataDir: string;
let firstRun: { window: string; evaluations: Evaluation[] };
let secondRun: { window: string; evaluations: Evaluation[] };
let listed: Listed[];
let digestBefore: string;
let digestAfter: string;
const ids = { rejected: '', corrected: '', added: '', acknowledged: '' };

const run = async () => {
  const r = await cli(['run', '--config', CONFIG, '--data-dir', dataDir, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { window: string; evaluations: Evaluation[] };
};

const find = (where: (p: Listed) => boolean, what: string): Listed => {
  const found = listed.filter(where);
  if (found.length !== 1) throw new Error(`expected one commitment that ${what}, found ${found.length}`);
  return found[0] as Listed;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promisegap-register-'));
  dataDir = join(dir, 'data');
  firstRun = await run();
  digestBefore = readFileSync(join(dataDir, 'digest', 'digest.txt'), 'utf8');
  const list = await cli(['promises', 'list', '--json', '--data-dir', dataDir]);
  expect(list.code, list.stderr).toBe(0);
  listed = (JSON.parse(list.stdout) as { promises: Listed[] }).promises;

  // A credit band read without its band is not a promise anyone can check as written.
  ids.rejected = find(
    (p) =>
      p.category === 'credit_compensation' && p.threshold === 25 && Object.keys(p.qualifiers).length === 0,
    'is the 25% credit without its band',
  ).id;
  // The support page's Pro email reply, which the reviewer says is really 8 business hours.
  ids.corrected = find(
    (p) => p.category === 'response_time' && p.qualifiers.channel === 'email' && p.qualifiers.tier === 'Pro',
    'is the Pro email reply time',
  ).id;
  // Same-day dispatch before the cutoff: broken, and the operations lead owns it.
  ids.acknowledged = find(
    (p) => p.category === 'delivery_time' && String(p.qualifiers.condition ?? '').includes('before 2 pm'),
    'is same-day dispatch before 2 pm',
  ).id;

  const reject = await cli([
    'promises',
    'reject',
    ids.rejected,
    '--reason',
    'a credit band without its uptime range',
    '--by',
    'e2e reviewer',
    '--data-dir',
    dataDir,
  ]);
  expect(reject.code, reject.stderr).toBe(0);
  const correct = await cli([
    'promises',
    'correct',
    ids.corrected,
    '--threshold',
    '8',
    '--unit',
    'business_hours',
    '--reason',
    'the support page was updated',
    '--by',
    'e2e reviewer',
    '--data-dir',
    dataDir,
  ]);
  expect(correct.code, correct.stderr).toBe(0);
  const add = await cli([
    'promises',
    'add',
    '--category',
    'response_time',
    '--operator',
    '<=',
    '--threshold',
    '24',
    '--unit',
    'hours',
    '--tier',
    'Starter',
    '--quote',
    'Starter merchants receive a first reply within 24 hours (reseller agreement, section 4).',
    '--source',
    'reseller agreement 2026',
    '--by',
    'e2e reviewer',
    '--json',
    '--data-dir',
    dataDir,
  ]);
  expect(add.code, add.stderr).toBe(0);
  ids.added = (JSON.parse(add.stdout) as { id: string }).id;
  const ack = await cli([
    'gaps',
    'ack',
    ids.acknowledged,
    '--until',
    '2099-01-15',
    '--note',
    'second carrier pickup from next month',
    '--by',
    'ops lead',
    '--data-dir',
    dataDir,
  ]);
  expect(ack.code, ack.stderr).toBe(0);

  secondRun = await run();
  digestAfter = readFileSync(join(dataDir, 'digest', 'digest.txt'), 'utf8');
}, 900_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const byId = (r: { evaluations: Evaluation[] }) => new Map(r.evaluations.map((e) => [e.promiseId, e]));

describe('the promise register on the example company', () => {
  it('grades each commitment once however many pages state it', () => {
    const counts = new Map<string, number>();
    for (const e of firstRun.evaluations) counts.set(e.promiseId, (counts.get(e.promiseId) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const pro = find(
      (p) =>
        p.category === 'response_time' &&
        p.threshold === 2 &&
        p.unit === 'business_hours' &&
        Object.keys(p.qualifiers).join() === 'tier',
      'is Pro within 2 business hours',
    );
    expect(new Set(pro.statements.map((s) => s.url)).size).toBeGreaterThanOrEqual(2);
    for (const s of pro.statements) expect(s.contentHash).toMatch(/^[0-9a-f]{16,}$/);
  });

  it('counts commitments in the digest headline and names the pages that contradict each other', () => {
    const broken = firstRun.evaluations.filter((e) => e.status === 'breached').length;
    expect(digestBefore.split('\n')[0]).toContain(`${broken} promises broken`);
    expect(digestBefore).toMatch(/contact\.html says 4 business hours, index\.html says 2 business hours/);
    expect(digestBefore).toContain('Also stated on:');
  });

  it('no longer grades the rejected commitment, and keeps it with its reason', async () => {
    expect(byId(firstRun).has(ids.rejected)).toBe(true);
    expect(byId(secondRun).has(ids.rejected)).toBe(false);
    const show = await cli(['promises', 'show', ids.rejected, '--json', '--data-dir', dataDir]);
    const view = JSON.parse(show.stdout) as Listed;
    expect(view.state).toBe('rejected');
    expect(view.reviews.at(-1)).toMatchObject({
      action: 'reject',
      by: 'e2e reviewer',
      reason: 'a credit band without its uptime range',
    });
  });

  it('grades the corrected commitment on the corrected figure', () => {
    const before = byId(firstRun).get(ids.corrected);
    const after = byId(secondRun).get(ids.corrected);
    expect(before?.threshold).toBe(2);
    expect(after?.threshold).toBe(8);
    expect(after?.unit).toBe('business_hours');
    expect(after?.reason).toContain('8 business hours');
    expect(after?.delivery?.attainment).toBeGreaterThan(before?.delivery?.attainment ?? 100);
  });

  it('grades the commitment added by hand on the measured data', () => {
    const added = byId(secondRun).get(ids.added);
    expect(added).toMatchObject({
      threshold: 24,
      unit: 'hours',
      operator: '<=',
      qualifiers: { tier: 'Starter' },
    });
    expect(added?.delivery?.samples).toBeGreaterThan(0);
  });

  it('lists the acknowledged gap as acknowledged, with its note, instead of as broken', () => {
    expect(byId(secondRun).get(ids.acknowledged)?.status).toBe('breached');
    const section = digestAfter.slice(
      digestAfter.indexOf('ACKNOWLEDGED'),
      digestAfter.indexOf('ACKNOWLEDGED') + 2000,
    );
    expect(section).toContain('second carrier pickup from next month');
    expect(section).toContain('until 2099-01-15');
    const broken = secondRun.evaluations.filter((e) => e.status === 'breached').length;
    expect(digestAfter.split('\n')[0]).toContain(`${broken - 1} promises broken`);
    expect(digestAfter.split('\n')[0]).toContain('1 acknowledged');
  });

  it('changes nothing else', () => {
    const after = byId(secondRun);
    const changed = new Set([ids.rejected, ids.corrected, ids.added]);
    const others = firstRun.evaluations.filter((e) => !changed.has(e.promiseId));
    expect(others.length).toBeGreaterThan(20);
    for (const e of others) {
      const again = after.get(e.promiseId);
      expect({
        id: e.promiseId,
        status: again?.status,
        threshold: again?.threshold,
        reason: again?.reason,
      }).toEqual({
        id: e.promiseId,
        status: e.status,
        threshold: e.threshold,
        reason: e.reason,
      });
    }
    expect(secondRun.evaluations.length).toBe(firstRun.evaluations.length);
  });
});
