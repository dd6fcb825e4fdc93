// Finds the figures a promise can rest on inside one sentence or table cell: durations, percentages,
// weekly support schedules and a few counts. Each pattern is a row in a table with its normaliser.

import { TENS_NUMBER_WORDS, UNIT_NUMBER_WORDS, type Unit } from '../core/index.ts';
import { mayMatchAny } from './gate.ts';
import { NUMBER_SOURCE, parseNumber } from './numbers.ts';

export type FigureKind =
  | 'duration'
  | 'percent'
  | 'schedule'
  | 'count'
  | 'number'
  | 'money'
  /** "10 times the monthly fee", "5x the fees": compensation as a multiple. */
  | 'multiple'
  /** "daily", "hourly", "every 4 hours": how often something is done (an update or backup interval). */
  | 'interval';

export interface Figure {
  kind: FigureKind;
  value: number;
  unit: Unit | null;
  start: number;
  end: number;
  /** "within", "up to", "or less" → upper; "at least", "more than" → lower. */
  bound: 'upper' | 'lower' | 'none';
  /** A percentage that bounds a band ("less than 99.9%", "99.0% – 99.5%"): a condition, not a promise. */
  band: boolean;
  /** "an additional 3 days", "for each 45 minutes": a figure that adds to or repeats another. */
  incidental: boolean;
  /** Inside a bracketed alternative: "(or next business day, if …)". */
  alternative: boolean;
  /** The figure is followed by "notice": a notice period. */
  notice: boolean;
  /** For percentages: the share describes time or downtime ("0.1% of downtime"), not a payment. */
  shareOfTime: boolean;
  timezone?: string;
  countOf?: string;
  /** For money: the currency as an ISO code ("GBP"). */
  currency?: string;
}

interface UnitRow {
  source: string;
  unit: Unit;
  factor: number;
}

/** Duration units as written, with the unit and factor they normalise to. Order matters: longest first. */
export const DURATION_UNITS: readonly UnitRow[] = [
  { source: '(?:business|working|work|office)[\\s-]+(?:hours?|hrs?)', unit: 'business_hours', factor: 1 },
  { source: '(?:business|working|work)[\\s-]+days?|bds?', unit: 'business_days', factor: 1 },
  { source: '(?:business|working)[\\s-]+weeks?', unit: 'business_days', factor: 5 },
  { source: '(?:calendar[\\s-]+)?days?', unit: 'days', factor: 1 },
  { source: '(?:calendar[\\s-]+)?weeks?|wks?', unit: 'days', factor: 7 },
  { source: '(?:calendar[\\s-]+)?months?', unit: 'days', factor: 30 },
  { source: 'years?|yrs?', unit: 'days', factor: 365 },
  { source: 'hours?|hrs?|h', unit: 'hours', factor: 1 },
  { source: 'minutes?|mins?', unit: 'minutes', factor: 1 },
  { source: 'seconds?|secs?', unit: 'minutes', factor: 1 / 60 },
];

const NUM = `${NUMBER_SOURCE}(?:\\s*\\([a-z\\s-]+\\))?`;
// A unit may be glued to the next table cell when a page lost its cell borders ("2 hoursup to 8 hours").
const UNIT_END = '(?=[^a-z]|$|up\\b|up\\s|upto|within)';
const DURATION_RE = new RegExp(
  `(?<![\\w.])(${NUM})(?:\\s*(?:-|–|—|to|and)\\s*(${NUM}))?[\\s-]*(?:${DURATION_UNITS.map((u) => `(${u.source})`).join('|')})${UNIT_END}`,
  'gi',
);

interface SpecialRow {
  re: RegExp;
  value: number;
  unit: Unit;
}

