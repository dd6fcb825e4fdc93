// The Powertools logger for a function, and the small Logger interface packages expect, over it.

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Logger } from '../../packages/core/index.ts';

/** Service name and level come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL (set by infra). */
export const createFunctionLogger = (): PowertoolsLogger => new PowertoolsLogger();

/** Adapts Powertools' logger to packages' `Logger`: a fixed message plus attributes, as JSON. */
export const toPackageLogger = (logger: PowertoolsLogger): Logger => ({
  debug: (message, attributes) => (attributes ? logger.debug(message, attributes) : logger.debug(message)),
  info: (message, attributes) => (attributes ? logger.info(message, attributes) : logger.info(message)),
  warn: (message, attributes) => (attributes ? logger.warn(message, attributes) : logger.warn(message)),
  error: (message, attributes) => (attributes ? logger.error(message, attributes) : logger.error(message)),
});

/** Adds the invocation's request id and function name to every log line of that invocation. */
export const withLogContext =
  <E, R>(logger: PowertoolsLogger, fn: (event: E, context: Context) => Promise<R>) =>
  (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    return fn(event, context);
  };
