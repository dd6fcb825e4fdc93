// Named errors of API key management.

export class ApiKeyFormatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiKeyFormatError';
  }
}

export class ApiKeyNotFoundError extends Error {
  constructor(
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(`no active API key with id ${id}`, options);
    this.name = 'ApiKeyNotFoundError';
  }
}