/** Phrases that stand for a duration without a number in digits. */
export const SPECIAL_DURATIONS: readonly SpecialRow[] = [
  { re: /\bsame[\s-](?:business|working)[\s-]day\b/gi, value: 1, unit: 'business_days' },
  { re: /\bsame[\s-](?:work[\s-])?day\b/gi, value: 1, unit: 'days' },
  { re: /\bnext[\s-](?:business|working|work)[\s-]day\b/gi, value: 1, unit: 'business_days' },
  { re: /\bnext[\s-]day\b/gi, value: 1, unit: 'days' },
  {
    re: /\bwithin\s+(?:the\s+|an?\s+|one\s+)?(?:business|working)\s+hour\b/gi,
    value: 1,
    unit: 'business_hours',
  },
  { re: /\bwithin\s+the\s+hour\b/gi, value: 1, unit: 'hours' },
  { re: /\bhalf\s+an\s+hour\b/gi, value: 30, unit: 'minutes' },
  {
    re: /\b(?:within|in|under|up to|less than)\s+an?\s+(?:business|working)\s+day\b/gi,
    value: 1,
    unit: 'business_days',
  },
  { re: /\b(?:within|in|under|up to|less than)\s+a\s+day\b/gi, value: 1, unit: 'days' },
  { re: /\b(?:within|in|under|up to|less than)\s+an\s+hour\b/gi, value: 1, unit: 'hours' },
  { re: /\b(?:within|in|under|up to|less than)\s+a\s+minute\b/gi, value: 1, unit: 'minutes' },
  { re: /\b(?:within|in|under|up to|less than)\s+a\s+week\b/gi, value: 7, unit: 'days' },
];

const NINES: Record<string, number> = { two: 99, three: 99.9, four: 99.99, five: 99.999 };
const PERCENT_RE = /(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b|per\s*cent\b)/gi;
const NINES_RE = /\b(two|three|four|five)[\s-]+nines\b/gi;
const PERCENT_RANGE_RE =
  /(?<![\w.])\d{1,3}(?:\.\d+)?\s*%?\s*(?:-|–|—|to)\s*(?:below|under|less than|above|over)?\s*\d{1,3}(?:\.\d+)?\s*%/gi;
const BAND_BEFORE =
  /(?:less than|lower than|greater than|more than|below|under|above|over|<|>|≤|≥|=<|>=|<=)\s*$/i;
const BAND_AFTER = /^\s*(?:and|or)\s+(?:below|above|less|lower|higher|more|under|over|greater)/i;
const SHARE_AFTER =
  /^\s*(?:percent\s+)?(?:of\s+(?:the\s+)?(?:total\s+)?(?:downtime|time|month)\b|downtime|uptime|availability|sla\b|of\s+(?:the\s+)?(?:tickets|requests|cases|calls|orders|enquiries|inquiries|issues)\b)/i;

const UPPER_BEFORE =
  /(?:within|in under|under|up to|upto|no more than|no later than|less than|at most|max(?:imum)?(?: of)?|by|in|<=?|≤|inside|before|guaranteed)\s*(?:the\s+|a\s+)?(?:next\s+|first\s+)?$/i;
const LOWER_BEFORE =
  /(?:at least|more than|longer than|over|minimum(?: of)?|min\.?|>=?|≥|after|beyond|exceed(?:ing|s)?|than)\s*(?:the\s+)?$/i;
