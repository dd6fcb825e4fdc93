// Named errors of the alerts package.

export class AlertConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlertConfigError';
  }
}

/** A channel refused or failed to take an alert; the ledger records it so a later check retries. */
export class AlertDeliveryError extends Error {
  constructor(
    readonly channel: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${channel}: ${message}`, options);
    this.name = 'AlertDeliveryError';
  }
}
