// Generates the example company's delivery data and complaints: seeded, so the same arguments
// always write the same files. The story the numbers tell is in examples/README.md.
// Run: npx tsx examples/generate-data.ts [--end-week 2026-W47] [--weeks 9] [--out examples/data]

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { COMPLAINT_SEEDS, NOT_COMPLAINTS, type Theme, type Tier } from './complaint-texts.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The business calendar, as in the config file's `calendar` section. */
export interface CalendarSpec {
  timezone: string;
  hours: Partial<Record<(typeof WEEKDAYS)[number], [string, string] | null>>;
  holidays: string[];
}

export interface GenerateOptions {
  /** The last ISO week to generate, e.g. "2026-W47". */
  endWeek: string;
  /** How many complete ISO weeks, ending with `endWeek`. */
  weeks: number;
  calendar: CalendarSpec;
}

/** Figures of one week, computed from the generated rows: what the story in the README quotes. */
export interface WeekStory {
  week: string;
  tickets: number;
  proReplied: number;
  /** Pro tickets with a first reply within 2 business hours, percent. */
  proWithin2BusinessHours: number;
  proMedianBusinessHours: number;
  enterpriseUrgent: number;
  enterpriseUrgentMaxMinutes: number;
  /** Enterprise tickets with a first reply within 60 minutes, percent. */
  enterpriseWithinHour: number;
  /** Starter tickets with a first reply within 2 business days, percent. */
  starterWithin2BusinessDays: number;
  orders: number;
  /** Orders dispatched within 1 business day, percent. */
  dispatchedWithin1BusinessDay: number;
  /** Orders dispatched within 3 business days, percent. */
  dispatchedWithin3BusinessDays: number;
  refunds: number;
  refundMaxBusinessDays: number;
  /** Mean daily uptime of both services, month to date at the end of the week, percent. */
  uptimeMonthToDate: number;
  complaints: number;
  notComplaints: number;
  refundComplaints: number;
}

export interface GeneratedData {
  files: Record<string, string>;
  stories: WeekStory[];
  badTicketRows: { line: number; problem: string }[];
}

export class GenerateOptionsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GenerateOptionsError';
  }
}

// --- seeded randomness -------------------------------------------------------------------------

/** mulberry32: small, fast and good enough for example data; the same seed gives the same stream. */
const createRandom = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = (): number => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    /** A log-normal draw with the given median, clamped to [min, max]. */
    logNormal: (median: number, sigma: number, min: number, max: number): number =>
      Math.min(max, Math.max(min, median * Math.exp(sigma * normal()))),
    pick: <T>(weighted: [T, number][]): T => {
      const total = weighted.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of weighted) {
        r -= w;
        if (r < 0) return value;
      }
      const last = weighted[weighted.length - 1];
      if (!last) throw new Error('pick from an empty list');
      return last[0];
    },
  };
};
type Random = ReturnType<typeof createRandom>;

// --- weeks and the business calendar -----------------------------------------------------------

/** Monday 00:00 UTC of an ISO week id such as 2026-W47. */
export const isoWeekStart = (id: string): number => {
  const m = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!m) throw new GenerateOptionsError(`--end-week: "${id}" is not an ISO week such as 2026-W47`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const start = jan4Monday + (week - 1) * 7 * DAY_MS;
  if (week < 1 || week > 53 || isoWeekId(start) !== id) {
    throw new GenerateOptionsError(`--end-week: ${year} has no week ${week}`);
  }
  return start;
};

