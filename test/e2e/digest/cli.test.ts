// `promisegap digest` as a user runs it: a data directory with evaluated weeks, then --preview, the
// default (print), --send to aws-ses-v2-local through AWS_ENDPOINT_URL_SES, and the error paths.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sesLocalModule from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekWindow } from '../../../packages/core/index.ts';
import { openEmbeddedStore } from '../../../packages/store/index.ts';
import { complaintsWith, verdict } from '../../unit/digest/fixtures.ts';

type StartSesLocal = (config?: { host?: string; port?: number }) => Promise<Server>;
const startSesLocal = ((): StartSesLocal => {
  const m = sesLocalModule as unknown as { default: StartSesLocal | { default: StartSesLocal } };
  return typeof m.default === 'function' ? m.default : m.default.default;
})();

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;

const cli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, 'digest', ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });

describe('promisegap digest', () => {
  let dir: string;
  let config: string;
  let dataDir: string;
  let ses: Server;
  let sesEndpoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promisegap-digest-'));
    dataDir = join(dir, 'data');
    config = join(dir, 'promisegap.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        company: 'Examplo Help Desk',
        sources: [{ url: 'https://help.example.test/' }],
        calendar: { timezone: 'UTC', hours: { mon: ['09:00', '17:00'] } },
        digest: {
          from: 'digest@example.test',
          recipients: ['lead@example.test', 'cmo@example.test'],
          subjectPrefix: '[weekly]',
        },
      }),
    );
    const embedded = await openEmbeddedStore({ dataDir });
    for (const id of ['2026-W46', '2026-W47']) {
      const window = weekWindow(id);
      await embedded.store.putVerdicts([
        verdict('a', {
          window,
          delivery: { attainment: id === '2026-W47' ? 78 : 85 },
          complaints: complaintsWith(['Waited 3 days for a first reply']),
        }),
      ]);
    }
    await embedded.close();
    ses = await startSesLocal({ host: '127.0.0.1', port: 0 });
    sesEndpoint = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((done) => ses?.close(() => done()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes digest.html and digest.txt for the latest complete week with --preview', async () => {
    const out = join(dir, 'preview');
    const run = await cli(['--config', config, '--data-dir', dataDir, '--preview', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[weekly] Examplo Help Desk: 1 promise broken — week 47');
    const text = readFileSync(join(out, 'digest.txt'), 'utf8');
    expect(text).toContain('down 7 points from 85% last week');
    expect(readFileSync(join(out, 'digest.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('prints the text part for a chosen week when neither --preview nor --send is given', async () => {
    const run = await cli(['--config', config, '--data-dir', dataDir, '--week', '2026-W46']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 promise broken — week 46');
    expect(run.stdout).toContain('85% of 1,204 Pro tickets answered within 1 hour');
  });

  it('sends through the SES emulator named by AWS_ENDPOINT_URL_SES, once per recipient and week', async () => {
    const env = { AWS_ENDPOINT_URL_SES: sesEndpoint };
    const first = await cli(['--config', config, '--data-dir', dataDir, '--send'], env);
    expect(first.stdout).toContain('2026-W47: sent to 2, already sent to 0, rejected 0, failed 0');
    expect(first.code).toBe(0);
    const second = await cli(['--config', config, '--data-dir', dataDir, '--send'], env);
    expect(second.stdout).toContain('2026-W47: sent to 0, already sent to 2, rejected 0, failed 0');
    const { emails } = (await (await fetch(`${sesEndpoint}/store`)).json()) as {
      emails: { subject: string; destination: { to: string[] } }[];
    };
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual(['cmo@example.test', 'lead@example.test']);
    expect(emails.every((e) => e.subject === '[weekly] Examplo Help Desk: 1 promise broken — week 47')).toBe(
      true,
    );
  });

  it.each([
    [['--week', '2026-W99'], 2, /not a window: "2026-W99"/],
    [['--week', '2026-W40'], 1, /no verdicts for 2026-W40.*evaluated weeks: 2026-W46, 2026-W47/],
  ])('explains what is wrong with %j', async (args, code, message) => {
    const run = await cli(['--config', config, '--data-dir', dataDir, ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });
});
