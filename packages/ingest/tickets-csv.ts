// Help-desk ticket exports (Zendesk, Freshdesk, or any CSV with a mapping) → response and
// resolution samples, in calendar minutes and in business hours on the company's calendar.
//
// Rules (docs/accounting-rules.md): a ticket's first-response samples are dated at the first
// reply and its resolution samples at the solve, so a closed week's figures never change later.
// A ticket with no first reply gives no response sample; an unsolved ticket gives no resolution
// sample. Timestamps without an offset are read in the calendar's time zone.

import type { BusinessCalendar } from '../calendar/index.ts';
import type { MetricSample } from '../core/index.ts';
import { columnIndex, type RowError, readCsv, resolveColumn } from './csv.ts';
import { IngestFormatError } from './errors.ts';
import type { ParseResult } from './samples-csv.ts';
import { parseTimestamp, TIMESTAMP_HINT } from './timestamps.ts';
import { parseNumber } from './values.ts';

export const TICKET_METRICS = {
  firstResponse: 'first_response_time',
  firstResponseBusiness: 'first_response_business_time',
  resolution: 'resolution_time',
  resolutionBusiness: 'resolution_business_time',
} as const;

/** Fields of a ticket, and the column names common help-desk exports use for them. */
const TICKET_COLUMNS = {
  id: ['Id', 'Ticket ID', 'Ticket Id', 'ticket_id', 'Ticket number', 'Ticket #', 'Key'],
  created: ['Created at', 'Created time', 'created_at', 'Created', 'Created date', 'Creation date'],
  firstReply: [
    'First reply at',
    'First responded time',
    'First responded at',
    'Initial response time',
    'First response at',
    'first_reply_at',
    'First response date',
  ],
  firstReplyMinutes: ['First reply time in minutes', 'first_reply_time_in_minutes', 'First response minutes'],
  firstReplyHours: ['First response time (in hrs)', 'First response time in hours'],
  solved: [
    'Solved at',
    'Resolved time',
    'Resolved at',
    'solved_at',
    'resolved_at',
    'Solved time',
    'Resolution date',
  ],
  priority: ['Priority', 'Severity'],
  channel: ['Via', 'Source', 'Channel'],
  tier: ['Plan', 'Tier', 'Support plan', 'Customer plan'],
} as const;
export type TicketField = keyof typeof TICKET_COLUMNS;
const TICKET_FIELDS = Object.keys(TICKET_COLUMNS) as TicketField[];

export interface TicketsCsvOptions {
  /** Our field (id, created, firstReply, firstReplyMinutes, solved, priority, channel, tier) → column. */
  mapping?: Record<string, string>;
  calendar: BusinessCalendar;
  file: string;
}

const minutesBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 60_000;

