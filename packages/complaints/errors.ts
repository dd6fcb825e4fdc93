// Named errors of complaint analysis and complaint files.

export class ComplaintInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ComplaintInputError';
  }
}

export class ComplaintsFileError extends Error {
  constructor(
    message: string,
    readonly format: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ComplaintsFileError';
  }
}
