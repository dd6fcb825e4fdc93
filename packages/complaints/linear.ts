// A small sparse logistic regression: deterministic training (seeded order, fixed epochs) and scoring.
// The complaint reader's learned decisions (is it a complaint, each category, each duration mention) are
// one such model each, over string features (words, the rule tables' verdicts, context words).

/** One learned yes/no decision: a bias and a weight per feature name (absent features weigh 0). */
export interface LinearHead {
  bias: number;
  weights: Record<string, number>;
}

export interface TrainingExample {
  features: readonly string[];
  label: boolean;
  /** How much the example counts (default 1). */
  weight?: number;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  /** Seed of the example order; the same seed and data give the same model. */
  seed: number;
  /** Weights smaller than this (in absolute value) are dropped from the stored model. */
  prune: number;
  /** A feature's own pruning threshold, when it differs (default: prune for all). */
  pruneFor?: (feature: string) => number;
  /** Weight of positive examples relative to negatives (for rare categories). */
  positiveWeight?: number;
  /** L2 multiplier per feature (default 1): words can be held closer to zero than the rules' verdicts. */
  penalty?: (feature: string) => number;
  /** AdaGrad step sizes (every feature learns as fast) or plain decaying SGD (rare features learn slowly). */
  adaptive?: boolean;
  /**
   * Train again on the features that survived pruning only (a small model that keeps most of the large
   * one's accuracy: the dropped features' share goes to the kept ones).
   */
  refit?: boolean;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 40,
  learningRate: 0.2,
  l2: 1e-4,
  seed: 7,
  prune: 0.01,
};

/** Mulberry32: a tiny seeded generator, so training order never depends on Math.random. */
const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Each head's weights as a Map, built once per head (lookups in a large plain object are slow). */
const COMPILED = new WeakMap<LinearHead, Map<string, number>>();

/** The model's probability that the features say yes. */
export const probability = (head: LinearHead, features: readonly string[]): number => {
  let weights = COMPILED.get(head);
  if (!weights) {
    weights = new Map(Object.entries(head.weights));
    COMPILED.set(head, weights);
  }
  let z = head.bias;
  for (const f of features) z += weights.get(f) ?? 0;
  return sigmoid(z);
};

/**
 * Trains one head by stochastic gradient descent with AdaGrad step sizes and L2 shrinkage. Features are
 * binary (a name listed twice counts once). Deterministic: the order of examples comes from the seed.
 */
export const trainLogistic = (
  examples: readonly TrainingExample[],
  options: TrainingOptions = DEFAULT_TRAINING,
): LinearHead => {
  const first = trainOnce(examples, options);
  if (!options.refit) return first;
  const kept = new Set(Object.keys(first.weights));
  return trainOnce(
    examples.map((e) => ({ ...e, features: e.features.filter((f) => kept.has(f)) })),
    { ...options, prune: options.prune / 4, pruneFor: undefined },
  );
};

const trainOnce = (examples: readonly TrainingExample[], options: TrainingOptions): LinearHead => {
  const index = new Map<string, number>();
  const rows = examples.map((e) => {
    const ids = new Set<number>();
    for (const f of e.features) {
      let id = index.get(f);
      if (id === undefined) {
        id = index.size;
        index.set(f, id);
      }
      ids.add(id);
    }
    const weight = (e.weight ?? 1) * (e.label ? (options.positiveWeight ?? 1) : 1);
    return { ids: [...ids], y: e.label ? 1 : 0, weight };
  });
  const w = new Float64Array(index.size);
  const g2 = new Float64Array(index.size).fill(1e-8);
  const penalty = new Float64Array(index.size).fill(1);
  if (options.penalty) for (const [name, id] of index) penalty[id] = options.penalty(name);
  const adaptive = options.adaptive ?? true;
  let step = 0;
  let bias = 0;
  let biasG2 = 1e-8;
  const random = seeded(options.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const r of order) {
      const row = rows[r];
      if (!row) continue;
      let z = bias;
      for (const id of row.ids) z += w[id] as number;
      const grad = (sigmoid(z) - row.y) * row.weight;
      if (adaptive) {
        biasG2 += grad * grad;
        bias -= (options.learningRate / Math.sqrt(biasG2)) * grad;
        for (const id of row.ids) {
          const wi = w[id] as number;
          const gi = grad + options.l2 * (penalty[id] as number) * wi;
          g2[id] = (g2[id] as number) + gi * gi;
          w[id] = wi - (options.learningRate / Math.sqrt(g2[id] as number)) * gi;
        }
      } else {
        const rate = options.learningRate / (1 + step++ / rows.length);
        bias -= rate * grad;
        for (const id of row.ids) {
          const wi = w[id] as number;
          w[id] = wi - rate * (grad + options.l2 * (penalty[id] as number) * wi);
        }
      }
    }
  }
  const weights: Record<string, number> = {};
  const names = [...index.keys()].sort();
  for (const name of names) {
    const id = index.get(name);
    if (id === undefined) continue;
    const value = w[id] as number;
    const threshold = options.pruneFor ? options.pruneFor(name) : options.prune;
    if (Math.abs(value) >= threshold) weights[name] = Math.round(value * 1000) / 1000;
  }
  return { bias: Math.round(bias * 1000) / 1000, weights };
};
