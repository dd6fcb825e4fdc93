// Help-desk ticket exports (Zendesk, Freshdesk, or any CSV with a mapping) → response and
// resolution samples, in calendar minutes and in business hours on the company's calendar.
//
// Rules (docs/accounting-rules.md): a ticket's first-response samples are dated at the first
// reply and its resolution samples at the solve, so a closed week's figures never change later.
// A ticket with no first reply gives no response sample; an unsolved ticket gives no resolution
// sample. Timestamps without an offset are read in the calendar's time zone.
//
// A ticket's identity is its id (kept in each sample's `key` and `ref`), never the file or line it
// was read from: the same export imported from another folder, or re-sorted, stores nothing twice.

import type { BusinessCalendar } from '../calendar/index.ts';
import type { MetricSample } from '../core/index.ts';
import { type CsvRow, columnIndex, type RowError, resolveColumn } from './csv.ts';
import { IngestFormatError } from './errors.ts';
import { normalisePriority, normaliseTier } from './normalise.ts';
import { type ParseResult, type RowReader, readTable, WarningTally } from './rows.ts';
import { readTimestamp, type TimestampRange } from './timestamps.ts';
import { readNumber } from './values.ts';

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

export interface TicketsCsvOptions extends TimestampRange {
  /** Our field (id, created, firstReply, firstReplyMinutes, solved, priority, channel, tier) → column. */
  mapping?: Record<string, string>;
  calendar: BusinessCalendar;
  file: string;
  /**
   * Plans the promises name (normalised with normaliseTier). A ticket's plan outside them is a
   * warning: its samples are kept, but no promise will read them. Empty or absent: no check.
   */
  knownTiers?: ReadonlySet<string>;
}

const minutesBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 60_000;

