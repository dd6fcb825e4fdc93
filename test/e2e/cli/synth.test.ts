// `npm run synth` as a deployer runs it: a quiet synthesis of the example prints nothing from the
// CDK CLI (no "Successfully synthesized", no stack list, no feature-flag or notices lines, no
// example warnings), and `cdk synth` without -c config stops with the message naming the flag.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../../../', import.meta.url).pathname;
const run = (command: string, args: string[]) =>
  promisify(execFile)(command, args, { cwd: REPO, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('cdk synth', () => {
  it('prints nothing for a quiet synth of the example (npm run synth)', async () => {
    const res = await run('npm', ['run', '--silent', 'synth']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('');
    expect(res.code).toBe(0);
  }, 600_000);

  it('stops without -c config, naming the flag', async () => {
    const res = await run('npx', ['cdk', 'synth', '--quiet', '--no-notices']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(
      /promisegap: invalid configuration in the CDK context[\s\S]*no deployment config: pass -c config=FILE/,
    );
  }, 300_000);
});
