// `promisegap doctor`: checks the set-up a command needs and says what to fix, one line per
// check — Node (and the AWS SDK's Node notice, shown here once instead of on every command),
// chromium for the browser tests, the data folder, the SES emulator, the ports the demo uses,
// and with --table the AWS credentials, region and table.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { checkManifest, inspectFolder, probeEndpoint, readEndpoint } from '../../store/index.ts';
import { DEFAULT_DATA_DIR } from '../support.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** True when `version` (v20.18.1) is at least `minimum` (20.18). */
export const atLeast = (version: string, minimum: string): boolean => {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const want = minimum.split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    const h = have[i] ?? 0;
    const w = want[i] ?? 0;
    if (h !== w) return h > w;
  }
  return true;
};

const nodeChecks = (version: string): Check[] => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    engines?: { node?: string };
  };
  const range = pkg.engines?.node ?? '>=20.18.1';
  const minimum = range.replace(/^>=\s*/, '');
  const checks: Check[] = [
    atLeast(version, minimum)
      ? { name: 'node', status: 'ok', detail: `${version} (promisegap needs ${range}; Lambda runs Node 22)` }
      : {
          name: 'node',
          status: 'fail',
          detail: `${version} is older than promisegap needs (${range}): install Node 22`,
        },
  ];
  if (!atLeast(version, '22')) {
    checks.push({
      name: 'aws sdk',
      status: 'warn',
      detail: `the AWS SDK for JavaScript needs Node 22 for its releases after the first week of January 2027; this machine runs ${version} (works today; plan the upgrade)`,
    });
  }
  return checks;
};

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const chromiumCheck = (): Check => {
  const found = CHROMIUM.find((p) => existsSync(p));
  return found
    ? { name: 'chromium', status: 'ok', detail: `${found} (the browser tests drive it)` }
    : {
        name: 'chromium',
        status: 'warn',
        detail: `none of ${CHROMIUM.join(', ')}: only the browser tests need it (apt-get install chromium)`,
      };
};

const folderCheck = async (dataDir: string): Promise<Check> => {
  const dir = resolve(dataDir);
  const state = inspectFolder(dir);
  if (!state.exists)
    return {
      name: 'data folder',
      status: 'ok',
      detail: `${dir}: not created yet (the first store command creates it)`,
    };
  if (state.holder !== undefined) {
    const published = readEndpoint(dir);
    const answer = published ? await probeEndpoint(published) : 'gone';
    return answer === 'ok'
      ? {
          name: 'data folder',
          status: 'ok',
          detail: `${dir}: served by promisegap pid ${state.holder} at ${published?.endpoint}; other commands share it`,
        }
      : {
          name: 'data folder',
          status: 'warn',
          detail: `${dir}: held by pid ${state.holder}, which does not answer (starting or closing?); run doctor again in a moment`,
        };
  }
  const checked = await checkManifest(dir);
  switch (checked.state) {
    case 'clean':
      return {
        name: 'data folder',
        status: 'ok',
        detail: `${dir}: closed cleanly on ${checked.closedAt}, files intact`,
      };
    case 'empty':
      return { name: 'data folder', status: 'ok', detail: `${dir}: empty` };
    case 'unclean':
      return {
        name: 'data folder',
        status: 'warn',
        detail: `${dir}: not closed cleanly last time (a crash or a kill); the next command recovers it, compare with your latest backup if data looks missing`,
      };
    default:
      return {
        name: 'data folder',
        status: 'fail',
        detail: `${dir}: damaged (${checked.problems.slice(0, 3).join('; ')}): restore a backup with \`promisegap restore FILE --data-dir ${dir} --replace\``,
      };
  }
};

const sesCheck = async (env: NodeJS.ProcessEnv): Promise<Check> => {
  const endpoint = env.AWS_ENDPOINT_URL_SES;
  let installed = true;
  try {
    createRequire(import.meta.url).resolve('aws-ses-v2-local');
  } catch {
    installed = false;
  }
  if (!endpoint) {
    return installed
      ? {
          name: 'ses',
          status: 'ok',
          detail:
            'the demo starts its own SES emulator (aws-ses-v2-local); `digest --send` uses real SES unless AWS_ENDPOINT_URL_SES is set',
        }
      : {
          name: 'ses',
          status: 'warn',
          detail:
            'aws-ses-v2-local is not installed (npm install): the demo cannot show the delivered digest',
        };
  }
  try {
    const res = await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
    return {
      name: 'ses',
      status: 'ok',
      detail: `AWS_ENDPOINT_URL_SES=${endpoint} answers (HTTP ${res.status})`,
    };
  } catch (error) {
    return {
      name: 'ses',
      status: 'fail',
      detail: `AWS_ENDPOINT_URL_SES=${endpoint} does not answer (${(error as Error).message}): start the emulator (npx aws-ses-v2-local) or unset the variable`,
    };
  }
};

const portFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

const portChecks = async (): Promise<Check[]> => {
  const ports = [
    { port: 8787, use: 'the API and dashboard of serve and demo (--port to change)' },
    { port: 4780, use: "the example site the demo crawls (site.port in the example's config)" },
  ];
  return Promise.all(
    ports.map(async ({ port, use }) =>
      (await portFree(port))
        ? ({ name: `port ${port}`, status: 'ok', detail: `free for ${use}` } as const)
        : ({
            name: `port ${port}`,
            status: 'warn',
            detail: `in use (another promisegap serve or demo, or another program): ${use}`,
          } as const),
    ),
  );
};

const tableChecks = async (table: string, env: NodeJS.ProcessEnv): Promise<Check[]> => {
  const client = new DynamoDBClient({});
  const checks: Check[] = [];
  try {
    const region = await client.config.region().catch(() => undefined);
    const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
    if (!region) {
      return [
        {
          name: 'aws region',
          status: 'fail',
          detail: 'no region: set AWS_REGION (or use a profile with one)',
        },
      ];
    }
    checks.push({
      name: 'aws region',
      status: 'ok',
      detail: `${region}${endpoint ? `, endpoint ${endpoint}` : ''}`,
    });
    try {
      const credentials = await client.config.credentials();
      checks.push({
        name: 'aws credentials',
        status: 'ok',
        detail: `found (access key …${credentials.accessKeyId.slice(-4)}${env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : ''})`,
      });
    } catch (error) {
      checks.push({
        name: 'aws credentials',
        status: 'fail',
        detail: `none found (${(error as Error).message}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      });
      return checks;
    }
    try {
      const described = await client.send(new DescribeTableCommand({ TableName: table }));
      checks.push({
        name: 'table',
        status: described.Table?.TableStatus === 'ACTIVE' ? 'ok' : 'warn',
        detail: `${table}: ${described.Table?.TableStatus ?? 'unknown status'}, about ${described.Table?.ItemCount ?? 0} items`,
      });
    } catch (error) {
      checks.push({
        name: 'table',
        status: 'fail',
        detail: `${table}: ${(error as Error).name}: ${(error as Error).message}`,
      });
    }
    return checks;
  } finally {
    client.destroy();
  }
};

export const runChecks = async (options: { dataDir: string; table?: string }, env: NodeJS.ProcessEnv) => [
  ...nodeChecks(process.version),
  chromiumCheck(),
  await folderCheck(options.dataDir),
  await sesCheck(env),
  ...(await portChecks()),
  ...(options.table ? await tableChecks(options.table, env) : []),
];

export const register = (program: Command): void => {
  program
    .command('doctor')
    .description(
      'Check the set-up: Node, chromium, the data folder, the SES emulator, AWS access for --table.',
    )
    .option('--data-dir <dir>', 'the data folder to check', DEFAULT_DATA_DIR)
    .option('--table <name>', 'also check AWS credentials, region and this DynamoDB table')
    .option('--json', 'one JSON object { ok, checks: [{ name, status, detail }] }')
    .action(async (options: { dataDir: string; table?: string; json?: boolean }) => {
      const checks = await runChecks(options, process.env);
      const ok = checks.every((c) => c.status !== 'fail');
      if (options.json) process.stdout.write(`${JSON.stringify({ ok, checks })}\n`);
      else {
        const width = Math.max(...checks.map((c) => c.name.length));
        for (const c of checks)
          process.stdout.write(`${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}\n`);
        const counts = {
          warn: checks.filter((c) => c.status === 'warn').length,
          fail: checks.filter((c) => c.status === 'fail').length,
        };
        process.stdout.write(
          ok
            ? `ready${counts.warn ? ` (${counts.warn} warning${counts.warn === 1 ? '' : 's'})` : ''}\n`
            : `${counts.fail} problem${counts.fail === 1 ? '' : 's'} to fix\n`,
        );
      }
      if (!ok) process.exitCode = 1;
    });
};
