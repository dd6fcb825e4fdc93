// Qualifier assignment: which of the strings around a candidate names its plan (tier) and which its
// priority level (severity). Every context string is a slot (the column header, the row label, the
// headings above, the short lines before it, the name before a colon, the plan the sentence
// addresses, the rules' own answer); a small learned model scores each slot for each role and the
// best slot above even odds wins. The other qualifiers (channel, window, target, hedge, condition)
// are read from the sentence by the rule tables.

import type { Category, ExtractedPromise, Qualifiers } from '../core/index.ts';
import type { Candidate } from './candidates.ts';
import { tokens } from './features.ts';
import type { LinearModel } from './linear.ts';
import { ANY_CATEGORY, categoriesIn, sentenceFacts } from './rule-verdicts.ts';
import { CHANNEL_RULES, SEVERITY, TIER_HEADING, WINDOW_RULES } from './rules.ts';

export type Role = 'tier' | 'severity';

const SEVERAL_PLANS = /\b(?:and|or)\b|[,&/]|^\s*(?:every|all|any|each)\b/i;

export interface Slot {
  name: string;
  value: string;
  /** For a heading: its section is laid out like a sibling section's (plans side by side). */
  parallel?: boolean;
  /** For a cell of the row: the header of its column ("Plan", "Priority"), which says what it names. */
  column?: string;
}

