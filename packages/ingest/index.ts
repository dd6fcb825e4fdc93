// Public entry of ingest: pure parsers that turn metric files, ticket exports and API bodies into
// metric samples, with bad rows reported by line. Storing them is the store's job.

export type { RowError } from './csv.ts';
export { IngestFormatError, SampleBatchError } from './errors.ts';
export { KNOWN_UNITS, normaliseChannel, normalisePriority, normaliseTier, parseUnit } from './normalise.ts';
export { type ParseResult, parseMetricSamplesCsv, type SamplesCsvOptions } from './samples-csv.ts';
export {
  MAX_SAMPLES_PER_REQUEST,
  metricSampleSchema,
  metricsBodySchema,
  type SampleValidation,
  validateSamples,
} from './schema.ts';
export { parseTicketsCsv, TICKET_METRICS, type TicketField, type TicketsCsvOptions } from './tickets-csv.ts';
export { parseTimestamp, TIMESTAMP_HINT } from './timestamps.ts';
export { parseNumber, valueProblem } from './values.ts';