const INCIDENTAL_BEFORE = /(?:additional|extra|further|another|each|every|per|for each|for every)\s*$/i;
const UPPER_AFTER = /^\s*(?:or\s+(?:less|fewer|sooner|under|quicker|faster)|max(?:imum)?\b)/i;
const LOWER_AFTER = /^\s*(?:or\s+(?:more|longer|greater)|\+)/i;
const NOTICE_AFTER =
  /^['’]?\s*(?:(?:of\s+)?(?:advance\s+|prior\s+|written\s+|advanced\s+)?notice|in advance|beforehand|ahead of time|before (?:any |the |a |each |every |planned |scheduled |major |the start of )*(?:maintenance|changes?|price (?:increases?|changes?|rises?)|upgrades?|downtime|migrations?|deprecations?|end[\s-]of[\s-](?:life|support)))/i;
const PAST_AFTER = /^\s*ago\b/i;
/** "24 hours a day", "7 days a week": how often, not how long. */
const RATE_AFTER = /^\s*(?:a|per|each|every)\s+(?:day|week|month|year)\b/i;

// Weekly schedules: "24/7", "Mon–Fri 9am–6pm ET", "Monday to Saturday: 24 hour support".
const DAY =
  '(mon(?:days?)?|tue(?:s(?:days?)?)?|wed(?:nesdays?)?|thu(?:r(?:s(?:days?)?)?)?|fri(?:days?)?|sat(?:urdays?)?|sun(?:days?)?)\\.?';
// A day range ("Mon–Fri"), a named set of days ("weekdays", "weekends", "daily") or one day ("Saturday").
const DAY_RANGE = `(?:\\b${DAY}\\s*(?:-|–|—|to|through|thru|until)\\s*${DAY}|\\b(weekdays|weekends?|(?:7|seven) days a week|daily|every day)|\\b${DAY}(?![a-z]))`;
const TIME =
  '(?:(\\d{1,2})(?:[:.](\\d{2}))?\\s*(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)?|(noon|midday|midnight))(?![\\d%])';
const TIME_RANGE = `(?:from\\s+|between\\s+)?${TIME}\\s*(?:-|–|—|to|until|till|and)\\s*${TIME}`;
const TIME_RANGE_4 = '(?:from\\s+)?(\\d{2})(\\d{2})\\s*(?:-|–|—|to|until)\\s*(\\d{2})(\\d{2})(?!\\d)';
const ZONE_ABBREVIATIONS =
  'ET|EST|EDT|CT|CST|CDT|MT|MST|PT|PST|PDT|AKST|HST|GMT|UTC|BST|WET|CET|CEST|EET|EEST|AEST|AEDT|ACST|AWST|NZST|NZDT|IST|SGT|HKT|JST|KST';
/** "Eastern Time", "Central European Time", "Pacific Standard Time", "UK time", "local time". */
const ZONE_NAME = '(?:[a-z]+\\s+){0,2}(?:standard\\s+|daylight\\s+)?time';
const TIMEZONE_AFTER = new RegExp(
  `^\\s*,?\\s*\\(?\\s*((?:${ZONE_ABBREVIATIONS})\\b|US\\/[a-z]+|${ZONE_NAME}\\b)`,
  'i',
);

/** A zone written between the hours and the days ("7am–7pm Central Time, Monday through Friday"). */
const ZONE_INSIDE = new RegExp(
  `(?:[ap]\\.?m\\.?|\\d)\\s*\\(?((?:${ZONE_ABBREVIATIONS})\\b|${ZONE_NAME}\\b)`,
  'i',
);

const ALWAYS_ON: readonly RegExp[] = [
  /\b24\s*(?:\/|x|×|\*)\s*7(?:\s*(?:\/|x|×)\s*365)?(?!\d)/gi,
  /\b(?:a|round|around)[\s-]the[\s-]clock\b/gi,
  /\b(?:24|twenty[\s-]four)\s+hours\s+(?:a|per)\s+day,?\s*(?:(?:7|seven)\s+days\s+(?:a|per)\s+week|365\s+days\s+(?:a|per)\s+year|every\s+day(?:\s+of\s+the\s+year)?|all\s+year(?:\s+round)?)\b/gi,
  /\b365\s+days\s+a\s+year,?\s*(?:24|twenty[\s-]four)\s+hours\s+a\s+day\b/gi,
  /\b24\s*\/\s*365\b/gi,
  /\b(?:24|twenty[\s-]four)\s+hours,?\s*(?:7|seven)\s+days(?:\s+a\s+week)?\b/gi,
];

const DAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const dayIndex = (word: string | undefined): number | null =>
  word ? (DAY_INDEX[word.toLowerCase().slice(0, 3)] ?? null) : null;

/** Days a week in a DAY_RANGE match, read from its four groups starting at `at`. */
const daysIn = (m: RegExpExecArray, at: number): number | null => {
  const set = m[at + 2];
  if (set) {
    if (/^weekends?$/i.test(set)) return 2;
    return /week|daily|every/i.test(set) && !/^weekdays$/i.test(set) ? 7 : 5;
  }
  if (m[at + 3]) return dayIndex(m[at + 3]) === null ? null : 1;
  const a = dayIndex(m[at]);
  const b = dayIndex(m[at + 1]);
  if (a === null || b === null) return null;
  return ((b - a + 7) % 7) + 1;
};

const clockHour = (
  h: string | undefined,
  m: string | undefined,
  mer: string | undefined,
  word: string | undefined,
) => {
  if (word) {
    const w = word.toLowerCase();
    return { hour: w === 'midnight' ? 0 : 12, meridiem: true, midnight: w === 'midnight' };
  }
  if (h === undefined) return null;
  let hour = Number(h) + (m ? Number(m) / 60 : 0);
  const pm = mer ? /p/i.test(mer) : false;
  if (mer) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour >= 12) hour -= 12;
  }
  return { hour, meridiem: Boolean(mer), midnight: false };
};

