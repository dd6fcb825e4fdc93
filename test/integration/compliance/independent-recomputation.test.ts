// An independent recomputation of the accounting rules. Random scenarios (zones east and west of
// UTC with half-hour offsets, opening hours, holidays, weeks holding a DST change or a month end,
// thresholds hit exactly, tiers, targets, medians, means, monthly promises and their closing
// verdicts) go through the product end to end: a help-desk CSV is imported, stored in the embedded
// store, and graded by evaluateWindow. The same scenarios are graded by a small reference written
// here from docs/accounting-rules.md alone, with @date-fns/tz and plain arithmetic: none of the
// product's calendar, window, rollup or compliance code. Every verdict must agree.
// RECOMPUTE_SEED=n picks another set of scenarios.

import { TZDate } from '@date-fns/tz';
import { afterAll, describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { DEFAULT_EVALUATION_RULES, evaluateWindow } from '../../../packages/compliance/index.ts';
import type { CalendarConfig, ServicePromise, Verdict } from '../../../packages/core/index.ts';
import { silentLogger, weekWindow } from '../../../packages/core/index.ts';
import { parseTicketsCsv } from '../../../packages/ingest/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

const SEED = Number(process.env.RECOMPUTE_SEED ?? 20_261_203);
const MIN = 60_000;
const DAY = 86_400_000;
const MIN_SAMPLES = 20;
const AT_RISK = 75;

// --- a seeded random source -------------------------------------------------------------------

const random = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, int, pick };
};

// --- the reference: local days, weeks and months with @date-fns/tz ---------------------------

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
const civil = (ms: number, tz: string) => {
  const d = new TZDate(ms, tz);
  return { y: d.getFullYear(), m: d.getMonth(), d: d.getDate() };
};
const midnight = (y: number, m: number, d: number, tz: string) => new TZDate(y, m, d, 0, 0, tz).getTime();

/** Monday 00:00 local of ISO week `id`, and the next Monday. */
const refWeek = (id: string, tz: string): [number, number] => {
  const [y, w] = id.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = new Date(Date.UTC(y, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (w - 1) * 7));
  const [a, b, c] = [monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate()];
  return [midnight(a, b, c, tz), midnight(a, b, c + 7, tz)];
};

const refBusinessMinutes = (cal: CalendarConfig, from: number, to: number): number => {
  const holidays = new Set(cal.holidays);
  let ms = 0;
  const start = civil(from, cal.timezone);
  for (let i = -1; ; i++) {
    const day = new Date(Date.UTC(start.y, start.m, start.d + i));
    const open = midnight(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), cal.timezone);
    if (open > to) break;
    const hours = cal.hours[DAYS[day.getUTCDay()] as (typeof DAYS)[number]];
    if (!hours || holidays.has(day.toISOString().slice(0, 10))) continue;
    const at = (min: number) =>
      new TZDate(
        day.getUTCFullYear(),
        day.getUTCMonth(),
        day.getUTCDate(),
        Math.floor(min / 60),
        min % 60,
        cal.timezone,
      ).getTime();
    const lo = Math.max(at(hhmm(hours[0])), from);
    const hi = Math.min(at(hhmm(hours[1])), to);
    if (hi > lo) ms += hi - lo;
  }
  return ms / MIN;
};

interface Ticket {
  created: number;
  reply: number;
}

type Kind = 'share' | 'median' | 'mean' | 'monthly';

interface Scenario {
  id: string;
  tier: string;
  kind: Kind;
  unit: 'minutes' | 'hours' | 'business_hours';
  threshold: number;
  target: number | undefined;
  week: string;
  tickets: Ticket[];
}

interface RefVerdict {
  status: Verdict['status'];
  samples: number;
  attainment: number | null;
}

/** The rules of docs/accounting-rules.md, for one promise and one span of local time. */
const refGrade = (s: Scenario, cal: CalendarConfig, from: number, to: number): RefVerdict => {
  const values = s.tickets
    .filter((t) => t.reply >= from && t.reply < to)
    .map((t) =>
      s.unit === 'business_hours'
        ? refBusinessMinutes(cal, t.created, t.reply) / 60
        : (t.reply - t.created) / MIN / (s.unit === 'hours' ? 60 : 1),
    );
  const n = values.length;
  if (n === 0) return { status: 'no_data', samples: 0, attainment: null };
  const within = values.filter((v) => v <= s.threshold).length;
  const attainment = (within / n) * 100;
  if (n < MIN_SAMPLES) return { status: 'no_data', samples: n, attainment };
  if (s.kind === 'mean') {
    const mean = values.reduce((a, b) => a + b, 0) / n;
    if (mean > s.threshold) return { status: 'breached', samples: n, attainment };
    return { status: (mean / s.threshold) * 100 > AT_RISK ? 'at_risk' : 'kept', samples: n, attainment };
  }
  const target = s.kind === 'median' ? 50 : (s.target ?? 100);
  // Integer arithmetic: a share exactly on the target, or a budget spent exactly 75%, is exact.
  const misses = n - within;
  if (within * 100 < target * n) return { status: 'breached', samples: n, attainment };
  const allowed = 100 - target;
  const atRisk = allowed > 0 && misses * 100 * 100 > AT_RISK * allowed * n;
  return { status: atRisk ? 'at_risk' : 'kept', samples: n, attainment };
};

