import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthApp } from './synth.ts';

const all = (root: IConstruct): IConstruct[] => [root, ...root.node.children.flatMap(all)];

describe('cdk-nag AwsSolutions', () => {
  let built: ReturnType<typeof synthApp>;
  beforeAll(() => {
    built = synthApp();
  });

  it.each(['prod', 'dev'])('finds nothing unacknowledged in the %s stage', (stage) => {
    const app = stage === 'prod' ? built.app : synthApp({ stage }).app;
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('explains every acknowledged rule', () => {
    const acknowledged = all(built.app).flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>)),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(reason.length, `${id} needs a reason`).toBeGreaterThan(40);
    }
  });
});