export const isoWeekId = (ms: number): string => {
  const d = new Date(ms);
  const monday =
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return `${year}-W${String(1 + Math.round((monday - jan4Monday) / (7 * DAY_MS))).padStart(2, '0')}`;
};

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Monday. */
  weekday: number;
  minute: number;
  dateKey: string;
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Opening hours, holidays and time zone arithmetic, in local wall-clock time like a customer reads them. */
const createCalendar = (spec: CalendarSpec) => {
  const holidays = new Set(spec.holidays);
  const local = (ms: number): LocalTime => {
    const t = new TZDate(ms, spec.timezone);
    return {
      year: t.getFullYear(),
      month: t.getMonth(),
      day: t.getDate(),
      weekday: (t.getDay() + 6) % 7,
      minute: t.getHours() * 60 + t.getMinutes() + t.getSeconds() / 60,
      dateKey: `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`,
    };
  };
  /** The instant at `minute` past local midnight (wall clock, so DST days stay right), `dayOffset` days on. */
  const at = (l: Pick<LocalTime, 'year' | 'month' | 'day'>, minute: number, dayOffset = 0): number =>
    new TZDate(l.year, l.month, l.day + dayOffset, Math.floor(minute / 60), 0, 0, spec.timezone).getTime() +
    (minute % 60) * MINUTE_MS;
  /** [open, close] minutes of the local day, or null when closed all day. */
  const hoursOf = (l: LocalTime): [number, number] | null => {
    if (holidays.has(l.dateKey)) return null;
    const h = spec.hours[WEEKDAYS[l.weekday] ?? 'sun'];
    return h ? [toMinutes(h[0]), toMinutes(h[1])] : null;
  };
  const isOpen = (ms: number): boolean => {
    const l = local(ms);
    const h = hoursOf(l);
    return h !== null && l.minute >= h[0] && l.minute < h[1];
  };
  const isBusinessDay = (ms: number): boolean => hoursOf(local(ms)) !== null;
  /** The instant `minutes` business minutes after `from` (the clock pauses when closed). */
  const addBusinessMinutes = (from: number, minutes: number): number => {
    let cursor = from;
    let left = minutes;
    for (let guard = 0; guard < 400; guard++) {
      const l = local(cursor);
      const h = hoursOf(l);
      if (h && l.minute < h[1]) {
        const start = Math.max(l.minute, h[0]);
        if (left <= h[1] - start) return at(l, start + left);
        left -= h[1] - start;
      }
      cursor = at(l, 0, 1);
    }
    throw new Error('no business hours within 400 days: check the calendar');
  };
  const businessMinutesBetween = (from: number, to: number): number => {
    let total = 0;
    let cursor = from;
    while (cursor < to) {
      const l = local(cursor);
      const h = hoursOf(l);
      if (h) {
        const open = Math.max(at(l, h[0]), cursor);
        const close = Math.min(at(l, h[1]), to);
        if (close > open) total += (close - open) / MINUTE_MS;
      }
      cursor = at(l, 0, 1);
    }
    return total;
  };
  const minutesPerBusinessDay = (() => {
    const h = spec.hours.mon ?? spec.hours.tue ?? spec.hours.wed;
    return h ? toMinutes(h[1]) - toMinutes(h[0]) : 480;
  })();
  const stamp = (ms: number): string => format(new TZDate(ms, spec.timezone), "yyyy-MM-dd'T'HH:mm:ssXXX");
  return {
    local,
    at,
    isOpen,
    isBusinessDay,
    addBusinessMinutes,
    businessMinutesBetween,
    minutesPerBusinessDay,
    stamp,
  };
};
type Calendar = ReturnType<typeof createCalendar>;

/** A random instant in [start, start + 7 days), accepted in proportion to `weight`, rounded to the minute. */
const drawInstant = (random: Random, start: number, weight: (ms: number) => number): number => {
  for (let guard = 0; guard < 10_000; guard++) {
    const ms = Math.floor((start + random.next() * 7 * DAY_MS) / MINUTE_MS) * MINUTE_MS;
    if (random.next() < weight(ms)) return ms;
  }
  throw new Error('could not draw a time: the weights are all zero');
};

// --- tickets -----------------------------------------------------------------------------------

type Priority = 'Urgent' | 'High' | 'Normal' | 'Low';
type Via = 'email' | 'chat' | 'phone' | 'web';

interface Ticket {
  created: number;
  reply: number | null;
  solved: number | null;
  priority: Priority;
  via: Via;
  plan: Tier;
  week: number;
}

const PRIORITY_MIX: Record<Tier, [Priority, number][]> = {
  Starter: [
    ['Urgent', 4],
    ['High', 16],
    ['Normal', 50],
    ['Low', 30],
  ],
  Pro: [
    ['Urgent', 8],
    ['High', 22],
    ['Normal', 45],
    ['Low', 25],
  ],
  // Enterprise urgent tickets are drawn separately (a fixed 21-26 a week): a terminal fleet that is
  // down is an urgent ticket, and the SLA's P1 promise needs enough cases to be judged every week.
  Enterprise: [
    ['High', 45],
    ['Normal', 40],
    ['Low', 15],
  ],
};

