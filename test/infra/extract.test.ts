import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synth } from './synth.ts';

describe('extract: snapshot queue and extractor', () => {
  let s: Synthesised;
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    s.stateless.getLogicalId(construct.node.defaultChild as never);
  beforeAll(() => {
    s = synth();
  });

  it('dead-letters a snapshot after three failed extractions', () => {
    s.stack.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [id(s.stateless.extract.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 3,
      },
    });
  });

  it('reads the queue in batches and reports each failed record on its own', () => {
    s.stack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(s.stateless.extract.queue), 'Arn'] },
      FunctionName: { Ref: id(s.stateless.extract.fn.fn) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('loads unpdf from a Node.js 22 ARM64 layer that only the extractor has', () => {
    const layer = s.stateless.extract.fn.layers.unpdf;
    expect(layer).toBeDefined();
    s.stack.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleRuntimes: ['nodejs22.x'],
      CompatibleArchitectures: ['arm64'],
      Description: Match.stringLikeRegexp('^unpdf '),
    });
    s.stack.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Extracts promises'),
      Layers: [{ Ref: id(layer as never) }],
    });
    const withLayers = Object.values(s.stack.findResources('AWS::Lambda::Function')).filter(
      (fn) => (fn as { Properties: { Layers?: unknown } }).Properties.Layers,
    );
    expect(withLayers).toHaveLength(1);
  });

  it('gives the extractor time and memory for PDFs, and the table', () => {
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Extracts promises'),
      Timeout: 120,
      MemorySize: 1536,
      Environment: { Variables: Match.objectLike({ PROMISEGAP_TABLE: Match.anyValue() }) },
    });
  });
});
