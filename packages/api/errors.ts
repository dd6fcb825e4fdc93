// Named errors of the HTTP API. Their messages are written for the caller and are safe to show;
// anything else that escapes a handler becomes a generic 500 with the request id.

import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorDetail {
  /** Where the problem is: `body.samples.3.unit`, `query.window`. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: ErrorDetail[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export class RequestValidationError extends ApiError {
  constructor(where: string, details: ErrorDetail[], options?: ErrorOptions) {
    super(400, `invalid request ${where}`, details, options);
    this.name = 'RequestValidationError';
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(maxBytes: number) {
    super(413, `request body is larger than ${maxBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** The complaint texts of one request add up to more than one request may carry. */
export class TextTooLargeError extends ApiError {
  constructor(total: number, limit: number) {
    const message = `the complaint texts of this request total ${total} characters; a request may carry at most ${limit} (send the rest in further requests)`;
    super(413, message, [{ path: 'body.complaints', message }]);
    this.name = 'TextTooLargeError';
  }
}

export class NotEnabledError extends ApiError {
  constructor(what: string) {
    super(501, `${what} is not enabled on this server`);
    this.name = 'NotEnabledError';
  }
}

/**
 * Names JavaScript objects answer to on their own (`constructor`, `__proto__`, `toString`…). As a key
 * of user input they would read an inherited member or replace the prototype, so none is accepted
 * as a dimension, a unit or any other name a caller chooses.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name);
