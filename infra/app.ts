// The CDK app: reads the deployment settings (config file and context), builds the stateful and
// stateless stacks for the stage, and checks both with cdk-nag's AwsSolutions rules.

import { resolve } from 'node:path';
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../packages/core/index.ts';
import { REPO_ROOT } from './bundling.ts';
import {
  type ContextReader,
  type DeploySettings,
  EXAMPLE_CONFIG_PATH,
  loadDeploySettings,
} from './config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface PromisegapApp {
  app: App;
  settings: DeploySettings;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export interface BuildOptions {
  context?: Record<string, unknown>;
  /** The CLI's default account and region, used when the context names none. */
  env?: { account?: string; region?: string };
  /**
   * aws-cdk-lib's built-in CloudFormation linter (cfn-lint in WebAssembly) on every synthesis:
   * on for `cdk synth`; assertion tests turn it off, it costs seconds per synthesis.
   */
  cloudFormationLint?: boolean;
  /** With `-c quiet=true`, drop aws-cdk-lib's "Bundling asset" lines from stderr (`cdk synth` only). */
  quietBundling?: boolean;
}

/**
 * `-c quiet=true` (npm run synth passes it beside `cdk synth --quiet`): the synthesis prints
 * nothing but errors and warnings. aws-cdk-lib writes a "Bundling asset …" line per function to
 * stderr whatever the CLI's flags; those lines are dropped, anything else the app writes is kept.
 */
const quietBundling = () => {
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && /^Bundling asset [^\n]*\.\.\.\n$/.test(chunk)) return true;
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
};

/** Builds the whole app; tests call it with their own context, `cdk synth` through main below. */
export const buildApp = (options: BuildOptions = {}): PromisegapApp => {
  const env = options.env ?? {};
  const app = new App({
    context: options.context ?? {},
    builtinCloudFormationValidation: options.cloudFormationLint ?? true,
  });
  const read: ContextReader = (key) => app.node.tryGetContext(key);
  const quiet = read('quiet');
  if (options.quietBundling && (quiet === true || quiet === 'true')) quietBundling();
  const settings = loadDeploySettings(read, REPO_ROOT);
  const name = `Promisegap-${settings.stage.stage}`;
  // An environment from the context or the CLI's defaults; with neither, the stacks stay
  // environment-agnostic, so synthesis never looks anything up.
  const stackEnv = {
    account: (read('account') as string | undefined) ?? env.account,
    region: (read('region') as string | undefined) ?? env.region,
  };

  const stateful = new StatefulStack(app, `${name}-Data`, {
    env: stackEnv,
    stage: settings.stage,
    description: `promisegap ${settings.stage.stage}: the table (kept across deploys)`,
    terminationProtection: settings.stage.retainData,
  });
  const stateless = new StatelessStack(app, `${name}-App`, {
    env: stackEnv,
    settings,
    table: stateful.table,
    description: `promisegap ${settings.stage.stage}: crawl, extraction, weekly digest, API and alarms`,
  });
  for (const warning of settings.warnings)
    Annotations.of(stateless).addWarningV2('promisegap:config', warning);
  // The fictitious example's warnings (relative example URLs, a crawl of private addresses) are
  // known: a quiet synthesis of the example (npm run synth) acknowledges them and prints nothing.
  // Any other config's warnings are its deployer's to read, quiet or not.
  const isExample = settings.configPath === resolve(REPO_ROOT, EXAMPLE_CONFIG_PATH);
  if (isExample && (quiet === true || quiet === 'true') && settings.warnings.length > 0) {
    Annotations.of(stateless).acknowledgeWarning(
      'promisegap:config',
      'the fictitious example company: its relative sources and private addresses are known',
    );
  }

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, stateful, stateless };
};

const isMain = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (isMain) {
  try {
    // Both stacks are marked for the CLI's validation, so a synth that prints one stack's template
    // (npm run synth selects the App stack: the CLI prints nothing more for one stack) still
    // reports every stack's errors.
    buildApp({
      quietBundling: true,
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    }).app.synth({ validateOnSynthesis: true });
  } catch (error) {
    // A config problem is the deployer's to fix: say what, not where in our code.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`promisegap: ${error.message}\n`);
    process.exitCode = 1;
  }
}
