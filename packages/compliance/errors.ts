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
