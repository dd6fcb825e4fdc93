// Named errors of the digest: bad input to the builder or the sender, and a store with nothing to report.

export class DigestInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`digest input ${field}: ${problem}`, options);
    this.name = 'DigestInputError';
  }
}

export class NoEvaluatedWeekError extends Error {
  constructor(
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`no evaluated week to report: ${detail}`, options);
    this.name = 'NoEvaluatedWeekError';
  }
}
