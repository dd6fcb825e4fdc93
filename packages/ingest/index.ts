// Public entry of ingest: pure parsers that turn metric files, ticket exports and API bodies into
// metric samples, with bad rows reported by line. Storing them is the store's job.

export {
  type CsvEvent,
  type CsvLimits,
  type CsvRow,
  type CsvSource,
  type CsvStream,
  columnIndex,
  createRecordAssembler,
  normaliseColumn,
  openCsv,
  type RowError,
  resolveColumn,
} from './csv.ts';
export { dimensionNameProblem, emptyDimensions, MAX_DIMENSIONS } from './dimensions.ts';
export { IngestFormatError, SampleBatchError } from './errors.ts';
export { KNOWN_UNITS, normaliseChannel, normalisePriority, normaliseTier, parseUnit } from './normalise.ts';
export type { ImportWarning, ParseResult, RowReader } from './rows.ts';
export { createSamplesReader, parseMetricSamplesCsv, type SamplesCsvOptions } from './samples-csv.ts';
export {
  MAX_SAMPLES_PER_REQUEST,
  metricSampleSchema,
  metricsBodySchema,
  type SampleValidation,
  validateSamples,
} from './schema.ts';
export {
  createTicketReader,
  parseTicketsCsv,
  TICKET_METRICS,
  type TicketField,
  type TicketsCsvOptions,
} from './tickets-csv.ts';
export {
  EARLIEST_ACCEPTED,
  parseTimestamp,
  readTimestamp,
  TIMESTAMP_HINT,
  type TimestampRange,
} from './timestamps.ts';
export { parseNumber, readNumber, valueProblem } from './values.ts';
