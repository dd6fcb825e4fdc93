// Survey result files: Zendesk satisfaction ratings, Freshdesk survey results and a generic
// `score,scale,at,comment` CSV with dimension columns. Bad rows are reported by line with the reason
// (a score outside its scale says so), good rows kept; each answer's id is its content, so importing
// the same answers again, under any file name, stores nothing twice.

import { type SurveyResponse, type SurveyScale, sha256Hex } from '../core/index.ts';
// Each from its own module: the ingest barrel also builds the API's zod schemas at load, which
// would put the whole of zod (its every locale) into the Lambdas that read surveys.
import { type CsvSource, columnIndex, normaliseColumn, openCsv, resolveColumn } from '../ingest/csv.ts';
import { MAX_DIMENSIONS } from '../ingest/dimensions.ts';
import { IngestFormatError } from '../ingest/errors.ts';
import { readTimestamp, type TimestampRange } from '../ingest/timestamps.ts';
import { FRESHDESK_CODES, readScale, SCALE_HINT, SCALES } from './scales.ts';

export type SurveyFormat = 'zendesk' | 'freshdesk' | 'generic';
export const SURVEY_FORMATS: readonly SurveyFormat[] = ['zendesk', 'freshdesk', 'generic'];

export interface SurveyRowError {
  line: number;
  reason: string;
}

export interface ParsedSurveys {
  surveys: SurveyResponse[];
  errors: SurveyRowError[];
  /** Data rows read, good and bad. */
  rows: number;
  /** Surveys offered but not answered (Zendesk "offered", an empty rating): not errors, not answers. */
  unanswered: number;
}

export interface SurveyParseOptions extends TimestampRange {
  /** The name reports use (never part of an answer's identity). */
  file: string;
  format: SurveyFormat;
  /** Our field → the file's column. */
  mapping?: Record<string, string>;
  /** Zone for timestamps without an offset (default UTC). */
  timezone?: string;
  /** Generic files without a scale column: the scale of every row. */
  scale?: SurveyScale;
}

type Field = 'score' | 'scale' | 'at' | 'comment' | 'id' | 'ticket';

/** Each format's usual column names per field (compared case- and space-insensitively). */
const COLUMNS: Readonly<Record<SurveyFormat, Readonly<Record<Field, readonly string[]>>>> = {
  zendesk: {
    score: ['score', 'satisfaction', 'satisfaction score', 'rating', 'satisfaction rating'],
    scale: [],
    at: ['created at', 'rated at', 'satisfaction rated at', 'created'],
    comment: ['comment', 'satisfaction comment'],
    id: ['id', 'satisfaction rating id', 'rating id'],
    ticket: ['ticket id', 'ticket'],
  },
  freshdesk: {
    score: ['rating', 'ratings', 'default question', 'customer rating', 'survey rating', 'score'],
    scale: [],
    at: ['created at', 'created', 'rated at', 'created time'],
    comment: ['feedback', 'comment', 'customer feedback'],
    id: ['id', 'survey result id'],
    ticket: ['ticket id', 'ticket'],
  },
  generic: {
    score: ['score', 'rating'],
    scale: ['scale'],
    at: ['at', 'created at', 'date', 'timestamp'],
    comment: ['comment', 'feedback', 'text'],
    id: ['id', 'response id'],
    ticket: ['ticket', 'ticket id'],
  },
};

/** Columns that identify people or records, never a dimension to match promises by. */
const NOT_DIMENSIONS = new Set([
  'assignee id',
  'requester id',
  'user id',
  'agent id',
  'survey id',
  'group id',
  'url',
  'updated at',
  'reason id',
  'agent',
  'assignee',
  'requester',
  'contact',
  'customer',
  'email',
]);

/** Dimension columns under their usual names, so promises match them as they match metrics. */
const DIMENSION_NAMES: Readonly<Record<string, string>> = {
  via: 'channel',
  channel: 'channel',
  'ticket channel': 'channel',
  source: 'channel',
  plan: 'plan',
  tier: 'plan',
  'organization plan': 'plan',
  priority: 'priority',
  'ticket priority': 'priority',
  severity: 'priority',
  region: 'region',
  country: 'region',
  group: 'group',
};