const VIA_MIX: Record<Tier, [Via, number][]> = {
  Starter: [
    ['email', 60],
    ['web', 40],
  ],
  Pro: [
    ['email', 50],
    ['web', 25],
    ['chat', 25],
  ],
  Enterprise: [
    ['phone', 35],
    ['email', 35],
    ['chat', 20],
    ['web', 10],
  ],
};

/** Median business minutes to a Pro first reply (email and web), by weeks before the last one. */
const proMedianMinutes = (late: number): number => [300, 190, 120, 95][late] ?? 85;
const PRO_PRIORITY_FACTOR: Record<Priority, number> = { Urgent: 0.45, High: 0.85, Normal: 1, Low: 1.1 };
const ENTERPRISE_REPLY: Record<Priority, [median: number, min: number, max: number]> = {
  Urgent: [9, 2, 27],
  High: [18, 3, 55],
  Normal: [22, 4, 58],
  Low: [28, 5, 59],
};

const ticketCounts = (random: Random, w: number, late: number): Record<Tier, number> => ({
  Starter: 60 + 2 * w + random.int(-6, 6),
  Pro: ([100, 90, 80][late] ?? 68) + random.int(-5, 5),
  Enterprise: 30 + random.int(-3, 3),
});

const generateTickets = (random: Random, cal: Calendar, starts: number[], exportAt: number): Ticket[] => {
  const tickets: Ticket[] = [];
  starts.forEach((start, w) => {
    const late = starts.length - 1 - w;
    const counts = ticketCounts(random, w, late);
    const enterpriseUrgent = random.int(21, 26);
    const plans: { plan: Tier; priority?: Priority }[] = [];
    for (const plan of ['Starter', 'Pro', 'Enterprise'] as const) {
      for (let i = 0; i < counts[plan]; i++) plans.push({ plan });
    }
    for (let i = 0; i < enterpriseUrgent; i++) plans.push({ plan: 'Enterprise', priority: 'Urgent' });
    for (const { plan, priority: fixed } of plans) {
      const priority = fixed ?? random.pick(PRIORITY_MIX[plan]);
      const via: Via =
        plan === 'Enterprise' && priority === 'Urgent'
          ? random.pick<Via>([
              ['phone', 60],
              ['email', 25],
              ['chat', 15],
            ])
          : random.pick(VIA_MIX[plan]);
      const allDay = plan === 'Enterprise' && via !== 'chat';
      const created = drawInstant(random, start, (ms) => {
        if (cal.isOpen(ms)) return 1;
        if (via === 'chat') return 0; // chat is only staffed in business hours
        const hour = Math.floor(cal.local(ms).minute / 60);
        const daytime = hour >= 8 && hour < 21;
        if (cal.isBusinessDay(ms)) return daytime ? (allDay ? 0.35 : 0.15) : allDay ? 0.1 : 0.02;
        return daytime ? (allDay ? 0.3 : 0.08) : allDay ? 0.1 : 0.02;
      });

      let reply: number;
      if (plan === 'Enterprise') {
        const [median, min, max] = via === 'chat' ? [2.5, 1, 8] : ENTERPRISE_REPLY[priority];
        reply = created + Math.round(random.logNormal(median, 0.5, min, max)) * MINUTE_MS;
      } else if (via === 'chat') {
        reply = created + Math.round(random.logNormal(3.5, 0.45, 1, 14)) * MINUTE_MS;
      } else if (plan === 'Pro') {
        const median = proMedianMinutes(late) * PRO_PRIORITY_FACTOR[priority];
        reply = cal.addBusinessMinutes(created, Math.round(random.logNormal(median, 0.45, 6, 525)));
      } else {
        reply = cal.addBusinessMinutes(created, Math.round(random.logNormal(300, 0.6, 15, 1020)));
      }

      let solved: number | null;
      if (random.next() < 0.05)
        solved = null; // waiting on the customer
      else if (plan === 'Enterprise' && priority === 'Urgent') {
        solved = Math.max(
          created + Math.round(random.logNormal(110, 0.35, 35, 225)) * MINUTE_MS,
          reply + 5 * MINUTE_MS,
        );
      } else if (plan === 'Enterprise') {
        const [median, min, max] = { High: [200, 30, 500], Normal: [1100, 60, 2600], Low: [2500, 60, 9000] }[
          priority as 'High' | 'Normal' | 'Low'
        ] as [number, number, number];
        solved = Math.max(
          cal.addBusinessMinutes(created, Math.round(random.logNormal(median, 0.5, min, max))),
          reply + 15 * MINUTE_MS,
        );
      } else {
        const median = plan === 'Pro' ? 500 : 900;
        solved = cal.addBusinessMinutes(reply, Math.round(random.logNormal(median, 0.7, 20, 4800)));
      }
      const replied = reply <= exportAt ? reply : null;
      tickets.push({
        created,
        reply: replied,
        solved: replied !== null && solved !== null && solved <= exportAt ? solved : null,
        priority,
        via,
        plan,
        week: w,
      });
    }
  });
  return tickets.sort((a, b) => a.created - b.created);
};

