// A small multinomial logistic regression over sparse string features: trained deterministically
// (fixed seed, inputs in a fixed order, AdaGrad with L2), pruned to the weights that matter, and
// stored as JSON. It is the learned decision of the extractor: one model per question.

export interface Example {
  features: readonly string[];
  /** Index into the model's classes. */
  label: number;
  /** How much this example counts (1 unless said). */
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Features seen in fewer training examples are left out. */
  minCount: number;
  /** Weights smaller than this (in absolute value) are dropped from the stored model. */
  prune: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 8,
  learningRate: 0.1,
  l2: 3e-3,
  seed: 20_261_203,
  minCount: 3,
  prune: 0.05,
};

/** A trained model as stored: per feature, the classes it weighs and by how much ("2:0.41 5:-0.2"). */
export interface StoredModel {
  classes: string[];
  weights: Record<string, string>;
}

/**
 * The compact form the committed model file holds: one string per model, a line per feature
 * ("L1:within<TAB>2:41 5:-20", weights in hundredths). A bundle parses one string literal instead of
 * an object of thousands of keys, which keeps the extract function's cold start short.
 */
export interface PackedModel {
  classes: string[];
  packed: string;
}

/** The stored model in its compact form (same weights: hundredths are what training keeps). */
export const packModel = (stored: StoredModel): PackedModel => {
  const lines: string[] = [];
  for (const [f, encoded] of Object.entries(stored.weights)) {
    if (/[\t\n]/.test(f)) throw new Error(`packModel: feature ${JSON.stringify(f)} holds a tab or newline`);
    const parts = encoded.split(' ').map((part) => {
      const [c, v] = part.split(':');
      return `${c}:${Math.round(Number(v) * 100)}`;
    });
    lines.push(`${f}\t${parts.join(' ')}`);
  }
  return { classes: stored.classes, packed: lines.join('\n') };
};

/** The weights of a model in either stored form, as feature → "class:weight …" with weights as numbers. */
const entriesOf = (stored: StoredModel | PackedModel): [string, [number, number][]][] => {
  const decode = (encoded: string, scale: number): [number, number][] =>
    encoded.split(' ').map((part) => {
      const colon = part.indexOf(':');
      return [Number(part.slice(0, colon)), Number(part.slice(colon + 1)) / scale];
    });
  if ('packed' in stored) {
    if (stored.packed === '') return [];
    return stored.packed.split('\n').map((line) => {
      const tab = line.indexOf('\t');
      return [line.slice(0, tab), decode(line.slice(tab + 1), 100)];
    });
  }
  return Object.entries(stored.weights).map(([f, encoded]) => [f, decode(encoded, 1)]);
};

export interface LinearModel {
  classes: readonly string[];
  /** Per class, the probability of each class for these features. */
  predict(features: readonly string[]): number[];
  /** The same, for features given as their hashes (featureHash). */
  predictHashed(hashes: ArrayLike<number>): number[];
}

/** mulberry32: a small seeded generator, so a shuffle is the same on every run. */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const softmax = (scores: number[]): number[] => {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  const out = scores.map((s) => {
    const e = Math.exp(s - max);
    sum += e;
    return e;
  });
  return out.map((e) => e / sum);
};

/** Trains a model; the same examples and options always give the same weights. */
export const train = (
  classes: readonly string[],
  examples: readonly Example[],
  options: TrainOptions = DEFAULT_TRAIN,
): StoredModel => {
  const k = classes.length;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of new Set(ex.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts]
    .filter(([, n]) => n >= options.minCount)
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((ex) => ({
    ids: [...new Set(ex.features)].map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    label: ex.label,
    weight: ex.weight ?? 1,
  }));
  const w = new Float64Array(names.length * k);
  const g2 = new Float64Array(names.length * k).fill(1e-6);
  const order = rows.map((_, i) => i);
  const next = random(options.seed);
  const scores = new Array<number>(k).fill(0);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    for (const r of order) {
      const row = rows[r];
      if (!row) continue;
      scores.fill(0);
      for (const id of row.ids)
        for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (w[id * k + c] ?? 0);
      const p = softmax(scores);
      for (const id of row.ids) {
        for (let c = 0; c < k; c++) {
          const at = id * k + c;
          const grad = row.weight * ((p[c] ?? 0) - (c === row.label ? 1 : 0)) + options.l2 * (w[at] ?? 0);
          g2[at] = (g2[at] ?? 0) + grad * grad;
          w[at] = (w[at] ?? 0) - (options.learningRate * grad) / Math.sqrt(g2[at] ?? 1);
        }
      }
    }
  }
  const weights: Record<string, string> = {};
  names.forEach((f, id) => {
    const parts: string[] = [];
    for (let c = 0; c < k; c++) {
      const v = w[id * k + c] ?? 0;
      if (Math.abs(v) >= options.prune) parts.push(`${c}:${Number(v.toFixed(2))}`);
    }
    if (parts.length > 0) weights[f] = parts.join(' ');
  });
  return { classes: [...classes], weights };
};