// --- scenarios --------------------------------------------------------------------------------

const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Adelaide',
  'Asia/Kolkata',
  'Pacific/Auckland',
];
// DST starts (W10 in the US, W13 in Europe), ends (W14 south, W43 Europe, W44 US) and month ends
// (31 March in W14, 31 October in W44).
const WEEKS = ['2026-W10', '2026-W13', '2026-W14', '2026-W44'];
const OPENING: [string, string][] = [
  ['09:00', '17:00'],
  ['08:30', '18:00'],
  ['07:00', '19:30'],
  ['10:00', '16:00'],
];

const makeCalendar = (r: ReturnType<typeof random>, timezone: string): CalendarConfig => {
  const hours = Object.fromEntries(
    DAYS.map((d) => [d, d === 'sun' || (d === 'sat' && r.next() < 0.7) ? null : r.pick(OPENING)]),
  ) as CalendarConfig['hours'];
  // A few holidays inside the graded weeks and the days before them.
  const holidays = new Set<string>();
  for (const w of WEEKS) {
    const [start] = refWeek(w, 'UTC');
    for (let k = 0; k < 2; k++) holidays.add(new Date(start + r.int(-9, 6) * DAY).toISOString().slice(0, 10));
  }
  return { timezone, hours, holidays: [...holidays].sort() };
};

const makeScenario = (r: ReturnType<typeof random>, zone: string, week: string, index: number): Scenario => {
  const kind = r.pick<Kind>(['share', 'share', 'median', 'mean', 'monthly']);
  const unit = r.pick(['minutes', 'hours', 'business_hours'] as const);
  const threshold = unit === 'minutes' ? r.pick([30, 60, 90]) : r.pick([1, 2, 4]);
  const thresholdMinutes = unit === 'minutes' ? threshold : threshold * 60;
  const target = kind === 'share' || kind === 'monthly' ? r.pick([undefined, 100, 95, 90, 80]) : undefined;
  const [start, end] = refWeek(week, zone);
  // Tickets reply from ten days before the week (a month to date reaches back) to its end, a
  // few of them within an hour of the local week boundaries, where UTC and local weeks differ.
  const count = r.int(18, 38);
  const missRate = r.pick([0, 0.02, 0.05, 0.1, 0.3]);
  const tickets: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    const where = r.next();
    const minutesIn = (from: number, to: number) => from + r.int(0, Math.floor((to - from) / MIN) - 1) * MIN;
    const reply =
      where < 0.1
        ? r.pick([start, end]) + r.int(-90, 89) * MIN
        : where < 0.35
          ? minutesIn(start - 10 * DAY, start)
          : minutesIn(start, end);
    // A quarter exactly on the threshold (calendar units); of the rest, a share drawn per scenario
    // misses it, so attainments land on both sides of the targets and near them.
    const delay =
      unit !== 'business_hours' && r.next() < 0.25
        ? thresholdMinutes
        : unit === 'business_hours'
          ? r.int(1, thresholdMinutes * 6)
          : r.next() < missRate
            ? r.int(thresholdMinutes + 1, thresholdMinutes * 2)
            : r.int(1, thresholdMinutes - 1);
    tickets.push({ created: reply - delay * MIN, reply });
  }
  return {
    id: `p_${zone.replace(/\W/g, '')}_${week}_${index}`,
    tier: `team${index}`,
    kind,
    unit,
    threshold,
    target,
    week,
    tickets,
  };
};

const toPromise = (s: Scenario): ServicePromise => ({
  id: s.id,
  sourceUrl: 'http://127.0.0.1/support',
  sourceKind: 'support-plan',
  meaningHash: s.id,
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
  quote:
    s.kind === 'monthly'
      ? `Each month we answer ${s.target ?? 'every'}% of ${s.tier} tickets within ${s.threshold} ${s.unit}.`
      : `${s.tier} tickets are answered within ${s.threshold} ${s.unit}.`,
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: s.threshold,
  unit: s.unit,
  qualifiers: {
    tier: s.tier,
    ...(s.target !== undefined ? { target: s.target } : {}),
    ...(s.kind === 'median' ? { statistic: 'median' as const, hedge: 'typically' } : {}),
    ...(s.kind === 'mean' ? { statistic: 'mean' as const } : {}),
  },
  confidence: 0.9,
});

