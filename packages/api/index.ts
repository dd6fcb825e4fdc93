// Public entry of the API: the hono app, its Node server, and the pieces other packages may reuse.

export { createApp, DEFAULT_MAX_BODY_BYTES } from './app.tsx';
export type { AppDeps, AppEnv, DigestPreview } from './context.ts';
export {
  ApiError,
  type ErrorDetail,
  ForbiddenError,
  NotEnabledError,
  NotFoundError,
  PayloadTooLargeError,
  RequestValidationError,
  UnauthorizedError,
} from './errors.ts';
export { type Gap, type GapKind, rankGaps } from './gaps.ts';
export { type RunningServer, startServer } from './server.ts';
export { describeVersions, type VersionChange } from './versions.ts';