/** Hours between two clock times as written ("9-5" is 9 am to 5 pm; "8 am to midnight" is 16). */
const hoursBetween = (
  start: ReturnType<typeof clockHour>,
  end: ReturnType<typeof clockHour>,
): number | null => {
  if (!start || !end) return null;
  if (start.hour > 24 || end.hour > 24) return null;
  let to = end.midnight ? 24 : end.hour;
  const from = start.hour;
  if (to <= from && !end.meridiem && to + 12 > from) to += 12;
  if (to <= from) to += 24;
  const hours = to - from;
  return hours > 0 && hours <= 24 ? hours : null;
};

const round = (n: number): number => Math.round(n * 1000) / 1000;

const blankFigure = (
  kind: FigureKind,
  value: number,
  unit: Unit | null,
  start: number,
  end: number,
): Figure => ({
  kind,
  value,
  unit,
  start,
  end,
  bound: 'none',
  band: false,
  incidental: false,
  alternative: false,
  notice: false,
  shareOfTime: false,
});

/** Groups in DAY_RANGE (from, to, a named set of days, one day) and in TIME_RANGE. */
const DAY_GROUPS = 4;
const TIME_GROUPS = 8;
// A time zone written between the hours and the days: "ET", "(CET)", "US/Eastern", "Eastern Time".
const ZONE_BETWEEN = `(?:\\s*\\(?(?:(?:${ZONE_ABBREVIATIONS})\\b|US\\/\\w+|${ZONE_NAME}\\b)\\)?)?`;

const DAY_NEXT = new RegExp(`^${ZONE_BETWEEN}[\\s,]*(?:on\\s+)?${DAY}(?![a-z])`, 'i');
const DAY_THEN_TIME = new RegExp(
  `${DAY_RANGE}[\\s,:;]*(?:from\\s+|between\\s+)?(?:${TIME_RANGE_4}|${TIME_RANGE})`,
  'gi',
);
const TIME_THEN_DAY = new RegExp(`${TIME_RANGE}${ZONE_BETWEEN}[\\s,]*(?:on\\s+|,\\s*)?${DAY_RANGE}`, 'gi');
const DAY_FULL_DAYS = new RegExp(`${DAY_RANGE}[\\s,:;]*(?:24|twenty[\\s-]four)[\\s-]*hours?`, 'gi');
const FULL_DAYS_THEN_DAY = new RegExp(
  `\\b(?:24|twenty[\\s-]four)\\s+hours\\s+(?:a|per)\\s+day,?\\s*(?:on\\s+|from\\s+)?${DAY_RANGE}`,
  'gi',
);
/** "24x5", "12x5", "8x5": hours a day × days a week (24x7 is always on, above). */
const HOURS_BY_DAYS =
  /(?<![\w./])(\d{1,2})\s*[x×]\s*([5-7])(?![\w×/]|\.\d)|(?<![\w./])(24|1\d|[89])\s*\/\s*([56])(?![\w/]|\.\d)/gi;