interface TicketsCsv {
  csv: string;
  bad: { line: number; problem: string; index: number }[];
}

/** Zendesk-style export, with three rows spoiled on purpose so import error reporting shows. */
const writeTicketsCsv = (tickets: Ticket[], cal: Calendar, weeks: number): TicketsCsv => {
  const lastWeek = (w: number) => tickets.findIndex((t) => t.week === w);
  const spoil = new Map<number, string>();
  const pickIn = (w: number, offset: number): number => {
    const first = lastWeek(w);
    return first < 0 ? -1 : Math.min(first + offset, tickets.length - 1);
  };
  const malformed = pickIn(weeks - 1, 41);
  const replyBefore = pickIn(weeks - 2, 57);
  const missingId = pickIn(weeks - 3, 23);
  if (malformed >= 0) spoil.set(malformed, 'malformed Created at');
  if (replyBefore >= 0) spoil.set(replyBefore, 'First reply at before Created at');
  if (missingId >= 0) spoil.set(missingId, 'missing Id');

  const lines = ['Id,Created at,First reply at,Solved at,Priority,Via,Plan'];
  const bad: TicketsCsv['bad'] = [];
  tickets.forEach((t, i) => {
    const id = String(48_000 + i);
    let created = cal.stamp(t.created);
    let reply = t.reply === null ? '' : cal.stamp(t.reply);
    const problem = spoil.get(i);
    if (problem === 'malformed Created at') created = created.replace(/T\d\d:/, 'T25:');
    if (problem === 'First reply at before Created at') reply = cal.stamp(t.created - 3 * 60 * MINUTE_MS);
    const solved = t.solved === null ? '' : cal.stamp(t.solved);
    lines.push(
      [problem === 'missing Id' ? '' : id, created, reply, solved, t.priority, t.via, t.plan].join(','),
    );
    if (problem) bad.push({ line: lines.length, problem, index: i });
  });
  return { csv: `${lines.join('\n')}\n`, bad };
};

// --- shipping, refunds, uptime -----------------------------------------------------------------

interface Order {
  at: number;
  value: number;
  region: 'US' | 'Canada';
  week: number;
}

/** Extra business days an order waits for stock, by weeks before the last one. */
const dispatchSlip = (random: Random, late: number): number => {
  const r = random.next();
  if (late === 0) return r < 0.06 ? 3 : r < 0.16 ? 2 : r < 0.52 ? 1 : 0;
  if (late === 1) return r < 0.03 ? 2 : r < 0.2 ? 1 : 0;
  if (late === 2) return r < 0.04 ? 1 : 0;
  return 0;
};

const generateOrders = (random: Random, cal: Calendar, starts: number[]): Order[] => {
  const orders: Order[] = [];
  const cutoff = 14 * 60;
  const nextBusinessDay = (ms: number): number => {
    let l = cal.local(ms);
    let day = cal.at(l, 0, 1);
    while (!cal.isBusinessDay(day)) {
      l = cal.local(day);
      day = cal.at(l, 0, 1);
    }
    return day;
  };
  starts.forEach((start, w) => {
    const late = starts.length - 1 - w;
    const count = 66 + 2 * w + ([18, 10][late] ?? 0) + random.int(-6, 6);
    for (let i = 0; i < count; i++) {
      const at = drawInstant(random, start, (ms) => {
        if (cal.isOpen(ms)) return 1;
        const hour = Math.floor(cal.local(ms).minute / 60);
        const daytime = hour >= 7 && hour < 23;
        if (cal.isBusinessDay(ms)) return daytime ? 0.45 : 0.08;
        return daytime ? 0.35 : 0.08;
      });
      // The warehouse has two carrier pickups: 11:00 and 16:30. Orders before the 2 pm cutoff on a
      // business day make the afternoon pickup; the rest leave with the next business day's morning one.
      const l = cal.local(at);
      const sameDay = cal.isBusinessDay(at) && l.minute < cutoff;
      let dispatchDay = sameDay ? cal.at(l, 0) : nextBusinessDay(at);
      let pickupMinute = sameDay ? 16 * 60 + 30 + random.int(-15, 15) : 11 * 60 + random.int(-15, 20);
      const slip = dispatchSlip(random, late);
      for (let s = 0; s < slip; s++) dispatchDay = nextBusinessDay(dispatchDay);
      if (slip > 0) pickupMinute = 16 * 60 + 30 + random.int(-15, 15);
      const dispatched = cal.at(cal.local(dispatchDay), pickupMinute);
      const value = cal.businessMinutesBetween(at, dispatched) / cal.minutesPerBusinessDay;
      orders.push({
        at,
        value: Math.round(value * 100) / 100,
        region: random.next() < 0.88 ? 'US' : 'Canada',
        week: w,
      });
    }
  });
  return orders.sort((a, b) => a.at - b.at);
};

