import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../infra/constructs/app-function.ts';
import { type Synthesised, synth } from './synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('every function (AppFunction)', () => {
  let s: Synthesised;
  let functions: Record<string, Resource>;
  let statements: Statement[];
  beforeAll(() => {
    s = synth();
    functions = s.stack.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    statements = Object.values(s.stack.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => (policy as Resource).Properties.PolicyDocument as { Statement: Statement[] })
      .flatMap((doc) => doc.Statement);
  });

  it('deploys six functions (with the import worker)', () => {
    expect(Object.keys(functions)).toHaveLength(6);
  });

  it('runs Node.js 22 on ARM64 with JSON logs from Powertools and source maps on', () => {
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^promisegap-/),
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
            PROMISEGAP_STAGE: 'prod',
            PROMISEGAP_TABLE: expect.anything(),
          },
        },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
  });

  it('writes to its own log group, kept three months in prod', () => {
    const groups = Object.values(s.stack.findResources('AWS::Logs::LogGroup')) as Resource[];
    // Six function log groups and the API access log.
    expect(groups).toHaveLength(7);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('uses no managed policies: each role writes to its own log group only', () => {
    const roles = Object.values(s.stack.findResources('AWS::IAM::Role')) as Resource[];
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('grants no wildcard action anywhere', () => {
    for (const statement of statements) {
      for (const action of asList(statement.Action)) expect(action).not.toContain('*');
    }
  });

  it.each(['dynamodb', 'sqs', 'ses', 'logs', 'lambda'])(
    'never grants %s actions on Resource *',
    (service) => {
      for (const statement of statements) {
        if (!asList(statement.Action).some((a) => a.startsWith(`${service}:`))) continue;
        expect(asList(statement.Resource)).not.toContain('*');
      }
    },
  );

  it('grants exactly the table actions the store uses, on the table and its gsi1 index', () => {
    const tableStatements = statements.filter((st) =>
      asList(st.Action).some((a) => a.startsWith('dynamodb:')),
    );
    expect(tableStatements).toHaveLength(6);
    for (const statement of tableStatements) {
      expect(asList(statement.Action).sort()).toEqual([...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write].sort());
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain('/index/gsi1');
      expect(resources).not.toContain('index/*');
    }
  });
});
