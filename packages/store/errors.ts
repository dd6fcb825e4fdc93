// Named errors of the repository.

export class StoreItemError extends Error {
  constructor(
    readonly key: { pk: unknown; sk: unknown },
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`stored item ${String(key.pk)} / ${String(key.sk)} is not valid: ${problem}`, options);
    this.name = 'StoreItemError';
  }
}

export class StoreWriteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreWriteError';
  }
}

export class EmbeddedStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedStoreError';
  }
}

export class InvalidCursorError extends Error {
  constructor(
    readonly cursor: string,
    readonly reason?: string,
    options?: ErrorOptions,
  ) {
    super(
      `the pagination cursor is not valid${reason ? ` (${reason})` : ''}; start again without it`,
      options,
    );
    this.name = 'InvalidCursorError';
  }
}