export const parseTicketsCsv = (text: string, options: TicketsCsvOptions): ParseResult => {
  const { file, calendar } = options;
  const mapping = options.mapping ?? {};
  const table = readCsv(text, file);
  const find = columnIndex(table.header);
  for (const key of Object.keys(mapping)) {
    if (!(TICKET_FIELDS as string[]).includes(key)) {
      throw new IngestFormatError(
        file,
        `mapping ${key}=…: unknown ticket field (known: ${TICKET_FIELDS.join(', ')})`,
      );
    }
  }
  const column = {} as Partial<Record<TicketField, number>>;
  for (const field of TICKET_FIELDS) {
    const i = resolveColumn(find, field, mapping[field], TICKET_COLUMNS[field], file);
    if (i !== undefined) column[field] = i;
  }
  const header = table.header.join(', ');
  if (column.id === undefined) {
    throw new IngestFormatError(
      file,
      `no ticket id column (looked for Id, Ticket ID; columns: ${header}); map one with id=COLUMN`,
      1,
    );
  }
  if (column.created === undefined) {
    throw new IngestFormatError(
      file,
      `no creation time column (looked for Created at, Created time; columns: ${header}); map one with created=COLUMN`,
      1,
    );
  }
  const replyColumn = column.firstReply ?? column.firstReplyMinutes ?? column.firstReplyHours;
  if (replyColumn === undefined && column.solved === undefined) {
    throw new IngestFormatError(
      file,
      `no first reply or solved column (looked for First reply at, First reply time in minutes, Initial response time, Solved at, Resolved time; columns: ${header})`,
      1,
    );
  }

  const samples: MetricSample[] = [];
  const errors: RowError[] = [...table.errors];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const get = (field: TicketField): string => {
      const i = column[field];
      return i === undefined ? '' : (cells[i]?.trim() ?? '');
    };
    const name = (field: TicketField): string => {
      const i = column[field];
      return i === undefined ? field : (table.header[i] ?? field);
    };
    const fail = (reason: string) => errors.push({ line, reason });
    const id = get('id');
    if (!id) {
      fail(`missing ticket id in "${name('id')}"`);
      continue;
    }
    const firstLine = seen.get(id);
    if (firstLine !== undefined) {
      fail(`ticket ${id} appears again (first on line ${firstLine})`);
      continue;
    }
    seen.set(id, line);
    const instant = (field: TicketField): Date | null | 'bad' => {
      const raw = get(field);
      if (!raw) return null;
      const at = parseTimestamp(raw, calendar.timezone);
      if (!at) {
        fail(`ticket ${id}: malformed date in "${name(field)}": "${raw}" (${TIMESTAMP_HINT})`);
        return 'bad';
      }
      return at;
    };
    const created = instant('created');
    if (created === 'bad') continue;
    if (created === null) {
      fail(`ticket ${id}: missing creation time in "${name('created')}"`);
      continue;
    }
    let reply = instant('firstReply');
    if (reply === 'bad') continue;
    if (reply === null) {
      const [field, factor] = get('firstReplyMinutes')
        ? (['firstReplyMinutes', 1] as const)
        : (['firstReplyHours', 60] as const);
      const raw = get(field);
      if (raw) {
        const elapsed = parseNumber(raw);
        if (elapsed === null || elapsed < 0) {
          fail(`ticket ${id}: "${name(field)}" is not a non-negative number: "${raw}"`);
          continue;
        }
        reply = new Date(created.getTime() + elapsed * factor * 60_000);
      }
    }
    const solved = instant('solved');
    if (solved === 'bad') continue;
    if (reply && reply < created) {
      fail(
        `ticket ${id}: first reply (${reply.toISOString()}) is before creation (${created.toISOString()})`,
      );
      continue;
    }
    if (solved && solved < created) {
      fail(`ticket ${id}: solved (${solved.toISOString()}) before creation (${created.toISOString()})`);
      continue;
    }
    const dimensions: Record<string, string> = {};
    for (const field of ['tier', 'priority', 'channel'] as const) {
      const v = get(field).toLowerCase().replace(/\s+/g, ' ');
      if (v && v !== '-') dimensions[field] = v;
    }
    const ref = `ticket ${id}`;
    if (reply) {
      const at = reply.toISOString();
      samples.push(
        {
          metric: TICKET_METRICS.firstResponse,
          value: minutesBetween(created, reply),
          unit: 'minutes',
          at,
          dimensions,
          ref,
        },
        {
          metric: TICKET_METRICS.firstResponseBusiness,
          value: calendar.businessMinutesBetween(created, reply) / 60,
          unit: 'business_hours',
          at,
          dimensions,
          ref,
        },
      );
    }
    if (solved) {
      const at = solved.toISOString();
      samples.push(
        {
          metric: TICKET_METRICS.resolution,
          value: minutesBetween(created, solved),
          unit: 'minutes',
          at,
          dimensions,
          ref,
        },
        {
          metric: TICKET_METRICS.resolutionBusiness,
          value: calendar.businessMinutesBetween(created, solved) / 60,
          unit: 'business_hours',
          at,
          dimensions,
          ref,
        },
      );
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { samples, errors, rows: table.rows.length };
};
