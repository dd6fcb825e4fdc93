// A synthetic help-desk export in Zendesk's CSV column layout, for bench:import: tickets over a
// number of weeks across plans × priorities × channels, with reply and solve times drawn from
// log-normal distributions that wait for opening hours, and a share of malformed rows of the
// kinds real exports carry (bad dates, missing ids, stray quotes, solved before created, …).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const PLANS = ['Free', 'Starter', 'Pro', 'Business', 'Enterprise'] as const;
export const PRIORITIES = ['Urgent', 'High', 'Normal', 'Low'] as const;
export const CHANNELS = ['Mail', 'Web Form', 'Chat'] as const;

/** Zendesk's export columns (a subset in its order), with the plan as a custom field. */
export const ZENDESK_HEADER = [
  'Id',
  'Requester id',
  'Group',
  'Subject',
  'Status',
  'Priority',
  'Via',
  'Ticket type',
  'Created at',
  'Updated at',
  'Assigned at',
  'Solved at',
  'Replies',
  'Reopens',
  'First reply time in minutes',
  'First reply time in minutes within business hours',
  'Full resolution time in minutes',
  'Plan',
];

export interface ExportOptions {
  tickets: number;
  weeks: number;
  /** Local midnight (calendar zone) of a Monday, as UTC milliseconds of that wall-clock time. */
  startLocal: Date;
  /** Share of malformed rows, 0..1. */
  malformed: number;
  seed?: number;
  /** Wall-clock offset of the calendar zone from UTC in hours (fixed: the bench's zone has no DST in range). */
  utcOffsetHours: number;
}

export interface ExportSummary {
  rows: number;
  malformed: number;
  /** Samples a correct importer stores: 2 per reply, 2 per solve, of the good rows. */
  expectedSamples: number;
}

const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pad = (n: number) => String(n).padStart(2, '0');
/** Zendesk writes local wall-clock times without an offset: "2026-09-21 14:05". */
const local = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

const OPEN_HOUR = 9;
const CLOSE_HOUR = 18;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Opening hours Mon–Fri 09:00–18:00 local: the next instant (local ms) at or after t that is open. */
const nextOpen = (t: number): number => {
  let d = t;
  for (let i = 0; i < 8; i++) {
    const date = new Date(d);
    const weekday = date.getUTCDay();
    const dayStart = d - (d % DAY);
    if (weekday >= 1 && weekday <= 5) {
      const open = dayStart + OPEN_HOUR * HOUR;
      const close = dayStart + CLOSE_HOUR * HOUR;
      if (d < open) return open;
      if (d < close) return d;
    }
    d = dayStart + DAY;
  }
  return d;
};

/** Adds business minutes (Mon–Fri 09–18) to a local instant. */
const addBusiness = (t: number, minutes: number): number => {
  let at = nextOpen(t);
  let left = minutes * 60_000;
  for (;;) {
    const close = at - (at % DAY) + CLOSE_HOUR * HOUR;
    if (at + left <= close) return at + left;
    left -= close - at;
    at = nextOpen(close);
  }
};

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const SUBJECTS = [
  'Cannot export invoices',
  'Login loop after password reset',
  'Webhook retries, "duplicate" events',
  'Card declined at checkout',
  'API returns 502 on refunds',
  'Question about plan limits',
  'Payout delayed',
  'Two-factor code never arrives',
];