/** Schedules that name their days: "Mon–Fri 9–5", "8am–8pm Monday to Saturday", "24 hours, weekdays". */
const daySchedules = (text: string): Figure[] => {
  const found: Figure[] = [];
  DAY_THEN_TIME.lastIndex = 0;
  for (let m = DAY_THEN_TIME.exec(text); m; m = DAY_THEN_TIME.exec(text)) {
    const days = daysIn(m, 1);
    const t = 1 + DAY_GROUPS;
    let hours: number | null;
    if (m[t] !== undefined) {
      // A 24-hour clock without separators ("0830 – 1730").
      hours = hoursBetween(
        clockHour(m[t], m[t + 1], undefined, undefined),
        clockHour(m[t + 2], m[t + 3], undefined, undefined),
      );
    } else {
      hours = hoursBetween(
        clockHour(m[t + 4], m[t + 5], m[t + 6], m[t + 7]),
        clockHour(m[t + 8], m[t + 9], m[t + 10], m[t + 11]),
      );
    }
    // "8am–8pm Monday to Saturday, 9am–5pm Sunday": hours followed by their own day belong to that day.
    const end = m.index + m[0].length;
    if (DAY_NEXT.test(text.slice(end, end + 16))) continue;
    if (days !== null && hours !== null) found.push(scheduleFigure(text, days * hours, m.index, end));
  }
  TIME_THEN_DAY.lastIndex = 0;
  for (let m = TIME_THEN_DAY.exec(text); m; m = TIME_THEN_DAY.exec(text)) {
    const hours = hoursBetween(clockHour(m[1], m[2], m[3], m[4]), clockHour(m[5], m[6], m[7], m[8]));
    const days = daysIn(m, 1 + TIME_GROUPS);
    if (days !== null && hours !== null)
      found.push(scheduleFigure(text, days * hours, m.index, m.index + m[0].length));
  }
  for (const re of [DAY_FULL_DAYS, FULL_DAYS_THEN_DAY]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const days = daysIn(m, 1);
      if (days !== null) found.push(scheduleFigure(text, days * 24, m.index, m.index + m[0].length));
    }
  }
  return found;
};

/** A day, a set of days or a week named in words: what every day-based schedule pattern starts from. */
const NAMES_DAYS = /\b(?:mon|tue|wed|thu|fri|sat|sun)|weekdays|weekends?|days a week|daily|every day/i;

const findSchedules = (text: string): Figure[] => {
  const found: Figure[] = [];
  for (const re of mayMatchAny(ALWAYS_ON, text) ? ALWAYS_ON : []) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      found.push(blankFigure('schedule', 168, 'hours_per_week', m.index, m.index + m[0].length));
    }
  }
  // The day-based patterns need a day named; most texts that pass the gate only say "24 hours".
  if (NAMES_DAYS.test(text)) {
    for (const figure of daySchedules(text)) found.push(figure);
  }
  if (/\d\s*[x×/]\s*\d/.test(text)) {
    HOURS_BY_DAYS.lastIndex = 0;
    for (let m = HOURS_BY_DAYS.exec(text); m; m = HOURS_BY_DAYS.exec(text)) {
      const hours = Number(m[1] ?? m[3]);
      const days = Number(m[2] ?? m[4]);
      if (hours >= 1 && hours <= 24 && !(hours === 24 && days === 7))
        found.push(scheduleFigure(text, hours * days, m.index, m.index + m[0].length));
    }
  }
  return joinSchedules(text, found);
};

/**
 * "Monday to Friday 8am–8pm and Saturday 9am–1pm": schedules joined by "and" or a comma are one
 * week's hours, so they add up. Schedules with anything else between them (a channel, a plan) stay apart.
 */
const joinSchedules = (text: string, found: Figure[]): Figure[] => {
  if (found.length < 2) return found;
  const sorted = [...found].sort((a, b) => a.start - b.start);
  const out: Figure[] = [];
  for (const figure of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.value !== 168 &&
      figure.value !== 168 &&
      figure.start >= prev.end &&
      /^\s*(?:,|;|and\b|&|plus\b)[\s,]*(?:and\s+)?(?:on\s+)?$/i.test(text.slice(prev.end, figure.start)) &&
      prev.value + figure.value <= 168
    ) {
      out[out.length - 1] = { ...prev, value: round(prev.value + figure.value), end: figure.end };
      continue;
    }
    out.push(figure);
  }
  return out;
};

const scheduleFigure = (text: string, hoursPerWeek: number, start: number, end: number): Figure => {
  const figure = blankFigure('schedule', round(hoursPerWeek), 'hours_per_week', start, end);
  const zone = TIMEZONE_AFTER.exec(text.slice(end, end + 24)) ?? ZONE_INSIDE.exec(text.slice(start, end));
  if (zone?.[1]) figure.timezone = zone[1];
  return figure;
};