/** "Pro: within 2 hours", "Level 1: fixed within a day": the name before a colon ahead of the figure. */
const INLINE_NAME = /(?:^|[;,.(]\s*)([A-Za-z][\w+&/ -]{0,40}?)(?:\s*[:–—]|\s+-)\s*[^:]*$/;

/**
 * A plan named in the sentence by the noun that says it is one: "on the Express account", "for
 * enterprise clients", "a monthly plan member", "the annual membership".
 */
const NAMED_PLAN =
  /\b((?:[A-Z][\w+&-]*\s+){0,3}[A-Z][\w+&-]*|[a-z][\w-]+)\s+(?:plans?|tiers?|subscriptions?|memberships?|accounts?|editions?|packages?|clients?|members?|subscribers?|licen[cs]es?|contracts?|customers?)\b/g;
const NOT_A_NAME =
  /^(?:the|a|an|our|your|their|its|this|that|these|those|every|all|any|each|which|what|no|per|other|new|existing|some|most|many|and|or|of|for|on|in|to|with|by|from|as|is|are|be|under|paying|eligible|business|individual|service)$/i;

/** The plan the sentence names nearest the figure, if it names one. */
const namedPlan = (sentence: string, at: number): string | undefined => {
  if (sentence.length > 400) return undefined;
  let best: string | undefined;
  let distance = Number.POSITIVE_INFINITY;
  NAMED_PLAN.lastIndex = 0;
  for (let m = NAMED_PLAN.exec(sentence); m; m = NAMED_PLAN.exec(sentence)) {
    const words = (m[1] ?? '').split(/\s+/);
    while (words.length > 0 && NOT_A_NAME.test(words[0] ?? '')) words.shift();
    if (words.length === 0) continue;
    const d = Math.abs(m.index - at);
    if (d < distance) {
      distance = d;
      best = m[0].slice(m[0].indexOf(words[0] ?? ''));
    }
  }
  return best;
};

/** A figure with its unit, as it ends before the next "name: figure" pair of one cell. */
const FIGURE_BEFORE =
  /\d+(?:[.,]\d+)?\s*(?:%|h|hrs?|hours?|mins?|minutes?|days?|weeks?|months?|seconds?|(?:business|working)\s+(?:hours?|days?))\b[*¹²³†]*/gi;

const SEVERAL_CODES = /\b(?:P|S|Sev(?:erity)?[\s-]*|Priority[\s-]*|Level[\s-]*)[0-5]\b/gi;

/** A level named in words with what it grades: "critical issues", "high-priority tickets". */
const LEVEL_PHRASE =
  /\b((?:critical|urgent|non-urgent|emergency|routine|high|medium|moderate|normal|low|minor|major|severe|blocker)(?:[- ](?:priority|severity|impact))?)\s+(?:issues?|incidents?|tickets?|requests?|cases?|problems?|faults?|bugs?|defects?|repairs?|errors?|calls?|outages?)\b/gi;

/** The level phrase of a clause nearest its figure, when the clause names one. */
const nearestLevel = (text: string, at: number): string | undefined => {
  if (text.length > 400) return undefined;
  let best: string | undefined;
  let distance = Number.POSITIVE_INFINITY;
  for (const m of levelPhrases(text)) {
    const d = Math.abs(m.index - at);
    if (d < distance) {
      distance = d;
      best = m.phrase;
    }
  }
  return best;
};

/** The level phrases of a clause, read once per document for all of its figures. */
const levelCache = new Map<string, { index: number; phrase: string | undefined }[]>();
const levelPhrases = (text: string): { index: number; phrase: string | undefined }[] => {
  let found = levelCache.get(text);
  if (!found) {
    found = [...text.matchAll(LEVEL_PHRASE)].map((m) => ({ index: m.index ?? 0, phrase: m[1] }));
    if (levelCache.size >= 5_000) levelCache.clear();
    levelCache.set(text, found);
  }
  return found;
};

const clean = (value: string): string =>
  value
    .replace(/[*¹²³†]+/g, '')
    .replace(/\s*[:|–—-]+\s*$/, '')
    .trim();

/** The context strings of a candidate that may name its plan or its priority level. */
export const slotsOf = (c: Candidate, verdict: ExtractedPromise | undefined): Slot[] => {
  const slots: Slot[] = [];
  const add = (name: string, value: string | undefined, column?: string) => {
    const v = value ? clean(value) : '';
    if (v && v.length <= 120)
      slots.push(column ? { name, value: v, column: clean(column) } : { name, value: v });
  };
  if (c.blockKind === 'row') {
    add('header', c.header);
    add('group', c.headerGroup);
    add('rowLabel', c.rowLabel);
    // The row's other label cells, each with its column's header: a second label column before
    // the figure ("Sev 2 | Web | 4 hours"), or labels after it ("2 hours | High | Gold").
    const cells = c.cells ?? [];
    const first = cells.findIndex((cell) => cell !== '');
    let before = 0;
    let after = 0;
    cells.forEach((cell, i) => {
      if (i === c.cell || i === first || cell === '' || cell.length > 60) return;
      if (/\d/.test(cell) && !SEVERITY.test(cell)) return;
      const column = c.headerRow?.[i];
      if (i < (c.cell ?? 0) && before++ < 2) add(before === 1 ? 'cell' : 'cell2', cell, column);
      else if (i > (c.cell ?? 0) && after++ < 2) add(after === 1 ? 'after' : 'after2', cell, column);
    });
  }
  add('heading0', c.headings[0]);
  add('heading1', c.headings[1]);
  add('heading2', c.headings[2]);
  c.parallel?.slice(0, 3).forEach((p, i) => {
    const slot = slots.find((s) => s.name === `heading${i}`);
    if (p && slot) slot.parallel = true;
  });
  add('leadLabel', c.leadLabel);
  // A recovered row's header came from the lines above it: they are its header slot already.
  if (c.blockKind !== 'row') {
    add('previous0', c.previous[0]);
    add('previous1', c.previous[1]);
  }
  // Only the words just before the figure can name it (and a long clause must not cost a long scan).
  // In a cell of several "name: figure" pairs ("P1: 2 hours P2: 4 hours"), only the words after the
  // figure before it name this one.
  const before = c.text.slice(Math.max(0, c.figure.start - 60), c.figure.start);
  let from = 0;
  for (const m of before.matchAll(FIGURE_BEFORE)) from = (m.index ?? 0) + m[0].length;
  const inline = INLINE_NAME.exec(before.slice(from).trimStart())?.[1];
  add('inline', inline);
  // The words that open the line before its first figure: a flattened row's label.
  const prefix = c.text.slice(0, c.figure.start).trim();
  if (c.valueLine && c.blockKind !== 'row' && prefix.length > 0 && prefix.length <= 60 && !/\d/.test(prefix))
    add('prefix', prefix.split(/\s+/).slice(0, 6).join(' '));
  add('levelPhrase', nearestLevel(c.text, c.figure.start));
  if (c.blockKind !== 'row') {
    const at = c.quote.indexOf(c.text);
    add('named', namedPlan(c.quote, Math.max(0, at) + c.figure.start));
  }
  const facts = sentenceFacts(c.text);
  add('audience', facts.audience);
  // A clause naming several levels ("P1: 2 hours P2: 4 hours") leaves each figure to the name
  // just before it: the clause's first level, the rules' answer too, names only the first figure.
  const levels = new Set((c.text.match(SEVERAL_CODES) ?? []).map((m) => m.toLowerCase().replace(/\W/g, '')));
  const ownLevel = inline !== undefined && SEVERITY.test(inline);
  if (levels.size < 2 || !ownLevel) add('code', facts.severityCode);
  add('ruleTier', verdict?.qualifiers.tier);
  if (levels.size < 2 || !ownLevel) add('ruleSeverity', verdict?.qualifiers.severity);
  return slots;
};

const METRIC_WORDS =
  /\b(?:time|times|response|resolution|target|goal|sla|uptime|credit|availability|hours|percentage|expectations?|days?|minutes?)\b/i;

/** Features of one slot for one role. */
export const slotFeatures = (
  slot: Slot,
  c: Candidate,
  verdict: ExtractedPromise | undefined,
  key: string = slotKey(slot, c, verdict),
): string[] => {
  let features = slotCache.get(key);
  if (!features) {
    features = [...new Set(readSlot(slot, c, verdict))];
    if (slotCache.size >= 5_000) slotCache.clear();
    slotCache.set(key, features);
  }
  return features;
};

// Slots repeat across the candidates of a document (one header over many rows): features and
// scores are computed once per document for each distinct slot.
const slotCache = new Map<string, string[]>();
const scoreCache: Record<Role, Map<string, number>> = { tier: new Map(), severity: new Map() };

// The first label of the document's host ("fernhollow" of fernhollow.example): a heading that is
// the company's own name is the page's title, not a plan, and the slot model is told so.
let documentHost = '';

/** Tells the slot features which document they read (its source URL). */
export const setDocumentSource = (source: string): void => {
  try {
    const labels = new URL(source).hostname.replace(/^www\./, '').split('.');
    documentHost = (labels.length > 2 && labels[0] && labels[0].length <= 3 ? labels[1] : labels[0]) ?? '';
  } catch {
    documentHost = '';
  }
  documentHost = documentHost.toLowerCase().replace(/[^a-z0-9]/g, '');
};

/** Whether a slot's value is the company's name as its host spells it ("Fernhollow", "Fern Hollow Ltd"). */
const namesCompany = (value: string): boolean => {
  if (documentHost.length < 4) return false;
  const joined = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (joined.length < 4) return false;
  return joined === documentHost || joined.startsWith(documentHost) || documentHost.startsWith(joined);
};

const COMPANY_SUFFIX = /(?:ltd|limited|inc|llc|plc|gmbh|group|company|co|corp|hq)$/;

/** Whether a slot's value is nothing but the company's name ("Fernhollow", "The Fernhollow Company"). */
export const isCompanyName = (value: string): boolean => {
  if (documentHost.length < 3) return false;
  const joined = value
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^the/, '');
  return joined === documentHost || joined.replace(COMPANY_SUFFIX, '') === documentHost;
};

