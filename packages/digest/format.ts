// Numbers, durations and promise phrases in plain English, shared by the HTML and text parts so both
// state the same facts. Nothing here invents a figure: a missing one is written "not known".

import { type Category, type Operator, type Qualifiers, UNIT_LABELS, type Unit } from '../core/index.ts';

export const NOT_KNOWN = 'not known';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatInt = (value: number): string => integer.format(value);

/** Rounds to at most `digits` decimals and drops trailing zeros: 2.40 → "2.4", 3.0 → "3". */
export const formatDecimal = (value: number, digits = 1): string =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);

const floorTo = (value: number, digits: number): number => {
  const f = 10 ** digits;
  // The epsilon keeps 78.00000001 from flooring to 77.99 through float noise.
  return Math.floor(value * f + 1e-9) / f;
};

/**
 * A share such as attainment, rounded down (never overstated), with just enough decimals that the
 * shown figure sits on the same side of `target` as the real one: 94.96 against 95 reads "94.9%".
 */
export const formatShare = (value: number, target?: number | null, extraDigits = 0): string => {
  // A target stated with decimals (99.95) is read at its own precision (plus `extraDigits`).
  let digits =
    (typeof target === 'number' ? Math.min(3, (String(target).split('.')[1] ?? '').length) : 0) + extraDigits;
  if (typeof target === 'number') {
    while (digits < 3 && floorTo(value, digits) >= target !== value >= target) digits += 1;
  }
  return `${formatDecimal(floorTo(value, digits), digits)}%`;
};

const plural = (value: number, one: string, many: string): string => (value === 1 ? one : many);

/** Singular when the figure as shown (one decimal) reads 1: 0.99 shows "1 business day". */
const shownPlural = (value: number, one: string, many: string): string =>
  formatDecimal(value) === '1' ? one : many;

const UNIT_WORDS = UNIT_LABELS;

/** A stated amount as a customer reads it: "1 hour", "4 business hours", "99.95%". */
export const formatQuantity = (value: number | null, unit: Unit | null): string => {
  if (value === null) return NOT_KNOWN;
  const number = formatDecimal(value, 2);
  if (unit === null) return number;
  if (unit === 'percent') return `${number}%`;
  const [one, many] = UNIT_WORDS[unit];
  return `${number} ${plural(value, one, many)}`;
};

/** A measured figure in a compact form: "45 min", "2.4 h", "3.1 days", "99.93%". */
export const formatMeasured = (value: number | null, unit: Unit | null): string => {
  if (value === null || !Number.isFinite(value)) return NOT_KNOWN;
  switch (unit) {
    case 'minutes':
      return value < 60
        ? `${formatDecimal(value, value < 10 ? 1 : 0)} min`
        : `${formatDecimal(value / 60)} h`;
    case 'hours':
      if (value < 1) return `${formatDecimal(value * 60, 0)} min`;
      return value < 48 ? `${formatDecimal(value)} h` : `${formatDecimal(value / 24)} days`;
    case 'business_hours':
      return `${formatDecimal(value)} business ${shownPlural(value, 'hour', 'hours')}`;
    case 'days':
      return `${formatDecimal(value)} ${shownPlural(value, 'day', 'days')}`;
    case 'business_days':
      return `${formatDecimal(value)} business ${shownPlural(value, 'day', 'days')}`;
    case 'percent':
      return `${formatDecimal(value, 2)}%`;
    case 'hours_per_week':
      return `${formatDecimal(value)} h/week`;
    default:
      return formatDecimal(value, 2);
  }
};

const OPERATOR_WORDS: Record<Operator, string> = { '<=': 'within', '>=': 'at least', '==': 'exactly' };

/** What the promise commits to: "within 1 hour", "at least 99.95%". */
export const promisedPhrase = (operator: Operator, threshold: number | null, unit: Unit | null): string =>
  threshold === null ? 'no figure stated' : `${OPERATOR_WORDS[operator]} ${formatQuantity(threshold, unit)}`;