const applyContext = (text: string, figure: Figure): Figure => {
  const before = text.slice(Math.max(0, figure.start - 32), figure.start);
  const after = text.slice(figure.end, figure.end + 40);
  if (UPPER_BEFORE.test(before) || UPPER_AFTER.test(after)) figure.bound = 'upper';
  if (LOWER_BEFORE.test(before) || LOWER_AFTER.test(after)) figure.bound = 'lower';
  if (INCIDENTAL_BEFORE.test(before) || PAST_AFTER.test(after) || RATE_AFTER.test(after))
    figure.incidental = true;
  if (NOTICE_AFTER.test(after)) figure.notice = true;
  figure.alternative = insideAlternative(text, figure.start);
  return figure;
};

/** Whether a position sits in a bracketed alternative such as "(or next business day, if …)". */
const insideAlternative = (text: string, at: number): boolean => {
  const open = text.lastIndexOf('(', at);
  if (open < 0 || text.lastIndexOf(')', at) > open) return false;
  return /^\(\s*(?:or|if|unless|except|e\.g\.|eg|i\.e\.)\b/i.test(text.slice(open, open + 12));
};

const findDurations = (text: string): Figure[] => {
  const found: Figure[] = [];
  DURATION_RE.lastIndex = 0;
  for (let m = DURATION_RE.exec(text); m; m = DURATION_RE.exec(text)) {
    const low = parseNumber(m[1] ?? '');
    const high = m[2] ? parseNumber(m[2]) : null;
    const unitIndex = DURATION_UNITS.findIndex((_, i) => m?.[3 + i] !== undefined);
    const row = DURATION_UNITS[unitIndex];
    if (low === null || !row) continue;
    const value = high !== null && high > low ? high : low;
    // A bare "h" is only a unit when glued to its number ("24h").
    if (row.source.endsWith('|h') && /^h$/i.test(m[3 + unitIndex] ?? '') && /\s$/.test(m[0].slice(0, -1)))
      continue;
    const figure = applyContext(
      text,
      blankFigure('duration', round(value * row.factor), row.unit, m.index, m.index + m[0].length),
    );
    if (high !== null && high > low) figure.bound = 'upper';
    found.push(figure);
  }
  for (const row of mayMatchAny(SPECIAL_DURATIONS, text) ? SPECIAL_DURATIONS : []) {
    row.re.lastIndex = 0;
    for (let m = row.re.exec(text); m; m = row.re.exec(text)) {
      const figure = applyContext(
        text,
        blankFigure('duration', row.value, row.unit, m.index, m.index + m[0].length),
      );
      figure.bound = 'upper';
      found.push(figure);
    }
  }
  return found;
};

const findPercents = (text: string): Figure[] => {
  const found: Figure[] = [];
  const bandSpans: [number, number][] = [];
  PERCENT_RANGE_RE.lastIndex = 0;
  for (let m = PERCENT_RANGE_RE.exec(text); m; m = PERCENT_RANGE_RE.exec(text)) {
    // Bands are ranges of availability ("99.0% – 99.5%"); "below 99.0% to 30%" pairs a band with a credit.
    const [low = 0, high = 0] = (m[0].match(/\d{1,3}(?:\.\d+)?/g) ?? []).map(Number);
    if (Math.min(low, high) >= 80) bandSpans.push([m.index, m.index + m[0].length]);
  }
  PERCENT_RE.lastIndex = 0;
  for (let m = PERCENT_RE.exec(text); m; m = PERCENT_RE.exec(text)) {
    found.push(percentFigure(text, Number(m[1]), m.index, m.index + m[0].length, bandSpans));
  }
  NINES_RE.lastIndex = 0;
  for (let m = NINES_RE.exec(text); m; m = NINES_RE.exec(text)) {
    const value = NINES[(m[1] ?? '').toLowerCase()];
    if (value !== undefined)
      found.push(percentFigure(text, value, m.index, m.index + m[0].length, bandSpans));
  }
  return found;
};

const percentFigure = (
  text: string,
  value: number,
  start: number,
  end: number,
  bands: [number, number][],
) => {
  const figure = blankFigure('percent', value, 'percent', start, end);
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 40);
  figure.band =
    BAND_BEFORE.test(before) || BAND_AFTER.test(after) || bands.some(([a, b]) => start >= a && end <= b);
  figure.shareOfTime = SHARE_AFTER.test(after);
  figure.incidental = INCIDENTAL_BEFORE.test(before);
  figure.alternative = insideAlternative(text, start);
  return figure;
};

const COUNT_RE = new RegExp(`(?<![\\w.])(${NUMBER_SOURCE})\\s+(rings?)\\b`, 'gi');

