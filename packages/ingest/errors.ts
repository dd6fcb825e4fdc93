// Named errors of ingest: problems with a whole file or batch. Bad rows are values, not errors.

export class IngestFormatError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    readonly line?: number,
    options?: ErrorOptions,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`, options);
    this.name = 'IngestFormatError';
  }
}

export class SampleBatchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SampleBatchError';
  }
}
