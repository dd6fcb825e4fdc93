import { describe, expect, it } from 'vitest';
import { textToBlocks } from '../../../packages/extract/blocks.ts';
import { decide, prepare } from '../../../packages/extract/decide.ts';
import { htmlToBlocks } from '../../../packages/extract/html.ts';
import { promiseModels } from '../../../packages/extract/learned.ts';
import {
  FeatureTable,
  FNV_OFFSET,
  featureHash,
  fnvStep,
  loadModel,
  packModel,
} from '../../../packages/extract/linear.ts';
import stored from '../../../packages/extract/model/promises.json' with { type: 'json' };

const PAGE = [
  '# Hartwell Boilers: service promise',
  'We answer every breakdown call within 2 hours, day or night.',
  'An engineer visits within 24 hours of your call, or we refund the call-out fee.',
  '| Plan | First response | Fix |',
  '| --- | --- | --- |',
  '| Basic | 8 business hours | 5 business days |',
  '| Premier | 1 hour | next business day |',
  'Last winter we fixed 96% of faults on the first visit.',
  'You must give us 14 days notice to cancel. Refunds are paid within 10 working days.',
].join('\n');

describe('features scored as hashes', () => {
  it('hashes a feature built from parts as the text of the joined parts', () => {
    const parts = fnvStep(fnvStep(fnvStep(FNV_OFFSET, 'LL:'), 'respond'), '_within');
    expect(parts).toBe(featureHash('LL:respond_within'));
    expect(featureHash('L1:within')).not.toBe(featureHash('R1:within'));
  });

  it('gives every candidate the same features whether they are read as text or as hashes', () => {
    for (const blocks of [textToBlocks(PAGE), htmlToBlocks(`<main>${PAGE.replace(/\n/g, '<br>')}</main>`)]) {
      const asText = prepare(blocks, 'x', { strings: true });
      const asHashes = prepare(blocks, 'x');
      expect(asText.candidates.length).toBeGreaterThan(4);
      expect(asHashes.hashed.map((h) => [...h.hashes])).toEqual(asText.hashed.map((h) => [...h.hashes]));
      expect(asHashes.hashed.map((h) => h.veto)).toEqual(asText.hashed.map((h) => h.veto));
      // Past results ("last winter we fixed 96%") and the customer's duty are vetoed.
      expect(asHashes.hashed.some((h) => h.veto)).toBe(true);
      expect(decide(asHashes, promiseModels())).toEqual(decide(asText, promiseModels()));
    }
  });

  it('scores a string feature list exactly as the stored weights say', () => {
    const model = loadModel({ classes: ['no', 'yes'], weights: { a: '1:2', b: '0:1 1:-1' } });
    const p = model.predict(['a', 'b', 'unknown']);
    const e = Math.exp(1) / (Math.exp(1) + Math.exp(1));
    expect(p[1]).toBeCloseTo(e, 12);
    expect(model.predictHashed([featureHash('a')])[1]).toBeCloseTo(Math.exp(2) / (1 + Math.exp(2)), 12);
  });

  it('stores the committed model compactly, without two features sharing a hash', () => {
    const models = stored as unknown as Record<string, { classes: string[]; packed: string }>;
    for (const part of ['category', 'operator', 'tier', 'severity'] as const) {
      const model = models[part];
      expect(model?.packed.length).toBeGreaterThan(1000);
      const names = (model?.packed ?? '').split('\n').map((line) => line.slice(0, line.indexOf('\t')));
      const table = new FeatureTable(names.map(featureHash));
      expect(table.collisions).toBe(0);
      expect(table.size).toBe(names.length);
    }
  });

  it('reads the compact form as the weights it was packed from', () => {
    const weights = { 'L1:within': '2:0.41 5:-0.2', bias: '0:1.07' };
    const plain = loadModel({ classes: ['a', 'b', 'c', 'd', 'e', 'f'], weights });
    const packed = packModel({ classes: ['a', 'b', 'c', 'd', 'e', 'f'], weights });
    expect(packed.packed).toBe('L1:within\t2:41 5:-20\nbias\t0:107');
    expect(loadModel(packed).predict(['L1:within', 'bias'])).toEqual(plain.predict(['L1:within', 'bias']));
  });
});