const ZENDESK_GOOD = /^(?:good|good_with_comment|good, i'm satisfied|satisfied|1)$/i;
const ZENDESK_BAD = /^(?:bad|bad_with_comment|bad, i'm unsatisfied|unsatisfied|0)$/i;
const NOT_ANSWERED = /^(?:|offered|unoffered|not rated|none|-)$/i;

const FRESHDESK_LABELS: Readonly<Record<string, number>> = {
  'extremely happy': 103,
  'very happy': 102,
  happy: 101,
  neutral: 100,
  unhappy: -101,
  'very unhappy': -102,
  'extremely unhappy': -103,
};

type ScoreReading = { score: number; scale: SurveyScale } | { problem: string } | 'unanswered';

const readNumberCell = (raw: string): number | null => {
  const t = raw.trim();
  if (!/^[+-]?\d+(?:\.\d+)?$/.test(t)) return null;
  return Number(t);
};

const onScale = (score: number, scale: SurveyScale): ScoreReading => {
  const problem = SCALES[scale].problem(score);
  return problem ? { problem } : { score, scale };
};

export const readScore = (
  format: SurveyFormat,
  raw: string,
  scaleCell: string | undefined,
  fallback?: SurveyScale,
): ScoreReading => {
  const text = raw.trim();
  if (NOT_ANSWERED.test(text)) return 'unanswered';
  if (format === 'zendesk') {
    if (ZENDESK_GOOD.test(text)) return { score: 1, scale: 'binary' };
    if (ZENDESK_BAD.test(text)) return { score: 0, scale: 'binary' };
    return { problem: `score "${text}" is outside its scale good/bad (Zendesk rates good or bad)` };
  }
  if (format === 'freshdesk') {
    const label = FRESHDESK_LABELS[text.toLowerCase().replace(/\s+/g, ' ')];
    if (label !== undefined) return { score: label, scale: 'freshdesk' };
    const n = readNumberCell(text);
    if (n === null)
      return {
        problem: `rating "${text}" is not one of Freshdesk's ratings (${FRESHDESK_CODES.join(', ')} or Extremely happy … Extremely unhappy)`,
      };
    return onScale(n, 'freshdesk');
  }
  const named = scaleCell?.trim();
  const scale = named ? readScale(named) : (fallback ?? null);
  if (!scale) {
    return {
      problem: named
        ? `unknown scale "${named}" (${SCALE_HINT})`
        : `no scale: add a scale column (${SCALE_HINT})`,
    };
  }
  if (scale === 'binary') {
    if (ZENDESK_GOOD.test(text)) return { score: 1, scale };
    if (ZENDESK_BAD.test(text)) return { score: 0, scale };
  }
  const n = readNumberCell(text);
  if (n === null) return { problem: `score "${text}" is not a number` };
  return onScale(n, scale);
};

/** An answer's identity: what it says (never the file it came in), with the n-th repeat of an identical row told apart. */
export const surveyIdentity = (
  parts: Omit<SurveyResponse, 'id' | 'ref'>,
  sourceId: string,
  occurrence: number,
): string =>
  `sv_${sha256Hex(
    JSON.stringify([
      sourceId,
      parts.at,
      parts.scale,
      parts.score,
      parts.comment ?? '',
      parts.ticket ?? '',
      Object.entries(parts.dimensions).sort(([a], [b]) => a.localeCompare(b)),
      occurrence,
    ]),
  ).slice(0, 24)}`;

const MAX_COMMENT = 20_000;

/** Reads a survey export; throws only when the file cannot be one (no header, no score or date column). */
export const parseSurveysCsv = async (
  source: CsvSource,
  options: SurveyParseOptions,
): Promise<ParsedSurveys> => {
  const { file, format } = options;
  const mapping = options.mapping ?? {};
  const { header, records } = await openCsv(source, file);
  const find = columnIndex(header);
  const columns = COLUMNS[format];
  const column = (field: Field) => resolveColumn(find, field, mapping[field], columns[field], file);
  const at = column('at');
  const score = column('score');
  if (score === undefined) {
    throw new IngestFormatError(
      file,
      `no score column: expected one of ${columns.score.join(', ')} (or --mapping score=COLUMN)`,
      1,
    );
  }
  if (at === undefined) {
    throw new IngestFormatError(
      file,
      `no date column: expected one of ${columns.at.join(', ')} (or --mapping at=COLUMN)`,
      1,
    );
  }
  const scale = column('scale');
  const comment = column('comment');
  const id = column('id');
  const ticket = column('ticket');
  const used = new Set([at, score, scale, comment, id, ticket].filter((i): i is number => i !== undefined));
  const dimensionColumns = header
    .map((name, i) => ({ i, name: normaliseColumn(name) }))
    .filter(({ i, name }) => !used.has(i) && name && !NOT_DIMENSIONS.has(name))
    .map(({ i, name }) => ({ i, name: DIMENSION_NAMES[name] ?? name.replace(/\s+/g, '_') }))
    .slice(0, MAX_DIMENSIONS);

  const out: ParsedSurveys = { surveys: [], errors: [], rows: 0, unanswered: 0 };
  const seen = new Map<string, number>();
  for await (const event of records) {
    out.rows += 1;
    if (event.kind === 'error') {
      out.errors.push({ line: event.line, reason: event.reason });
      continue;
    }
    const cell = (i: number | undefined) => (i === undefined ? undefined : (event.cells[i] ?? ''));
    if (event.cells.every((c) => c.trim() === '')) {
      out.rows -= 1;
      continue;
    }
    const reading = readScore(format, cell(score) ?? '', cell(scale), options.scale);
    if (reading === 'unanswered') {
      out.unanswered += 1;
      continue;
    }
    const problems: string[] = [];
    if ('problem' in reading) problems.push(reading.problem);
    const rawAt = cell(at)?.trim() ?? '';
    const when = rawAt
      ? readTimestamp(rawAt, options.timezone ?? 'UTC', options.now ? { now: options.now } : {})
      : { problem: 'no date' };
    if ('problem' in when) problems.push(when.problem);
    const text = cell(comment)?.trim() ?? '';
    if (text.length > MAX_COMMENT) problems.push(`comment longer than ${MAX_COMMENT} characters`);
    if (problems.length > 0 || 'problem' in reading || 'problem' in when) {
      out.errors.push({ line: event.line, reason: problems.join('; ') });
      continue;
    }
    const dimensions: Record<string, string> = {};
    for (const d of dimensionColumns) {
      const value = cell(d.i)?.trim();
      if (value) dimensions[d.name] = value.slice(0, 100);
    }
    const ticketId = cell(ticket)?.trim() || undefined;
    const sourceId = cell(id)?.trim() || undefined;
    const parts = {
      at: when.at.toISOString(),
      score: reading.score,
      scale: reading.scale,
      ...(text ? { comment: text } : {}),
      ...(ticketId ? { ticket: ticketId } : {}),
      dimensions,
    };
    const key = surveyIdentity(parts, sourceId ?? '', 0);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    out.surveys.push({
      id: occurrence === 1 ? key : surveyIdentity(parts, sourceId ?? '', occurrence),
      ...parts,
      ref: `${file}:${event.line}`,
    });
  }
  out.errors.sort((a, b) => a.line - b.line);
  return out;
};
