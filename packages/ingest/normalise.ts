// Normalisers for the values that join promises to series: units, priorities, channels and plans.
// Help desks and SLA pages name the same thing differently ("Urgent", "P1", "Severity 1").

import { isUnit, UNITS, type Unit } from '../core/index.ts';

// A Map: a unit read from a file is user input, and "constructor" must not find Object's.
const UNIT_ALIASES = new Map<string, Unit>(
  Object.entries({
    min: 'minutes',
    mins: 'minutes',
    minute: 'minutes',
    m: 'minutes',
    h: 'hours',
    hr: 'hours',
    hrs: 'hours',
    hour: 'hours',
    business_hour: 'business_hours',
    business_hrs: 'business_hours',
    working_hours: 'business_hours',
    working_hour: 'business_hours',
    d: 'days',
    day: 'days',
    business_day: 'business_days',
    working_days: 'business_days',
    working_day: 'business_days',
    '%': 'percent',
    pct: 'percent',
    percentage: 'percent',
  } satisfies Record<string, Unit>),
);

/** A unit as written in a file ("mins", "business days", "%") → the taxonomy's unit, or null. */
export const parseUnit = (raw: string): Unit | null => {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (isUnit(key)) return key;
  return UNIT_ALIASES.get(key) ?? null;
};

export const KNOWN_UNITS: readonly string[] = UNITS;

const PRIORITY_WORDS: [RegExp, string][] = [
  [/\b(urgent|critical|emergency|blocker|highest|severe)\b/, 'p1'],
  [/\b(high|major|serious)\b/, 'p2'],
  [/\b(normal|medium|moderate|standard)\b/, 'p3'],
  [/\b(low|minor|lowest|cosmetic)\b/, 'p4'],
];

/**
 * A priority or severity level in a comparable form: "P1", "Sev 1", "Severity-1", "Urgent" and
 * "Critical" all become "p1"; high → p2, normal/medium → p3, low → p4. Unknown labels are kept,
 * lower-cased, so they still match themselves.
 */
export const normalisePriority = (raw: string): string => {
  const text = raw.trim().toLowerCase();
  const numbered =
    /(?:^|[^a-z])(?:p|sev|severity|priority|prio|level|lvl|s)\s*[-_#]?\s*([0-5])(?![0-9])/.exec(text);
  if (numbered) return `p${numbered[1]}`;
  for (const [pattern, level] of PRIORITY_WORDS) if (pattern.test(text)) return level;
  return text;
};

/** A support channel in a comparable form: "Web form" → web, "Phone call (incoming)" → phone. */
export const normaliseChannel = (raw: string): string => {
  const text = raw.trim().toLowerCase();
  if (/mail/.test(text)) return 'email';
  if (/chat|messag|whatsapp|sms/.test(text)) return 'chat';
  if (/phone|call|voice|tele/.test(text)) return 'phone';
  if (/web|form|portal|widget|ticket/.test(text)) return 'web';
  return text;
};

/** A plan name in a comparable form: "Pro plan" → pro, "Enterprise tier" → enterprise. */
export const normaliseTier = (raw: string): string =>
  raw
    .trim()
    .toLowerCase()
    .replace(/\b(plan|plans|tier|package|edition|customers?|subscription)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
