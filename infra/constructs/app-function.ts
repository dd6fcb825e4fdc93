// One Lambda function with the project's defaults (Node.js 22 on ARM64, local esbuild, minified,
// source maps, JSON logs with retention), and helpers that grant exactly the access it uses.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import { TABLE_SCHEMA } from '../../packages/store/index.ts';
import {
  BUNDLE_AWS_SDK,
  ESBUILD_OPTIONS,
  entryOf,
  externalModulesOf,
  FUNCTION_LAYERS,
  type FunctionName,
  type LayerPackage,
  REPO_ROOT,
} from '../bundling.ts';
import { stageLayerPackage } from '../layers.ts';

/**
 * DynamoDB actions by what the store does with them (packages/store): reads are GetItem,
 * BatchGetItem and Query, writes are PutItem (conditional claims too), UpdateItem and BatchWriteItem. There is no
 * Scan, DeleteItem or transaction anywhere, so none is granted.
 */
export const TABLE_ACTIONS = {
  // BatchGetItem: the store reads rollups and the series registry many keys a call.
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
} as const;

export type TableAccess = keyof typeof TABLE_ACTIONS;

export interface AppFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  name: FunctionName;
  description: string;
  timeout: Duration;
  memorySize?: number;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  stage: string;
  environment?: Record<string, string>;
  reservedConcurrentExecutions?: number;
}

export class MissingHandlerError extends Error {
  constructor(readonly entry: string) {
    super(`function entry ${entry} does not exist: every folder under functions/ needs a handler.ts`);
    this.name = 'MissingHandlerError';
  }
}

export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The layers holding the packages this function leaves out of its bundle (FUNCTION_LAYERS). */
  readonly layers: Partial<Record<LayerPackage, LayerVersion>> = {};

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const entry = entryOf(props.name);
    if (!existsSync(entry)) throw new MissingHandlerError(entry);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to
    // any log group: this one writes to the function's own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `promisegap ${props.name} function`,
    });
    this.logGroup.grantWrite(role);

    // One layer per package the bundle leaves external, copied from node_modules at synth time.
    for (const packageName of FUNCTION_LAYERS[props.name]) {
      const staged = stageLayerPackage(packageName);
      this.layers[packageName] = new LayerVersion(this, `Layer-${packageName}`, {
        code: Code.fromAsset(staged.dir),
        compatibleRuntimes: [Runtime.NODEJS_22_X],
        compatibleArchitectures: [Architecture.ARM_64],
        description: `${packageName} ${staged.version} for promisegap ${props.name}, loaded lazily from /opt/nodejs/node_modules`,
        license: staged.license,
      });
    }

    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      role,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      layers: Object.values(this.layers),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: `promisegap-${props.name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.stage]: props.stage,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: ESBUILD_OPTIONS.minify,
        sourceMap: ESBUILD_OPTIONS.sourcemap,
        target: ESBUILD_OPTIONS.target,
        format: OutputFormat.ESM,
        mainFields: [...ESBUILD_OPTIONS.mainFields],
        banner: ESBUILD_OPTIONS.banner.js,
        bundleAwsSDK: BUNDLE_AWS_SDK,
        // Explicit, so it must name the SDK itself when it is not bundled (CDK's default
        // externals apply only when externalModules is unset).
        externalModules: externalModulesOf(props.name),
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        // esbuild's per-bundle size table is noise in `cdk synth --quiet`; warnings still show.
        logLevel: LogLevel.WARNING,
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this project targets and tests (issue 10); moving to a newer one is a deliberate change.',
    });
  }

  /** Sets the table variable and grants the given access on the table and the indexes the store queries. */
  bindTable(table: ITableV2, access: TableAccess[]): this {
    this.fn.addEnvironment(ENV.tableName, table.tableName);
    const actions = access.flatMap((a) => TABLE_ACTIONS[a]);
    const resources = [table.tableArn];
    if (access.includes('read')) {
      for (const index of TABLE_SCHEMA.indexes) resources.push(`${table.tableArn}/index/${index.name}`);
    }
    this.fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    return this;
  }

  /** Sets `variable` to the queue URL and grants sending to that queue only. */
  bindQueueSender(queue: IQueue, variable: string): this {
    this.fn.addEnvironment(variable, queue.queueUrl);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [queue.queueArn],
      }),
    );
    return this;
  }

  /** The region's ARN of an SES identity, for scoping `ses:SendEmail`. */
  static sesIdentityArn(scope: Construct, identity: string): string {
    return Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
  }
}
