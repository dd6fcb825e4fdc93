// Importing the same export again, as a person does at the command line: from another folder,
// under another name, it stores nothing and says which import it repeats; --force runs the whole
// import (which still stores nothing twice); changed bytes are a new import.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'promisegap-ledger-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (cwd: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { cwd }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

const hours = ['09:00', '17:00'];
const config = {
  company: 'Ledger Test Desk',
  sources: [{ url: 'https://ledger-test.example/sla', kind: 'sla' }],
  digest: { from: 'digest@ledger-test.example', recipients: ['lead@ledger-test.example'] },
  calendar: {
    timezone: 'UTC',
    hours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: null, sun: null },
    holidays: [],
  },
};

describe('promisegap import, twice', () => {
  it('stores nothing for the same bytes from another folder, says which import it repeats, and --force re-runs it', async () => {
    const first = join(work, 'first');
    const second = join(work, 'second');
    mkdirSync(first);
    mkdirSync(second);
    const dataDir = join(work, 'data');
    writeFileSync(join(first, 'promisegap.config.json'), JSON.stringify(config));
    writeFileSync(join(second, 'promisegap.config.json'), JSON.stringify(config));
    const rows = ['Id,Created at,First reply at,Solved at,Priority,Plan'];
    for (let i = 0; i < 40; i++) {
      const day = 2 + (i % 5);
      rows.push(
        `${900 + i},2026-11-0${day} 10:00,2026-11-0${day} 10:${10 + i},2026-11-0${day} 15:00,High,Pro`,
      );
    }
    rows.push('950,last tuesday,,,High,Pro');
    writeFileSync(join(first, 'export.csv'), `${rows.join('\n')}\n`);
    copyFileSync(join(first, 'export.csv'), join(second, 'tickets-copy.csv'));

    const a = await cli(first, 'import', 'tickets', 'export.csv', '--data-dir', dataDir);
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n')[0]).toBe(
      'export.csv: 41 rows read; 160 samples stored, 0 already stored; 1 bad row',
    );

    const b = await cli(second, 'import', 'tickets', 'tickets-copy.csv', '--data-dir', dataDir, '--json');
    expect(b.code).toBe(0);
    const report = JSON.parse(b.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      file: 'tickets-copy.csv',
      rows: 41,
      accepted: 0,
      duplicates: 160,
      errorCount: 1,
      errors: [{ line: 42, reason: expect.stringMatching(/malformed date/) }],
      sameAs: { file: 'export.csv', importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      // Nothing written: not a sample, not a series, not a ledger record.
      writes: 0,
    });

    const c = await cli(second, 'import', 'tickets', 'tickets-copy.csv', '--data-dir', dataDir);
    expect(c.stdout.split('\n')[0]).toMatch(
      /^tickets-copy\.csv: 41 rows read; 0 samples stored, 160 already stored \(same content as the import of \d{4}-\d\d-\d\d \d\d:\d\d UTC, as export\.csv; --force imports it again\); 1 bad row$/,
    );

    // --force reads every row again: still nothing stored twice, and no "same content" note.
    const forced = await cli(
      second,
      'import',
      'tickets',
      'tickets-copy.csv',
      '--data-dir',
      dataDir,
      '--force',
      '--json',
    );
    const forcedReport = JSON.parse(forced.stdout) as Record<string, unknown>;
    expect(forcedReport).toMatchObject({ accepted: 0, duplicates: 160, rows: 41 });
    expect(forcedReport.sameAs).toBeUndefined();

    // Other bytes (one ticket more) are another import: the new ticket's samples are stored.
    writeFileSync(
      join(second, 'tickets-copy.csv'),
      `${readFileSync(join(second, 'tickets-copy.csv'), 'utf8')}990,2026-11-06 11:00,2026-11-06 11:30,,Low,Pro\n`,
    );
    const d = await cli(second, 'import', 'tickets', 'tickets-copy.csv', '--data-dir', dataDir, '--json');
    expect(JSON.parse(d.stdout)).toMatchObject({ accepted: 2, duplicates: 160 });
  }, 120_000);
});