const csvOf = (scenarios: Scenario[]): string => {
  const rows = ['Id,Created at,First reply at,Solved at,Priority,Via,Plan'];
  let id = 1;
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const s of scenarios)
    for (const t of s.tickets) rows.push(`${id++},${iso(t.created)},${iso(t.reply)},,Normal,Email,${s.tier}`);
  return `${rows.join('\n')}\n`;
};

// --- the comparison ---------------------------------------------------------------------------

const stores: EmbeddedStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

describe(`an independent recomputation of the accounting rules (seed ${SEED})`, () => {
  it('agrees with the product on every weekly and closing verdict', async () => {
    const r = random(SEED);
    const disagreements: string[] = [];
    let compared = 0;
    const statuses: Record<string, number> = {};
    for (const zone of ZONES) {
      const config = makeCalendar(r, zone);
      const calendar = createBusinessCalendar(config);
      const scenarios = WEEKS.flatMap((week, w) =>
        Array.from({ length: 4 }, (_, i) => makeScenario(r, zone, week, w * 10 + i)),
      );
      const embedded = await openEmbeddedStore({ dataDir: ':memory:' });
      stores.push(embedded);
      await embedded.store.putPromises(scenarios.map(toPromise));
      const parsed = parseTicketsCsv(csvOf(scenarios), { file: 'tickets.csv', calendar });
      expect(parsed.errors).toEqual([]);
      // Only the metric each scenario is graded on (the import writes calendar and business time).
      const wanted = new Map(
        scenarios.map((s) => [
          s.tier,
          s.unit === 'business_hours' ? 'first_response_business_time' : 'first_response_time',
        ]),
      );
      await embedded.store.ingestSamples(
        parsed.samples.filter((x) => wanted.get(x.dimensions.tier ?? '') === x.metric),
      );
      const deps = {
        store: embedded.store,
        calendar,
        rules: { ...DEFAULT_EVALUATION_RULES },
        now: () => new Date('2026-12-01T00:00:00Z'),
        logger: silentLogger,
      };
      for (const week of WEEKS) {
        const verdicts = new Map((await evaluateWindow(deps, weekWindow(week))).map((v) => [v.promiseId, v]));
        for (const s of scenarios.filter((x) => x.week === week)) {
          const [start, end] = refWeek(week, zone);
          // Weekly: the week, or the month to date ending with it; closing: each month that ended in it.
          const lastDay = civil(end - 1, zone);
          const monthStart = midnight(lastDay.y, lastDay.m, 1, zone);
          const expected = refGrade(s, config, s.kind === 'monthly' ? monthStart : start, end);
          const got = verdicts.get(s.id);
          const check = (label: string, want: RefVerdict, have: Verdict | undefined) => {
            compared += 1;
            statuses[want.status] = (statuses[want.status] ?? 0) + 1;
            const haveSamples = have?.delivery?.samples ?? 0;
            const agree =
              have?.status === want.status &&
              haveSamples === want.samples &&
              (want.attainment === null ||
                Math.abs((have?.delivery?.attainment ?? Number.NaN) - want.attainment) < 1e-3);
            if (!agree) {
              disagreements.push(
                `${label} ${s.id} (${zone} ${week}, ${s.kind} ${s.threshold} ${s.unit} target ${s.target ?? '-'}): reference ${want.status} ${want.samples} ${want.attainment?.toFixed(3)}, product ${have?.status} ${haveSamples} ${have?.delivery?.attainment}: ${have?.reason}`,
              );
            }
          };
          check('weekly', expected, got);
          const firstDay = civil(start, zone);
          if (
            s.kind === 'monthly' &&
            (firstDay.m !== lastDay.m || midnight(lastDay.y, lastDay.m + 1, 1, zone) === end)
          ) {
            // The month that ended inside this week.
            const closedMonth = midnight(lastDay.y, lastDay.m + 1, 1, zone) === end ? lastDay : firstDay;
            const from = midnight(closedMonth.y, closedMonth.m, 1, zone);
            const to = midnight(closedMonth.y, closedMonth.m + 1, 1, zone);
            const id = `${closedMonth.y}-${String(closedMonth.m + 1).padStart(2, '0')}`;
            const stored = (await embedded.store.verdictsForWindow(id)).find((v) => v.promiseId === s.id);
            expect(got?.closing?.map((c) => c.window.id)).toEqual([id]);
            check(`closing ${id}`, refGrade(s, config, from, to), stored);
          } else {
            expect(got?.closing).toBeUndefined();
          }
        }
      }
    }
    expect(disagreements, `seed ${SEED}: ${disagreements.length} of ${compared} disagree`).toEqual([]);
    // Sanity: the scenarios exercise every status, and enough of them.
    expect(compared).toBeGreaterThanOrEqual(ZONES.length * WEEKS.length * 4);
    for (const status of ['kept', 'at_risk', 'breached', 'no_data'])
      expect(statuses[status] ?? 0, `${status} in ${JSON.stringify(statuses)}`).toBeGreaterThan(0);
  }, 600_000);
});