interface Refund {
  at: number;
  value: number;
  week: number;
}

const generateRefunds = (random: Random, cal: Calendar, starts: number[]): Refund[] => {
  const refunds: Refund[] = [];
  starts.forEach((start, w) => {
    const count = 22 + random.int(0, 8);
    for (let i = 0; i < count; i++) {
      // The time the returned terminal was received at the warehouse (business hours only).
      const at = drawInstant(random, start, (ms) => (cal.isOpen(ms) ? 1 : 0));
      const value = random.logNormal(2.4, 0.35, 0.5, 4.8);
      refunds.push({ at, value: Math.round(value * 100) / 100, week: w });
    }
  });
  return refunds.sort((a, b) => a.at - b.at);
};

interface UptimeDay {
  day: number;
  service: 'dashboard' | 'api';
  value: number;
  week: number;
}

/** Minutes of downtime, keyed by [weeks before the last one, weekday (0 = Monday), service]. */
const INCIDENTS: [late: number, weekday: number, service: UptimeDay['service'], minutes: number][] = [
  [7, 4, 'dashboard', 6],
  [5, 2, 'api', 47],
  [5, 2, 'dashboard', 12],
  [2, 2, 'api', 3],
  [0, 1, 'dashboard', 9],
];

const generateUptime = (random: Random, starts: number[]): UptimeDay[] => {
  const days: UptimeDay[] = [];
  starts.forEach((start, w) => {
    const late = starts.length - 1 - w;
    for (let d = 0; d < 7; d++) {
      for (const service of ['dashboard', 'api'] as const) {
        const incident = INCIDENTS.find(([l, wd, s]) => l === late && wd === d && s === service);
        // Otherwise a few seconds of failed checks on some days.
        const down = incident ? incident[3] : random.next() < 0.55 ? 0 : random.int(1, 15) / 10;
        days.push({
          day: start + d * DAY_MS,
          service,
          value: Math.round((100 - (down / 1440) * 100) * 1000) / 1000,
          week: w,
        });
      }
    }
  });
  return days;
};

// --- complaints --------------------------------------------------------------------------------

interface GeneratedComplaint {
  id: string;
  at: number;
  text: string;
  channel: string;
  tier: Tier;
  theme: Theme;
  week: number;
}

const generateComplaints = (random: Random, cal: Calendar, starts: number[]): GeneratedComplaint[] => {
  const out: Omit<GeneratedComplaint, 'id'>[] = [];
  for (const seed of COMPLAINT_SEEDS) {
    const w = starts.length - 1 - seed.week;
    const start = starts[w];
    if (start === undefined) continue;
    const monday = cal.local(start + 12 * 60 * MINUTE_MS);
    const day =
      seed.when?.day ??
      random.pick<number>([
        [0, 18],
        [1, 17],
        [2, 17],
        [3, 16],
        [4, 16],
        [5, 9],
        [6, 7],
      ]);
    // Local 08:00-18:59 keeps every message inside its UTC week in either offset.
    const from = (seed.when?.fromHour ?? 8) * 60;
    const to = (seed.when?.toHour ?? 19) * 60 - 1;
    const at = cal.at(monday, random.int(from, to), day);
    out.push({ at, text: seed.text, channel: seed.channel, tier: seed.tier, theme: seed.theme, week: w });
  }
  return out
    .sort((a, b) => a.at - b.at || a.text.localeCompare(b.text))
    .map((c, i) => ({ ...c, id: `TF-C-${10_001 + i}` }));
};