/** The reader of one export's rows, once its header is known; throws when the header cannot work. */
export const createTicketReader = (header: string[], options: TicketsCsvOptions): RowReader => {
  const { file, calendar } = options;
  const mapping = options.mapping ?? {};
  const find = columnIndex(header);
  for (const key of Object.keys(mapping)) {
    if (!(TICKET_FIELDS as string[]).includes(key)) {
      throw new IngestFormatError(
        file,
        `mapping ${key}=…: unknown ticket field (known: ${TICKET_FIELDS.join(', ')})`,
      );
    }
  }
  const column = new Map<TicketField, number>();
  for (const field of TICKET_FIELDS) {
    const i = resolveColumn(
      find,
      field,
      Object.hasOwn(mapping, field) ? mapping[field] : undefined,
      TICKET_COLUMNS[field],
      file,
    );
    if (i !== undefined) column.set(field, i);
  }
  const names = header.join(', ');
  if (!column.has('id')) {
    throw new IngestFormatError(
      file,
      `no ticket id column (looked for Id, Ticket ID; columns: ${names}); map one with id=COLUMN`,
      1,
    );
  }
  if (!column.has('created')) {
    throw new IngestFormatError(
      file,
      `no creation time column (looked for Created at, Created time; columns: ${names}); map one with created=COLUMN`,
      1,
    );
  }
  if (
    !['firstReply', 'firstReplyMinutes', 'firstReplyHours', 'solved'].some((f) =>
      column.has(f as TicketField),
    )
  ) {
    throw new IngestFormatError(
      file,
      `no first reply or solved column (looked for First reply at, First reply time in minutes, Initial response time, Solved at, Resolved time; columns: ${names})`,
      1,
    );
  }
  const name = (field: TicketField): string => {
    const i = column.get(field);
    return i === undefined ? field : (header[i] ?? field);
  };
  // First line of each ticket id: a repeated id is a bad row, not a second ticket.
  const seen = new Map<string, number>();
  const warnings = new WarningTally();
  const knownTiers = options.knownTiers && options.knownTiers.size > 0 ? options.knownTiers : undefined;
  // Dimension objects are shared by every ticket with the same plan, priority and channel (as
  // written), and so is whether their priority and plan are ones a promise can read.
  const dimensionsMemo = new Map<
    string,
    { dimensions: Record<string, string>; unknownPriority: boolean; unknownTier: boolean }
  >();

  const read = ({ line, cells }: CsvRow): MetricSample[] | RowError => {
    const get = (field: TicketField): string => {
      const i = column.get(field);
      return i === undefined ? '' : (cells[i]?.trim() ?? '');
    };
    const fail = (reason: string): RowError => ({ line, reason });
    const id = get('id');
    if (!id) return fail(`missing ticket id in "${name('id')}"`);
    const firstLine = seen.get(id);
    if (firstLine !== undefined) return fail(`ticket ${id} appears again (first on line ${firstLine})`);
    const instant = (field: TicketField): Date | null | RowError => {
      const raw = get(field);
      if (!raw) return null;
      const r = readTimestamp(raw, calendar.timezone, options);
      if ('at' in r) return r.at;
      return fail(
        r.problem.startsWith('malformed date ')
          ? `ticket ${id}: malformed date in "${name(field)}": ${r.problem.slice('malformed date '.length)}`
          : `ticket ${id}: "${name(field)}": ${r.problem}`,
      );
    };
    const created = instant('created');
    if (created === null) return fail(`ticket ${id}: missing creation time in "${name('created')}"`);
    if (!(created instanceof Date)) return created;
    let reply = instant('firstReply');
    if (reply !== null && !(reply instanceof Date)) return reply;
    if (reply === null) {
      const [field, factor] = get('firstReplyMinutes')
        ? (['firstReplyMinutes', 1] as const)
        : (['firstReplyHours', 60] as const);
      const raw = get(field);
      if (raw) {
        const elapsed = readNumber(raw);
        if (!('value' in elapsed)) return fail(`ticket ${id}: "${name(field)}": ${elapsed.problem}`);
        if (elapsed.value < 0) return fail(`ticket ${id}: "${name(field)}" is negative: "${raw}"`);
        reply = new Date(created.getTime() + elapsed.value * factor * 60_000);
      }
    }
    const solved = instant('solved');
    if (solved !== null && !(solved instanceof Date)) return solved;
    if (reply && reply < created) {
      return fail(
        `ticket ${id}: first reply (${reply.toISOString()}) is before creation (${created.toISOString()})`,
      );
    }
    if (solved && solved < created) {
      return fail(
        `ticket ${id}: solved (${solved.toISOString()}) before creation (${created.toISOString()})`,
      );
    }
    if (reply && options.now && reply.getTime() > options.now().getTime() + 86_400_000) {
      return fail(`ticket ${id}: first reply (${reply.toISOString()}) is more than a day in the future`);
    }
    seen.set(id, line);
    const rawTier = get('tier');
    const rawPriority = get('priority');
    const rawChannel = get('channel');
    const memoKey = `${rawTier}\u0000${rawPriority}\u0000${rawChannel}`;
    let memo = dimensionsMemo.get(memoKey);
    if (!memo) {
      const tier = rawTier.toLowerCase().replace(/\s+/g, ' ');
      const priority = rawPriority.toLowerCase().replace(/\s+/g, ' ');
      const channel = rawChannel.toLowerCase().replace(/\s+/g, ' ');
      const dimensions = Object.create(null) as Record<string, string>;
      if (tier && tier !== '-') dimensions.tier = tier;
      if (priority && priority !== '-') dimensions.priority = priority;
      if (channel && channel !== '-') dimensions.channel = channel;
      Object.freeze(dimensions);
      memo = {
        dimensions,
        unknownPriority:
          dimensions.priority !== undefined && !/^p[0-5]$/.test(normalisePriority(dimensions.priority)),
        unknownTier:
          knownTiers !== undefined &&
          dimensions.tier !== undefined &&
          !knownTiers.has(normaliseTier(dimensions.tier)),
      };
      dimensionsMemo.set(memoKey, memo);
    }
    const { dimensions } = memo;
    if (memo.unknownPriority) {
      warnings.add(
        line,
        `priority "${rawPriority}" is not a level promisegap knows (P1–P4, Sev 1–4, urgent, high, normal, low): its tickets are stored, but no promise about a priority will read them`,
      );
    }
    if (memo.unknownTier && knownTiers) {
      warnings.add(
        line,
        `plan "${rawTier}" is named by no promise (promises name ${[...knownTiers].sort().join(', ')}): its tickets are stored, but no plan's promise will read them`,
      );
    }
    const ref = `ticket ${id}`;
    const samples: MetricSample[] = [];
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
          key: ref,
        },
        {
          metric: TICKET_METRICS.firstResponseBusiness,
          value: calendar.businessMinutesBetween(created, reply) / 60,
          unit: 'business_hours',
          at,
          dimensions,
          ref,
          key: ref,
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
          key: ref,
        },
        {
          metric: TICKET_METRICS.resolutionBusiness,
          value: calendar.businessMinutesBetween(created, solved) / 60,
          unit: 'business_hours',
          at,
          dimensions,
          ref,
          key: ref,
        },
      );
    }
    return samples;
  };
  return { read, warnings: () => warnings.list() };
};

/** Parses a whole export held in memory (tests, small files); imports stream through createTicketReader. */
export const parseTicketsCsv = (text: string, options: TicketsCsvOptions): ParseResult =>
  readTable(text, options.file, (header) => createTicketReader(header, options));
