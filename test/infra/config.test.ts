import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundling.ts';
import { loadDeploySettings, MAX_FUNCTION_CONFIG_BYTES, stageSettings } from '../../infra/config.ts';
import { ConfigError } from '../../packages/core/index.ts';
import { FIXTURE_CONFIG } from './synth.ts';

const fixture = JSON.parse(readFileSync(join(REPO_ROOT, FIXTURE_CONFIG), 'utf8')) as Record<string, unknown>;

const writeConfig = (patch: Record<string, unknown>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-infra-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ ...fixture, ...patch }));
  return path;
};

const load = (context: Record<string, unknown>) =>
  loadDeploySettings((key) => ({ config: FIXTURE_CONFIG, ...context })[key], REPO_ROOT);

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('deployment settings', () => {
  it('reads the config file named by the context and defaults the stage to prod, which keeps its data', () => {
    const settings = load({});
    expect(settings.config.company).toBe('Fixture Widgets Ltd');
    expect(settings.stage).toMatchObject({
      stage: 'prod',
      retainData: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  });

  it.each([
    ['dev', false],
    ['test', false],
    ['ci', false],
    ['staging', true],
    ['prod', true],
  ])('stage %s keeps its data: %s', (stage, retain) => {
    expect(stageSettings(stage).retainData).toBe(retain);
    expect(stageSettings(stage).removalPolicy).toBe(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
  });

  it('stops without -c config rather than deploying the fictitious example, naming the flag', () => {
    const problems = problemsOf(() => loadDeploySettings(() => undefined, REPO_ROOT));
    expect(problems.join('\n')).toMatch(/no deployment config: pass -c config=FILE/);
  });

  it('names a missing config file and says how to pass another', () => {
    const problems = problemsOf(() => load({ config: 'nowhere/promisegap.config.json' }));
    expect(problems.join('\n')).toMatch(/config file not found.*-c config=PATH/);
  });

  it('reports every bad setting at once, each with where it is', () => {
    const path = writeConfig({
      calendar: { timezone: 'Mars/Olympus', hours: {} },
      schedule: { evaluate: 'every monday', crawl: 'cron(0 5 * * MON)' },
    });
    const problems = problemsOf(() =>
      load({ config: path, stage: 'Prod_1', alarmEmail: 'not-an-address', crawlConcurrency: 1 }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^context stage: "Prod_1"/),
        expect.stringMatching(/^calendar\.timezone: "Mars\/Olympus" is not an IANA time zone/),
        expect.stringMatching(
          /^schedule\.evaluate: "every monday" is not an EventBridge Scheduler expression/,
        ),
        expect.stringMatching(/^schedule\.crawl: "cron\(0 5 \* \* MON\)"/),
        expect.stringMatching(/^context alarmEmail: "not-an-address"/),
        expect.stringMatching(/^context crawlConcurrency: expected a whole number from 2 to 50/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('passes schema errors of the config file through with their field paths', () => {
    const path = writeConfig({ digest: { from: 'nobody', recipients: [] } });
    const problems = problemsOf(() => load({ config: path }));
    expect(problems.some((p) => p.startsWith('digest.from'))).toBe(true);
    expect(problems.some((p) => p.startsWith('digest.recipients'))).toBe(true);
  });

  it('gives the functions a config without local-only parts and never allows private addresses', () => {
    const settings = load({});
    expect(settings.functionConfig).not.toHaveProperty('site');
    expect(settings.functionConfig.metrics).toEqual([]);
    expect(settings.functionConfig.crawl.allowPrivateAddresses).toBe(false);
    expect(JSON.parse(settings.functionConfigJson)).toEqual(settings.functionConfig);
    expect(settings.warnings.join('\n')).toMatch(/allowPrivateAddresses is turned off/);
  });

  it('warns about relative sources, and resolves them against siteBaseUrl when given', () => {
    expect(load({}).warnings.join('\n')).toMatch(/source \/sla\.html is relative/);
    const resolved = load({ siteBaseUrl: 'https://widgets.example/docs/' });
    expect(resolved.functionConfig.sources.map((s) => s.url)).toEqual([
      'https://widgets.example/sla.html',
      'https://widgets.example/support',
    ]);
    expect(resolved.warnings.join('\n')).not.toMatch(/is relative/);
  });

  it('refuses a config too large for the Lambda environment, saying how large', () => {
    const sources = Array.from({ length: 60 }, (_, i) => ({
      url: `https://widgets.example/a-rather-long-path/section-${i}/index.html`,
      kind: 'marketing',
    }));
    const problems = problemsOf(() => load({ config: writeConfig({ sources }) }));
    expect(problems.join('\n')).toMatch(
      new RegExp(`functions receive is \\d+ bytes; .* at most ${MAX_FUNCTION_CONFIG_BYTES}`),
    );
  });

  it.each([
    ['widgets.example', true],
    ['digest@widgets.example', true],
    ['other.example', false],
  ])('sesIdentity %s may send as the digest address: %s', (identity, ok) => {
    if (ok) {
      expect(load({ sesIdentity: identity }).sender).toEqual({
        identity,
        existing: true,
        sandboxRecipients: false,
      });
    } else {
      expect(problemsOf(() => load({ sesIdentity: identity })).join('\n')).toMatch(
        /cannot send as digest\.from/,
      );
    }
  });

  it('creates an identity for the from address when none is referenced', () => {
    expect(load({}).sender).toEqual({
      identity: 'digest@widgets.example',
      existing: false,
      sandboxRecipients: false,
    });
  });
});
