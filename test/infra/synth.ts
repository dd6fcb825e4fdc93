// Builds the app for assertion tests: a small fixture config and no esbuild bundling, so a
// synthesis takes a second (the real bundling runs in `npx cdk synth` and bench:cold-start).

import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type PromisegapApp } from '../../infra/app.ts';

export const FIXTURE_CONFIG = 'test/infra/fixtures/config.json';

export const synthApp = (context: Record<string, unknown> = {}): PromisegapApp =>
  buildApp({
    context: { config: FIXTURE_CONFIG, 'aws:cdk:bundling-stacks': [], ...context },
    cloudFormationLint: false,
  });

export interface Synthesised extends PromisegapApp {
  data: Template;
  stack: Template;
}

export const synth = (context: Record<string, unknown> = {}): Synthesised => {
  const built = synthApp(context);
  return {
    ...built,
    data: Template.fromStack(built.stateful),
    stack: Template.fromStack(built.stateless),
  };
};
