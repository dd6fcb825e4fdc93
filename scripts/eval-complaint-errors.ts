// `npx tsx scripts/eval-complaint-errors.ts [--verbose] [--class NAME]`: error analysis of the learned
// complaint reader over the cross-validated DEV predictions only (the same leave-source-out folds as
// `npm run eval:complaints`; the check split is never read). Prints, per category, false negatives and
// false positives; the isComplaint confusion; and the duration misses by kind (a wait the reader never
// saw, one an exclusion rule kept out, one the model rejected; a time of day, price, tenure, frequency or
// date read as a wait; how late something was). `--verbose` lists the texts behind each count (first 160
// characters); `--class NAME` lists only that class ("fn:uptime", "fp:other", "complaint:fn", "dur:missed").

import type { Mention } from '../packages/complaints/durations.ts';
import {
  DEFAULT_COMPLAINT_TRAINING,
  decide,
  featurise,
  labelMinutes,
  trainComplaintModel,
} from '../packages/complaints/model.ts';
import { CATEGORIES } from '../packages/core/index.ts';
import {
  companyWords,
  emptyTally,
  figures,
  loadDev,
  loadVariation,
  sourceFolds,
  tallyItem,
} from './complaints-corpus.ts';

const K = 5;
const verbose = process.argv.includes('--verbose');
const only = process.argv[process.argv.indexOf('--class') + 1];
const showClass = process.argv.includes('--class') ? only : undefined;

const dev = loadDev();
const variation = loadVariation();
const folds = sourceFolds(dev, K);
const devFeatures = featurise(dev);
const variationFeatures = featurise(variation);
const options = { ...DEFAULT_COMPLAINT_TRAINING, excludedWords: companyWords(dev) };

const classes = new Map<string, string[]>();
const note = (name: string, line: string) => {
  const list = classes.get(name) ?? [];
  list.push(line);
  classes.set(name, list);
};
const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 160);

/** Why a mention that is not a labelled wait was read as one: what its context looks like. */
const falseKind = (m: Mention): string => {
  const c = m.context;
  if (/\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b/i.test(c.clause)) return 'time of day nearby';
  if (/[$£€]\s?\d|\b\d+\s?(?:dollars|pounds|euros|bucks)\b/i.test(c.clause)) return 'price nearby';
  if (/\b(?:customer|member|subscriber|client|user)s?\b|\bbeen with\b|\bold\b/i.test(c.clause))
    return 'tenure or age';
  if (/\b(?:every|each|per|times|once|twice)\b/i.test(c.before)) return 'frequency';
  if (/^\s*(?:late|overdue|behind)\b/i.test(c.after)) return 'lateness (labelled otherwise)';
  if (/\b(?:within|promised|said|told|supposed|estimated|quoted|up to)\b/i.test(c.beforePhrase))
    return 'promised or estimated time';
  if (/^\s*ago\b/i.test(c.after)) return '"ago" (an age of the event)';
  return 'other';
};

const tally = emptyTally();
for (let k = 0; k < K; k++) {
  const train = [...devFeatures.filter((_, i) => folds[i] !== k), ...variationFeatures];
  const model = trainComplaintModel(train, options);
  devFeatures.forEach((it, i) => {
    if (folds[i] !== k) return;
    const got = decide(model, it.features);
    tallyItem(tally, it.label, got);
    const text = short(it.label.text);
    const gold = new Set(it.label.categories.filter((c) => c !== 'none'));
    const p = got.probabilities;
    const rules = new Set(it.features.reading.categories);
    for (const c of CATEGORIES) {
      const has = got.categories.includes(c);
      const tag = `p=${p.categories[c].toFixed(2)} rule=${rules.has(c) ? 'y' : 'n'}`;
      if (gold.has(c) && !has)
        note(`fn:${c}`, `${tag} complaint=${got.isComplaint} gold=[${[...gold]}] | ${text}`);
      if (!gold.has(c) && has) note(`fp:${c}`, `${tag} gold=[${[...gold]}] | ${text}`);
    }
    if (it.label.is_complaint && !got.isComplaint)
      note('complaint:fn', `p=${p.isComplaint.toFixed(2)} | ${text}`);
    if (!it.label.is_complaint && got.isComplaint)
      note('complaint:fp', `p=${p.isComplaint.toFixed(2)} cats=[${got.categories}] | ${text}`);
    // Durations: which labelled waits were missed, and why; which reported ones are not labelled.
    const mentions = it.features.mentions;
    const left = got.durations.map(labelMinutes);
    const wanted = it.label.durations.map(labelMinutes);
    /** Why a labelled wait was not reported. */
    const whyMissed = (minutes: number): string => {
      if (!got.isComplaint) return 'item not a complaint';
      const seen = mentions.filter((m) => m.minutes === minutes);
      if (seen.length === 0) return 'never read';
      const hard = seen.find((m) => m.mention.excludedBy);
      if (hard) return `excluded (${hard.mention.excludedBy})`;
      const at = mentions.indexOf(seen[0] as (typeof mentions)[number]);
      return `model rejected (p=${(p.durations[at] ?? 0).toFixed(1)})`;
    };
    it.label.durations.forEach((d, j) => {
      const minutes = wanted[j] as number;
      const at = left.indexOf(minutes);
      if (at >= 0) {
        left.splice(at, 1);
        return;
      }
      const late = /\b(?:late|overdue|behind)\b/i.test(d.quote ?? '') ? ' [late]' : '';
      note(`dur:missed:${whyMissed(minutes)}${late}`, `"${d.quote ?? ''}" ${d.value} ${d.unit} | ${text}`);
    });
    for (const minutes of left) {
      const m = mentions.find((x) => x.minutes === minutes);
      const kind = m ? falseKind(m.mention) : 'other';
      note(`dur:false:${kind}`, `"${m?.mention.quote ?? minutes}" | ${text}`);
    }
  });
}

const f = figures(tally);
const fmt = (x: number) => x.toFixed(3);
const count = (name: string) => classes.get(name)?.length ?? 0;
console.log('category            gold   FN   FP');
for (const c of CATEGORIES) {
  const gold = dev.filter((d) => d.categories.includes(c)).length;
  console.log(
    `${c.padEnd(19)} ${String(gold).padStart(4)} ${String(count(`fn:${c}`)).padStart(4)} ${String(count(`fp:${c}`)).padStart(4)}`,
  );
}
const complaints = dev.filter((d) => d.is_complaint).length;
console.log(
  `isComplaint: ${complaints} complaints, ${count('complaint:fn')} read as not; ${dev.length - complaints} not, ${count('complaint:fp')} read as complaints`,
);
console.log('durations:');
for (const [name, list] of [...classes].filter(([n]) => n.startsWith('dur:')).sort())
  console.log(`  ${name.slice(4).padEnd(70)} ${list.length}`);
for (const [name, list] of [...classes].sort()) {
  if (showClass !== undefined ? !name.startsWith(showClass) : !verbose) continue;
  console.log(`\n== ${name} (${list.length})`);
  for (const line of list) console.log(`  ${line}`);
}
console.log(
  `\ncv complaint category F1 ${fmt(f.category)}, duration F1 ${fmt(f.duration)}, isComplaint accuracy ${fmt(f.accuracy)}`,
);