/** The cases a category counts, and what must happen to them, for sentences like "tickets answered". */
const CATEGORY_WORDS: Record<Category, { noun: string; verb: string }> = {
  response_time: { noun: 'tickets', verb: 'answered' },
  resolution_time: { noun: 'tickets', verb: 'resolved' },
  uptime: { noun: 'uptime measurements', verb: '' },
  availability_hours: { noun: 'weeks', verb: 'staffed' },
  delivery_time: { noun: 'orders', verb: 'delivered' },
  refund_guarantee: { noun: 'refunds', verb: 'honoured' },
  credit_compensation: { noun: 'credits', verb: 'paid' },
  other: { noun: 'cases', verb: 'met' },
};

export const categoryWords = (category: Category): { noun: string; verb: string } =>
  CATEGORY_WORDS[category] ?? CATEGORY_WORDS.other;

/** "Pro P1 chat tickets": the qualifiers the promise states, in front of what it counts. */
export const casesPhrase = (category: Category, qualifiers: Qualifiers, noun?: string): string => {
  const scope = [qualifiers.tier, qualifiers.severity, qualifiers.channel, qualifiers.region]
    .filter((q): q is string => typeof q === 'string' && q.trim() !== '')
    .map((q) => q.trim());
  return [...scope, noun ?? categoryWords(category).noun].join(' ');
};

/** "week 47" for an ISO week, "November 2026" for a month, the id itself otherwise. */
export const windowLabel = (windowId: string): string => {
  const week = /^\d{4}-W(\d{2})$/.exec(windowId);
  if (week) return `week ${Number(week[1])}`;
  const month = /^(\d{4})-(\d{2})$/.exec(windowId);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return date.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  return windowId;
};

/** "16 Nov – 22 Nov 2026 (UTC)": the window's days in its zone, its exclusive end shown as the last day. */
export const windowDates = (start: string, end: string, timeZone = 'UTC'): string => {
  const from = new Date(start);
  const last = new Date(new Date(end).getTime() - 1);
  if (Number.isNaN(from.getTime()) || Number.isNaN(last.getTime())) return NOT_KNOWN;
  const day = (d: Date, withYear: boolean) =>
    d.toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone,
    });
  const year = (d: Date) => d.toLocaleString('en-GB', { year: 'numeric', timeZone });
  return `${day(from, year(from) !== year(last))} – ${day(last, true)} (${timeZone})`;
};

/** "March", "Q1 2026", "2026": a closed period as a digest names it. */
export const periodLabel = (windowId: string): string => {
  const month = /^(\d{4})-(\d{2})$/.exec(windowId);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return date.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  }
  const quarter = /^(\d{4})-(Q[1-4])$/.exec(windowId);
  return quarter ? `${quarter[2]} ${quarter[1]}` : windowId;
};

export const formatDate = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? NOT_KNOWN : d.toISOString().slice(0, 10);
};

/**
 * Signed change in percentage points: "down 6 points", "up 0.4 points", "down 0.006 points". Only an
 * exact zero reads "unchanged": a change shown beside two different figures must not be called none.
 */
export const formatDelta = (delta: number): string => {
  const size = Math.abs(delta);
  if (size < 0.0005) return 'unchanged';
  const digits = size >= 1 ? 0 : size >= 0.1 ? 1 : size >= 0.01 ? 2 : 3;
  const shown = formatDecimal(size, digits);
  return `${delta < 0 ? 'down' : 'up'} ${shown} ${shown === '1' ? 'point' : 'points'}`;
};

/** Cuts long text at a word boundary so one hostile or rambling quote cannot swamp the email. */
export const truncate = (text: string, max: number): string => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

/** The page a quote came from, shortened for display: host and path without the scheme. */
export const displayUrl = (url: string): string => truncate(url.replace(/^https?:\/\//i, ''), 80);

/** "78% of 1,204 Pro tickets answered within 1 hour": parts joined, empty ones left out. */
export const sharePhrase = (parts: (string | null | undefined)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