/** Writes the export to `file`; resolves with what a correct import should find. */
export const writeZendeskExport = async (file: string, options: ExportOptions): Promise<ExportSummary> => {
  const random = mulberry32(options.seed ?? 20261203);
  const normal = () => {
    const u = Math.max(1e-12, random());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const out = createWriteStream(file);
  let pending: string[] = [];
  const flush = async () => {
    if (!out.write(pending.join(''))) await once(out, 'drain');
    pending = [];
  };
  pending.push(`${ZENDESK_HEADER.join(',')}\n`);
  const span = options.weeks * 7 * DAY;
  const start = options.startLocal.getTime();
  // Arrivals: more on weekdays and in office hours; ids rise with creation time.
  const created: number[] = [];
  while (created.length < options.tickets) {
    const t = start + Math.floor(random() * span);
    const d = new Date(t);
    const weekday = d.getUTCDay();
    const hour = d.getUTCHours();
    const weight = (weekday === 0 || weekday === 6 ? 0.25 : 1) * (hour >= 8 && hour < 19 ? 1 : 0.2);
    if (random() < weight) created.push(t - (t % 60_000));
  }
  created.sort((a, b) => a - b);
  let malformed = 0;
  let expectedSamples = 0;
  const toUtc = (localMs: number) => localMs - options.utcOffsetHours * HOUR;
  for (let i = 0; i < created.length; i++) {
    const id = 100_000 + i;
    const c = created[i] ?? start;
    const plan = PLANS[Math.floor(random() * PLANS.length)] ?? 'Pro';
    const priority = PRIORITIES[Math.floor(random() * PRIORITIES.length)] ?? 'Normal';
    const via = CHANNELS[Math.floor(random() * CHANNELS.length)] ?? 'Mail';
    const p = PRIORITIES.indexOf(priority);
    const tier = PLANS.indexOf(plan);
    // Median business minutes to a first reply: faster for urgent, for higher plans and for chat.
    const medianReply = (via === 'Chat' ? 6 : 35) * (0.5 + p * 0.6) * (1.4 - tier * 0.18);
    const replied = random() > 0.03;
    const replyBusiness = Math.max(1, Math.round(medianReply * Math.exp(0.9 * normal())));
    const reply = replied ? addBusiness(c, replyBusiness) : undefined;
    const solved = random() > 0.1 && reply !== undefined;
    const solveBusiness = Math.min(2400, Math.round(60 * (1 + p) * Math.exp(1.1 * normal())));
    const solve = solved && reply !== undefined ? addBusiness(reply, solveBusiness) : undefined;
    const cells: Record<string, string> = {
      Id: String(id),
      'Requester id': String(3_000_000 + Math.floor(random() * 40_000)),
      Group: via === 'Chat' ? 'Live support' : 'Support',
      Subject: SUBJECTS[Math.floor(random() * SUBJECTS.length)] ?? '',
      Status: solve ? 'Closed' : reply ? 'Open' : 'New',
      Priority: priority,
      Via: via,
      'Ticket type': random() < 0.7 ? 'Question' : 'Incident',
      'Created at': local(c),
      'Updated at': local(solve ?? reply ?? c),
      'Assigned at': local(c + 60_000),
      'Solved at': solve ? local(solve) : '',
      Replies: String(replied ? 1 + Math.floor(random() * 4) : 0),
      Reopens: '0',
      'First reply time in minutes': reply ? String(Math.round((toUtc(reply) - toUtc(c)) / 60_000)) : '',
      'First reply time in minutes within business hours': reply ? String(replyBusiness) : '',
      'Full resolution time in minutes': solve ? String(Math.round((toUtc(solve) - toUtc(c)) / 60_000)) : '',
      Plan: plan,
    };
    let line = ZENDESK_HEADER.map((h) => csvCell(cells[h] ?? '')).join(',');
    if (random() < options.malformed) {
      malformed += 1;
      switch (Math.floor(random() * 6)) {
        case 0:
          line = line.replace(
            local(c),
            `${pad(new Date(c).getUTCDate())}/${pad(new Date(c).getUTCMonth() + 1)}/2026`,
          );
          break;
        case 1:
          line = line.replace(String(id), '');
          break;
        case 2:
          // A stray quote: the subject opens a quote it never closes.
          line = line.replace(csvCell(cells.Subject ?? ''), `"${cells.Subject ?? ''} (see "attached`);
          break;
        case 3:
          line = line.replace(local(c), local(c).replace(/^\d{4}/, '2099'));
          break;
        case 4:
          line = line.replace(local(c), 'yesterday');
          break;
        default:
          line = line.replace(local(c), local(c).replace(/^\d{4}/, '1999'));
      }
    } else {
      expectedSamples += (reply ? 2 : 0) + (solve ? 2 : 0);
    }
    pending.push(`${line}\r\n`);
    if (pending.length >= 2000) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { rows: created.length, malformed, expectedSamples };
};