/** Empties the per-document caches. */
export const clearSlotCache = (): void => {
  slotCache.clear();
  levelCache.clear();
  scoreCache.tier.clear();
  scoreCache.severity.clear();
};

const countPlanColumns = (headerRow: readonly string[]): number =>
  headerRow.slice(1).filter((h) => h && !METRIC_WORDS.test(h) && !/\d/.test(h)).length;
/** The plan columns of a header row, counted once per row (the candidates of a table share it). */
const planColumnsCache = new WeakMap<readonly string[], number>();
const planColumns = (c: Candidate): number => {
  if (!c.headerRow) return 0;
  let n = planColumnsCache.get(c.headerRow);
  if (n === undefined) {
    n = countPlanColumns(c.headerRow);
    planColumnsCache.set(c.headerRow, n);
  }
  return n;
};

/** What a slot's features depend on. */
const slotKey = (slot: Slot, c: Candidate, verdict: ExtractedPromise | undefined): string =>
  `${slot.name}\u0000${slot.value}\u0000${c.blockKind}\u0000${
    verdict?.qualifiers.tier === slot.value ? 't' : ''
  }\u0000${verdict?.qualifiers.severity === slot.value ? 's' : ''}\u0000${
    slot.name === 'rowLabel' ? (c.headerRow?.[0] ?? '') : ''
  }\u0000${slot.name === 'header' && c.headerRow ? Math.min(3, planColumns(c)) : ''}\u0000${slot.column ?? ''}\u0000${slot.parallel ? 'par' : ''}`;

