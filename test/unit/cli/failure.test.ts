import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../packages/cli/failure.ts';
import { ConfigError } from '../../../packages/core/index.ts';
import { StoreCorruptError } from '../../../packages/store/index.ts';

const systemError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('what a failed command tells the user', () => {
  it.each([
    [
      'a busy port, as the user can fix it',
      systemError('EADDRINUSE', 'listen EADDRINUSE', { address: '127.0.0.1', port: 8787 }),
      /^port 8787 on 127\.0\.0\.1 is already in use .*pass --port/,
      1,
    ],
    [
      'the serving process going away, wrapped in the SDK error that carried it',
      new Error('socket hang up', {
        cause: systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:43211'),
      }),
      /^the promisegap process that served the data folder stopped.*run the command again/,
      1,
    ],
    [
      'a config problem, on one line however many problems it lists',
      new ConfigError('x.json', ['a: missing', 'b: wrong']),
      /^invalid configuration in x\.json: - a: missing - b: wrong$/,
      2,
    ],
    [
      'a damaged folder',
      new StoreCorruptError('/d', ['f changed'], 'the store in /d was changed outside promisegap'),
      /^the store in \/d was changed outside promisegap$/,
      1,
    ],
    [
      'anything else, as a bug with the flag for its stack',
      new TypeError('x is undefined'),
      /^unexpected error \(a bug; run again with --debug.*TypeError: x is undefined$/,
      1,
    ],
  ])('reports %s', async (_what, error, message, code) => {
    const failure = await describeFailure(error);
    expect(failure.message).toMatch(message);
    expect(failure.message).not.toContain('\n');
    expect(failure.code).toBe(code);
  });
});