// --- the story, in figures ---------------------------------------------------------------------

const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? 0
    : sorted.length % 2
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const tellStories = (
  starts: number[],
  cal: Calendar,
  data: {
    tickets: Ticket[];
    spoiled: Set<number>;
    orders: Order[];
    refunds: Refund[];
    uptime: UptimeDay[];
    complaints: GeneratedComplaint[];
  },
): WeekStory[] =>
  starts.map((start, w) => {
    const tickets = data.tickets.filter((t, i) => t.week === w && !data.spoiled.has(i));
    const replied = (plan: Tier) =>
      tickets.filter((t): t is Ticket & { reply: number } => t.plan === plan && t.reply !== null);
    const proBusiness = replied('Pro').map((t) => cal.businessMinutesBetween(t.created, t.reply));
    const enterprise = replied('Enterprise').map((t) => ({ t, minutes: (t.reply - t.created) / MINUTE_MS }));
    const urgent = enterprise.filter((e) => e.t.priority === 'Urgent');
    const starter = replied('Starter').map((t) => cal.businessMinutesBetween(t.created, t.reply));
    const orders = data.orders.filter((o) => o.week === w);
    const refunds = data.refunds.filter((r) => r.week === w);
    const lastDay = start + 6 * DAY_MS;
    const month = new Date(lastDay).getUTCMonth();
    const monthToDate = data.uptime.filter(
      (u) => new Date(u.day).getUTCMonth() === month && u.day <= lastDay && u.day > lastDay - 31 * DAY_MS,
    );
    const complaints = data.complaints.filter((c) => c.week === w);
    return {
      week: isoWeekId(start),
      tickets: tickets.length,
      proReplied: proBusiness.length,
      proWithin2BusinessHours: percent(proBusiness.filter((m) => m <= 120).length, proBusiness.length),
      proMedianBusinessHours: Math.round((median(proBusiness) / 60) * 10) / 10,
      enterpriseUrgent: urgent.length,
      enterpriseUrgentMaxMinutes: Math.max(0, ...urgent.map((e) => e.minutes)),
      enterpriseWithinHour: percent(enterprise.filter((e) => e.minutes <= 60).length, enterprise.length),
      starterWithin2BusinessDays: percent(
        starter.filter((m) => m <= 2 * cal.minutesPerBusinessDay).length,
        starter.length,
      ),
      orders: orders.length,
      dispatchedWithin1BusinessDay: percent(orders.filter((o) => o.value <= 1).length, orders.length),
      dispatchedWithin3BusinessDays: percent(orders.filter((o) => o.value <= 3).length, orders.length),
      refunds: refunds.length,
      refundMaxBusinessDays: Math.max(0, ...refunds.map((r) => r.value)),
      uptimeMonthToDate:
        Math.round(
          (monthToDate.reduce((sum, u) => sum + u.value, 0) / Math.max(1, monthToDate.length)) * 1000,
        ) / 1000,
      complaints: complaints.filter((c) => !NOT_COMPLAINTS.includes(c.theme)).length,
      notComplaints: complaints.filter((c) => NOT_COMPLAINTS.includes(c.theme)).length,
      refundComplaints: complaints.filter((c) => c.theme === 'refund').length,
    };
  });

// --- entry points ------------------------------------------------------------------------------

