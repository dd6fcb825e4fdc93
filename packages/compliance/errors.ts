// Named errors of the compliance package.

export class EvaluationInputError extends Error {
  constructor(
    readonly promiseId: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`cannot evaluate promise ${promiseId}: ${problem}`, options);
    this.name = 'EvaluationInputError';
  }
}

/** A week that has not ended, or that the stored data does not reach the end of: grading it would
 * report an incomplete week as if it were whole. */
export class PartialWindowError extends Error {
  constructor(
    readonly windowId: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`will not grade ${windowId}: ${problem}`, options);
    this.name = 'PartialWindowError';
  }
}
