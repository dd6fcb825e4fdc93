// The file parsers of ingest without the API's request schema: a second public entry for code
// that only reads files (the import worker), so its bundle does not carry zod (~450 KB).

export {
  type CsvEvent,
  type CsvLimits,
  type CsvRow,
  type CsvSource,
  type CsvStream,
  createRecordAssembler,
  openCsv,
  type RowError,
} from './csv.ts';
export { IngestFormatError } from './errors.ts';
export { normaliseTier } from './normalise.ts';
export type { ImportWarning, ParseResult, RowReader } from './rows.ts';
export { createSamplesReader } from './samples-csv.ts';
export { createTicketReader } from './tickets-csv.ts';