/** Generates every data file of the example, in memory. Same options, same bytes. */
export const generateExampleData = (options: GenerateOptions): GeneratedData => {
  if (!Number.isInteger(options.weeks) || options.weeks < 1 || options.weeks > 52) {
    throw new GenerateOptionsError(`--weeks: expected a whole number from 1 to 52, got ${options.weeks}`);
  }
  const end = isoWeekStart(options.endWeek);
  const starts = Array.from({ length: options.weeks }, (_, i) => end - (options.weeks - 1 - i) * 7 * DAY_MS);
  const cal = createCalendar(options.calendar);
  // The help desk export was taken at noon local time on the Monday after the last week.
  const exportAt = cal.at(cal.local(end + 7 * DAY_MS + 12 * 60 * MINUTE_MS), 12 * 60);

  // One stream per file, so changing how one file is drawn leaves the others as they were.
  const tickets = generateTickets(createRandom(4701), cal, starts, exportAt);
  const ticketsCsv = writeTicketsCsv(tickets, cal, options.weeks);
  const orders = generateOrders(createRandom(4702), cal, starts);
  const refunds = generateRefunds(createRandom(4703), cal, starts);
  const uptime = generateUptime(createRandom(4704), starts);
  const complaints = generateComplaints(createRandom(4705), cal, starts);

  const samples = (header: string, rows: string[]) => `${[header, ...rows].join('\n')}\n`;
  const utcDay = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)}T00:00:00+00:00`;
  const files = {
    'tickets.csv': ticketsCsv.csv,
    'uptime.csv': samples(
      'metric,value,unit,at,service',
      uptime.map((u) => `uptime,${u.value.toFixed(3)},percent,${utcDay(u.day)},${u.service}`),
    ),
    'shipping.csv': samples(
      'metric,value,unit,at,region',
      orders.map((o) => `dispatch_time,${o.value.toFixed(2)},business_days,${cal.stamp(o.at)},${o.region}`),
    ),
    'refunds.csv': samples(
      'metric,value,unit,at',
      refunds.map((r) => `refund_processing_time,${r.value.toFixed(2)},business_days,${cal.stamp(r.at)}`),
    ),
    'complaints.jsonl': complaints
      .map(
        (c) =>
          `${JSON.stringify({ id: c.id, at: cal.stamp(c.at), text: c.text, channel: c.channel, tier: c.tier })}\n`,
      )
      .join(''),
  };
  const stories = tellStories(starts, cal, {
    tickets,
    spoiled: new Set(ticketsCsv.bad.map((b) => b.index)),
    orders,
    refunds,
    uptime,
    complaints,
  });
  return { files, stories, badTicketRows: ticketsCsv.bad.map(({ line, problem }) => ({ line, problem })) };
};

/** Reads the calendar from the example's config file, so the data and the config agree. */
export const readCalendar = (configPath: string): CalendarSpec => {
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { calendar?: CalendarSpec };
  if (!raw.calendar?.timezone) throw new GenerateOptionsError(`${configPath}: no calendar.timezone`);
  return {
    timezone: raw.calendar.timezone,
    hours: raw.calendar.hours ?? {},
    holidays: raw.calendar.holidays ?? [],
  };
};

const argument = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new GenerateOptionsError(`${name} needs a value`);
  return value;
};

const printStories = (stories: WeekStory[]): void => {
  const columns: [string, (s: WeekStory) => string | number][] = [
    ['week', (s) => s.week],
    ['tickets', (s) => s.tickets],
    ['pro<=2bh %', (s) => s.proWithin2BusinessHours],
    ['pro p50 bh', (s) => s.proMedianBusinessHours],
    ['ent P1 n', (s) => s.enterpriseUrgent],
    ['ent P1 max min', (s) => s.enterpriseUrgentMaxMinutes],
    ['ent<=1h %', (s) => s.enterpriseWithinHour],
    ['starter<=2bd %', (s) => s.starterWithin2BusinessDays],
    ['orders', (s) => s.orders],
    ['ship<=1bd %', (s) => s.dispatchedWithin1BusinessDay],
    ['ship<=3bd %', (s) => s.dispatchedWithin3BusinessDays],
    ['refunds', (s) => s.refunds],
    ['refund max bd', (s) => s.refundMaxBusinessDays],
    ['uptime MTD %', (s) => s.uptimeMonthToDate],
    ['complaints', (s) => s.complaints],
    ['refund compl.', (s) => s.refundComplaints],
  ];
  const rows = [columns.map(([h]) => h), ...stories.map((s) => columns.map(([, f]) => String(f(s))))];
  const widths = columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')}\n`);
};

const main = (): void => {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(argument('--out', join(here, 'data')));
  const data = generateExampleData({
    endWeek: argument('--end-week', '2026-W47'),
    weeks: Number(argument('--weeks', '9')),
    calendar: readCalendar(join(here, 'promisegap.config.json')),
  });
  for (const [name, text] of Object.entries(data.files)) {
    writeFileSync(join(out, name), text);
    process.stdout.write(`wrote ${join(out, name)} (${text.split('\n').length - 1} lines)\n`);
  }
  for (const bad of data.badTicketRows)
    process.stdout.write(`tickets.csv line ${bad.line}: ${bad.problem} (on purpose)\n`);
  printStories(data.stories);
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof GenerateOptionsError)) throw error;
    process.stderr.write(`generate-data: ${error.message}\n`);
    process.exitCode = 2;
  }
}