const readSlot = (slot: Slot, c: Candidate, verdict: ExtractedPromise | undefined): string[] => {
  const v = slot.value;
  const out = [`slot:${slot.name}`, `bk:${c.blockKind}&slot:${slot.name}`];
  const words = tokens(v);
  for (const w of new Set(words.slice(0, 8))) out.push(`w:${w}`);
  out.push(`len:${Math.min(6, words.length)}`, `len:${Math.min(6, words.length)}&slot:${slot.name}`);
  if (/\d/.test(v)) out.push('digit', `digit&slot:${slot.name}`);
  if (SEVERITY.test(v)) out.push('sev', `sev&slot:${slot.name}`);
  if (TIER_HEADING.test(v)) out.push('tierHeading', `tierHeading&slot:${slot.name}`);
  if (METRIC_WORDS.test(v)) out.push('metric', `metric&slot:${slot.name}`);
  if (/^[A-Z]/.test(v)) out.push('capital');
  if (slot.parallel) out.push('parallel', `parallel&slot:${slot.name}`);
  if (namesCompany(v)) {
    out.push('company', `company&slot:${slot.name}`);
    if (tokens(v).length <= 3) out.push('companyOnly');
  }
  if (/[.!?]$/.test(v) || words.length > 12) out.push('sentence');
  const category = categoriesIn(v, ANY_CATEGORY)[0];
  if (category) out.push(`cat:${category}`, `cat:${category}&slot:${slot.name}`);
  if (verdict?.qualifiers.tier && verdict.qualifiers.tier === slot.value) out.push('ruleTierSame');
  if (verdict?.qualifiers.severity && verdict.qualifiers.severity === slot.value) out.push('ruleSevSame');
  if (slot.name === 'rowLabel' && c.headerRow?.[0]) {
    for (const w of new Set(tokens(c.headerRow[0]).slice(0, 4))) out.push(`hr0:${w}`);
  }
  if (slot.name === 'header' && c.headerRow) out.push(`planColumns:${Math.min(3, planColumns(c))}`);
  // What the column's header calls its cells: "Plan" and "Priority" columns name the qualifier.
  if (slot.column !== undefined) {
    const columnWords = tokens(slot.column).slice(0, 4);
    if (columnWords.length === 0) out.push('col:none');
    for (const w of new Set(columnWords)) out.push(`col:${w}`);
    if (SEVERITY.test(slot.column) || /\b(?:priority|severity|urgency|impact)\b/i.test(slot.column))
      out.push('colSev');
    if (
      TIER_HEADING.test(slot.column) ||
      /\b(?:plan|tier|package|edition|level|method|service)\b/i.test(slot.column)
    )
      out.push('colTier');
  }
  return out;
};