// Features are looked up by a 32-bit FNV-1a hash of their text. The hash of a concatenation is the
// hash of its parts fed one after another, so the extractor hashes "L1:" and the token before a
// figure without ever building the string "L1:resolve"; strings are hashed the same way.

export const FNV_OFFSET = 0x811c9dc5 | 0;

/** Feeds a string's UTF-16 code units into an FNV-1a state. */
export const fnvStep = (state: number, s: string): number => {
  let h = state;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
};

/** The hash a feature is stored and looked up under. */
export const featureHash = (feature: string): number => fnvStep(FNV_OFFSET, feature);

/** An open-addressing table from feature hashes to weight rows, built once when a model loads. */
export class FeatureTable {
  private readonly keys: Int32Array;
  /** Row index + 1 per slot; 0 marks an empty slot. */
  private readonly rows: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  /** Stored features whose hashes collided with an earlier one (their rows are added together). */
  readonly collisions: number;
  readonly size: number;

  constructor(hashes: readonly number[]) {
    let bits = 4;
    while (1 << bits < hashes.length * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.rows = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    let collisions = 0;
    let size = 0;
    hashes.forEach((h, row) => {
      if (this.row(h) >= 0) {
        collisions++;
        return;
      }
      let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
      while (this.rows[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = h;
      this.rows[i] = row + 1;
      size++;
    });
    this.collisions = collisions;
    this.size = size;
  }

  /** The weight row of a feature hash, or -1. */
  row(hash: number): number {
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const r = this.rows[i] ?? 0;
      if (r === 0) return -1;
      if (this.keys[i] === hash) return r - 1;
      i = (i + 1) & this.mask;
    }
  }
}

/** Turns a stored model into one that predicts; its weights are decoded once, into typed arrays. */
export const loadModel = (stored: StoredModel | PackedModel): LinearModel => {
  const k = stored.classes.length;
  const entries = entriesOf(stored);
  const hashes = entries.map(([f]) => featureHash(f));
  const table = new FeatureTable(hashes);
  const weights = new Float64Array(entries.length * k);
  entries.forEach(([, parts], i) => {
    // A feature whose hash an earlier feature took adds its weights to that feature's row.
    const row = table.row(hashes[i] ?? 0);
    for (const [c, v] of parts) weights[row * k + c] = (weights[row * k + c] ?? 0) + v;
  });
  const scores = new Float64Array(k);
  const add = (hash: number) => {
    const row = table.row(hash);
    if (row < 0) return;
    const base = row * k;
    for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (weights[base + c] ?? 0);
  };
  const finish = (): number[] => {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if ((scores[c] ?? 0) > max) max = scores[c] ?? 0;
    let sum = 0;
    const out = new Array<number>(k);
    for (let c = 0; c < k; c++) {
      const e = Math.exp((scores[c] ?? 0) - max);
      out[c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) / sum;
    return out;
  };
  return {
    classes: stored.classes,
    /** Features are expected distinct (as the extractor builds them); a repeat would count twice. */
    predict(features) {
      scores.fill(0);
      for (const f of features) add(featureHash(f));
      return finish();
    },
    predictHashed(hashes) {
      scores.fill(0);
      for (let i = 0; i < hashes.length; i++) add(hashes[i] ?? 0);
      return finish();
    },
  };
};