const findCounts = (text: string): Figure[] => {
  const found: Figure[] = [];
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(text); m; m = COUNT_RE.exec(text)) {
    const value = parseNumber(m[1] ?? '');
    if (value === null) continue;
    const figure = applyContext(text, blankFigure('count', value, null, m.index, m.index + m[0].length));
    figure.countOf = 'rings';
    found.push(figure);
  }
  return found;
};

// Amounts of money, for compensation paid when a promise is missed ("we'll pay you £30").
const CURRENCY_SYMBOL: Record<string, string> = { '£': 'GBP', '€': 'EUR', '₹': 'INR', $: 'USD' };
const CURRENCY_CODE: Record<string, string> = {
  us$: 'USD',
  a$: 'AUD',
  c$: 'CAD',
  nz$: 'NZD',
  rs: 'INR',
  'rs.': 'INR',
  inr: 'INR',
  gbp: 'GBP',
  usd: 'USD',
  eur: 'EUR',
  aud: 'AUD',
  cad: 'CAD',
  nzd: 'NZD',
  dollars: 'USD',
  pounds: 'GBP',
  euros: 'EUR',
  rupees: 'INR',
};
const AMOUNT = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?)';
const MONEY_RE = new RegExp(
  `(?:(us\\$|a\\$|c\\$|nz\\$|[£€₹$]|\\b(?:rs\\.?|inr|gbp|usd|eur|aud|cad|nzd)\\s?)\\s?${AMOUNT}|(?<![\\w.])${AMOUNT}\\s?(dollars|pounds|euros|rupees|usd|gbp|eur|inr|aud|cad|nzd)\\b)`,
  'gi',
);

const findMoney = (text: string): Figure[] => {
  const found: Figure[] = [];
  MONEY_RE.lastIndex = 0;
  for (let m = MONEY_RE.exec(text); m; m = MONEY_RE.exec(text)) {
    const mark = (m[1] ?? m[4] ?? '').trim().toLowerCase();
    const amount = Number((m[2] ?? m[3] ?? '').replace(/,/g, ''));
    if (!Number.isFinite(amount) || amount <= 0) continue;
    const figure = applyContext(text, blankFigure('money', amount, null, m.index, m.index + m[0].length));
    figure.currency = CURRENCY_SYMBOL[mark] ?? CURRENCY_CODE[mark];
    found.push(figure);
  }
  return found;
};

const MULTIPLE_RE = new RegExp(
  `(?<![\\w.])(${NUMBER_SOURCE})\\s*(?:times|x|×)\\s+(?:the\\s+|your\\s+|their\\s+)?(?:[a-z][a-z-]*\\s+){0,2}?(?:fees?|charges?|amounts?|prices?|costs?|rental|subscription|value)\\b`,
  'gi',
);

const findMultiples = (text: string): Figure[] => {
  const found: Figure[] = [];
  MULTIPLE_RE.lastIndex = 0;
  for (let m = MULTIPLE_RE.exec(text); m; m = MULTIPLE_RE.exec(text)) {
    const value = parseNumber(m[1] ?? '');
    if (value !== null && value > 0)
      found.push(blankFigure('multiple', value, null, m.index, m.index + m[0].length));
  }
  return found;
};

const INTERVALS: readonly { re: RegExp; value: number; unit: Unit }[] = [
  { re: /\b(?:hourly|every hour|each hour)\b/gi, value: 1, unit: 'hours' },
  { re: /\b(?:daily|every day|each day|nightly|every night)\b/gi, value: 1, unit: 'days' },
  { re: /\b(?:weekly|every week|each week)\b/gi, value: 7, unit: 'days' },
];
/** How often: "daily backups", "updates every 30 minutes" (the latter is also read as a duration). */
const findIntervals = (text: string): Figure[] => {
  const found: Figure[] = [];
  for (const row of INTERVALS) {
    row.re.lastIndex = 0;
    for (let m = row.re.exec(text); m; m = row.re.exec(text)) {
      // "24 hours a day, every day" is a schedule; "7 days a week" is not an interval.
      if (
        /\b(?:a|per)\s+(?:day|week)\b|24\s*(?:hours|\/|x)/i.test(
          text.slice(Math.max(0, m.index - 30), m.index),
        )
      )
        continue;
      found.push(blankFigure('interval', row.value, row.unit, m.index, m.index + m[0].length));
    }
  }
  return found;
};

