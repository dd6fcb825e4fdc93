import { describe, expect, it } from 'vitest';
import { ENV, loadFunctionEnv } from '../../../functions/shared/env.ts';
import { ConfigError } from '../../../packages/core/index.ts';

describe('function environment', () => {
  it('reads the table, queues and stage', () => {
    const env = loadFunctionEnv({
      [ENV.tableName]: 'promisegap-prod',
      [ENV.crawlQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/1/crawl',
      [ENV.stage]: 'prod',
    });
    expect(env).toMatchObject({ tableName: 'promisegap-prod', stage: 'prod', config: undefined });
  });

  it('reports every missing or malformed variable together', () => {
    try {
      loadFunctionEnv({ [ENV.crawlQueueUrl]: 'not a url', [ENV.config]: '{}' }, [ENV.extractQueueUrl]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(ENV.tableName);
      expect(problems).toMatch(ENV.crawlQueueUrl);
      expect(problems).toMatch(`${ENV.extractQueueUrl}: required by this function`);
    }
  });

  it('refuses a config variable that is not JSON', () => {
    expect(() => loadFunctionEnv({ [ENV.tableName]: 't', [ENV.config]: '{' })).toThrow(/PROMISEGAP_CONFIG/);
  });
});
