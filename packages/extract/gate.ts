// Most sentences match none of a rule table's patterns, so testing them one by one wastes a scan per
// rule. A gate joins a table's patterns into one (per set of flags) that rules a text out in a single
// scan; only texts that pass it are tested rule by rule, in the table's order, so results are the same.

const gates = new WeakMap<readonly unknown[], (text: string) => boolean>();

const patternOf = (rule: unknown): RegExp => (rule instanceof RegExp ? rule : (rule as { re: RegExp }).re);

/** Flags that change what a pattern matches (global and sticky only change how it is driven). */
const meaningFlags = (re: RegExp): string => re.flags.replace(/[gyd]/g, '');

const buildGate = (rules: readonly unknown[]): ((text: string) => boolean) => {
  const byFlags = new Map<string, string[]>();
  for (const rule of rules) {
    const re = patternOf(rule);
    const flags = meaningFlags(re);
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), `(?:${re.source})`]);
  }
  const unions = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  return (text) => unions.some((u) => u.test(text));
};

/** Whether any rule of the table can match the text: one scan per flag set instead of one per rule. */
export const mayMatchAny = (rules: readonly (RegExp | { re: RegExp })[], text: string): boolean => {
  let gate = gates.get(rules);
  if (!gate) {
    gate = buildGate(rules);
    gates.set(rules, gate);
  }
  return gate(text);
};
