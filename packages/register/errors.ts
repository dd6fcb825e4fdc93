// Named errors of the promise register: what a reviewer asked for that cannot be done, and why.

export class CommitmentNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no commitment with id ${id}`);
    this.name = 'CommitmentNotFoundError';
  }
}

/** A review, correction, addition or acknowledgement whose values are not valid. */
export class InvalidReviewError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}`, options);
    this.name = 'InvalidReviewError';
  }
}

/** A commitment added by hand that the register already holds (same meaning). */
export class CommitmentExistsError extends Error {
  constructor(readonly id: string) {
    super(`a commitment with the same meaning already exists (${id}); confirm or correct it instead`);
    this.name = 'CommitmentExistsError';
  }
}

/** Writes kept meeting someone else's: given up after several fresh reads. */
export class RegisterBusyError extends Error {
  constructor(
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(`commitment ${id} is being changed by someone else; try again`, options);
    this.name = 'RegisterBusyError';
  }
}