/**
 * How sure the slot model must be that a slot names the role, chosen by cross-validation
 * (`scripts/eval-errors.ts --slot-threshold`): 0.25 names 2 more right tiers and 3 more right
 * severities than 0.35 on the dev folds, with no more wrong ones.
 */
export const SLOT_THRESHOLD_DEFAULT = 0.25;
export let SLOT_THRESHOLD = SLOT_THRESHOLD_DEFAULT;
export const setSlotThreshold = (p: number): void => {
  SLOT_THRESHOLD = p;
};

/** The slot that names the role, if the model gives one better than even odds. */
export const pickSlot = (
  role: Role,
  model: LinearModel | undefined,
  slots: readonly Slot[],
  c: Candidate,
  verdict: ExtractedPromise | undefined,
  /** Each slot's slotKey, when the caller has them already. */
  keys?: readonly string[],
): Slot | undefined => {
  if (!model) return undefined;
  let best: Slot | undefined;
  let bestP = SLOT_THRESHOLD;
  const scores = scoreCache[role];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    const key = keys?.[i] ?? slotKey(slot, c, verdict);
    let p = scores.get(key);
    if (p === undefined) {
      p = model.predict(slotFeatures(slot, c, verdict, key))[1] ?? 0;
      scores.set(key, p);
    }
    if (p > bestP) {
      best = slot;
      bestP = p;
    }
  }
  return best;
};

/** Qualifiers of a candidate's promise: plan and level from the slot models, the rest from the sentence. */
export const qualifiersOf = (
  c: Candidate,
  category: Category,
  verdict: ExtractedPromise | undefined,
  models: { tier?: LinearModel; severity?: LinearModel },
): Qualifiers => {
  const q: Qualifiers = verdict ? { ...verdict.qualifiers } : {};
  delete q.tier;
  delete q.severity;
  const slots = slotsOf(c, verdict);
  const keys = slots.map((slot) => slotKey(slot, c, verdict));
  // A heading or label that is the company's own name titles the page: it names no plan.
  const named = documentHost ? slots.map((slot) => !isCompanyName(slot.value)) : undefined;
  const tierSlots = named ? slots.filter((_, i) => named[i]) : slots;
  const tierKeys = named ? keys.filter((_, i) => named[i]) : keys;
  const tier = pickSlot('tier', models.tier, tierSlots, c, verdict, tierKeys);
  const severity = pickSlot('severity', models.severity, slots, c, verdict, keys);
  // A slot naming several plans ("Pro and Enterprise", "every plan") scopes nothing to one plan.
  if (tier && !SEVERAL_PLANS.test(tier.value))
    q.tier = tier.value.replace(/\s*\((?:[^)]*)\)\s*$/, '').trim() || tier.value;
  const aboutService = category !== 'uptime' && category !== 'credit_compensation';
  // A row label names its level in its first words ("P1 – Urgent", "Severity 2: degraded"): the
  // level itself is the qualifier, as the rules read it.
  if (severity && severity !== tier) q.severity = SEVERITY.exec(severity.value)?.[1] ?? severity.value;
  if (!verdict) {
    const facts = sentenceFacts(c.text);
    const label = c.rowLabel || c.previous[0];
    const channel = facts.channel ?? (label ? CHANNEL_RULES.find((r) => r.re.test(label))?.value : undefined);
    if (channel && aboutService) q.channel = channel;
    if (!aboutService) {
      const parts = [c.text, c.header ?? '', c.rowLabel ?? '', ...c.headings.slice(0, 2)].join(' ');
      const window = WINDOW_RULES.find((r) => r.re.test(parts))?.value;
      if (window) q.window = window;
    }
    if (facts.target !== undefined) q.target = facts.target;
    if (facts.statistic) q.statistic = facts.statistic;
    if (facts.hedge) q.hedge = facts.hedge;
    if (facts.condition) q.condition = facts.condition;
    if (c.figure.timezone) q.timezone = c.figure.timezone;
  }
  return q;
};
