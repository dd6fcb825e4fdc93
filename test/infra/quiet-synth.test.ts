// A quiet synthesis of the example prints nothing but errors: the example's known warnings are
// acknowledged only there (any other config's warnings stay), and every feature flag the CDK CLI
// would print a notice about is pinned in cdk.json to the behaviour the stacks are built with.

import { readFileSync } from 'node:fs';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_PATH } from '../../infra/config.ts';
import { synthApp } from './synth.ts';

const configWarnings = (context: Record<string, unknown>) => {
  const { stateless } = synthApp(context);
  return Annotations.fromStack(stateless).findWarning('*', Match.stringLikeRegexp('ack: promisegap:config'));
};

describe('a quiet synth', () => {
  it('acknowledges the example company’s known warnings, and shows them when not quiet', () => {
    expect(configWarnings({ config: EXAMPLE_CONFIG_PATH, quiet: 'true' })).toEqual([]);
    const loud = configWarnings({ config: EXAMPLE_CONFIG_PATH });
    expect(loud.map((w) => String(w.entry.data)).join('\n')).toMatch(/is relative to the local example site/);
  });

  it('keeps the warnings of any other config, quiet or not', () => {
    const warnings = configWarnings({ quiet: 'true' });
    expect(warnings.map((w) => String(w.entry.data)).join('\n')).toMatch(/source \/sla\.html is relative/);
  });

  it('pins every feature flag the CDK CLI would print a notice about, to the behaviour it has unset', () => {
    const context = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> })
      .context;
    // The CLI's rule (aws-cdk's FlagOperations.filterNeedsAttention): unset, not obsolete, and
    // its unset behaviour differs from the recommended value.
    const obsolete = [
      '@aws-cdk/core:enableStackNameDuplicates',
      '@aws-cdk/aws-s3:grantWriteWithoutAcl',
      '@aws-cdk/aws-kms:defaultKeyPolicies',
    ];
    const noticed = Object.entries(FLAGS).filter(
      ([name, flag]) =>
        !obsolete.includes(name) && (flag.unconfiguredBehavesLike?.v2 ?? false) !== flag.recommendedValue,
    );
    expect(noticed.length).toBeGreaterThan(50);
    for (const [name, flag] of noticed) {
      expect.soft(context[name], name).toEqual(flag.unconfiguredBehavesLike?.v2 ?? false);
    }
  });
});
