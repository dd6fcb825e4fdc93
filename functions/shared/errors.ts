// Named errors of the function adapters.

/** An SQS message body that is not what the queue carries; the record fails and ends in the DLQ. */
export class MessageFormatError extends Error {
  constructor(
    readonly queue: string,
    readonly messageId: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`message ${messageId} on the ${queue} queue is not valid: ${problem}`, options);
    this.name = 'MessageFormatError';
  }
}

/** An event a function does not handle (a direct invoke with the wrong shape, for instance). */
export class UnsupportedEventError extends Error {
  constructor(
    readonly fn: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${fn}: ${problem}`, options);
    this.name = 'UnsupportedEventError';
  }
}