/** A figure-only remainder such as the "3" after an uptime band in a credits table. */
export const bareNumber = (text: string): number | null => {
  const m = /^\s*[=:|–-]?\s*(\d+(?:\.\d+)?)\s*\*?\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : null;
};

// Cheap tests that decide which of the (costlier) figure scans can match at all.
const MAY_SCHEDULE =
  /\b(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?:s\b|\b|\.)|weekdays|weekends?|24|clock|days a week|daily|every day|\d\s*[x×/]\s*[5-7]/i;
const MAY_COUNT = /\brings?\b/i;
const MAY_DURATION = /hour|hr|day|min|sec|week|wk|month|year|yr|\dh\b|\dbds?\b|\d bds?\b/i;
const MAY_PERCENT = /%|percent|per cent|nines/i;
const MAY_MULTIPLE = /(?:times|x|×)\s/i;
const MAY_INTERVAL = /hourly|daily|nightly|weekly|every (?:hour|day|night|week)|each (?:hour|day|week)/i;
const MAY_MONEY = /[£$€₹]|\b(?:dollars|pounds|euros|rupees|usd|gbp|eur|inr|aud|cad|nzd|rs)\b/i;

// Within one document a block and its sentence are often the same text: scan it once. The cache is
// emptied for every document (see clearFigureCache), so it never carries one page's work to the next.
const cache = new Map<string, Figure[]>();
const CACHE_LIMIT = 2_000;

export const clearFigureCache = (): void => {
  cache.clear();
  mayHoldCache.clear();
};

/** Every figure in the text, earliest first, with overlapping matches resolved (schedules win). */
export const findFigures = (text: string): readonly Figure[] => {
  const cached = cache.get(text);
  if (cached) return cached;
  const figures = scanFigures(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, figures);
  return figures;
};

const scanFigures = (text: string): Figure[] => {
  const ordered = [
    ...(MAY_SCHEDULE.test(text) ? findSchedules(text) : []),
    ...(MAY_COUNT.test(text) ? findCounts(text) : []),
    ...(MAY_DURATION.test(text) ? findDurations(text) : []),
    ...(MAY_PERCENT.test(text) ? findPercents(text) : []),
    ...(MAY_MONEY.test(text) ? findMoney(text) : []),
    ...(MAY_MULTIPLE.test(text) ? findMultiples(text) : []),
    ...(MAY_INTERVAL.test(text) ? findIntervals(text) : []),
  ];
  const kept: Figure[] = [];
  for (const figure of ordered) {
    const clash = kept.find((k) => figure.start < k.end && k.start < figure.end);
    if (!clash) {
      kept.push(figure);
      continue;
    }
    // Prefer the longer span between two durations ("one business hour" over "within business hour").
    if (clash.kind === figure.kind && figure.end - figure.start > clash.end - clash.start) {
      kept.splice(kept.indexOf(clash), 1, figure);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
};

/** Cheap test that a text may hold a figure at all, so most sentences skip the full scan. */
// Every number word the figure patterns read (from the same tables), so none is ruled out here.
const MAY_HOLD_WORDS = new RegExp(
  `same[\\s-]|next[\\s-]|within (?:the|an?|business|working)|clock|nines|half an hour|hundred|hourly|daily|nightly|weekly|every (?:hour|day|night|week)|(?:${[
    ...Object.keys(UNIT_NUMBER_WORDS),
    ...Object.keys(TENS_NUMBER_WORDS),
  ].join('|')})\\b`,
  'i',
);
// A document asks this of the same block and clause texts several times (the rules, then the
// candidates): answered once per text, and emptied with the figure cache.
const mayHoldCache = new Map<string, boolean>();
export const mayHoldFigure = (text: string): boolean => {
  let v = mayHoldCache.get(text);
  if (v === undefined) {
    v = /\d/.test(text) || MAY_HOLD_WORDS.test(text);
    if (mayHoldCache.size >= CACHE_LIMIT) mayHoldCache.clear();
    mayHoldCache.set(text, v);
  }
  return v;
};
