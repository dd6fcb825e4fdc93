// Lambda entry of the weekly evaluation and digest: wiring only, built once per cold start.

import { SESClient } from '@aws-sdk/client-ses';
import { createBusinessCalendar } from '../../packages/calendar/index.ts';
import { complaintJudgement } from '../../packages/complaints/index.ts';
import { evaluateWindow } from '../../packages/compliance/index.ts';
import { ConfigError } from '../../packages/core/index.ts';
import { buildDigest, digestInputFromStore, sendDigest } from '../../packages/digest/index.ts';
import { registerJudgement } from '../../packages/register/index.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { surveyJudgement } from '../../packages/surveys/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { makeEvaluateDigestHandler } from './evaluate-digest-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.config]);
const config = env.config;
if (!config) throw new ConfigError(ENV.config, ['required by this function']);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const store = createDynamoStore({ client: createDocumentClient(), tableName: env.tableName, logger });
const ses = new SESClient({});
const calendar = createBusinessCalendar(config.calendar);
const now = () => new Date();

export const handler = withLogContext(
  powertools,
  makeEvaluateDigestHandler({
    now,
    timeZone: calendar.timezone,
    logger,
    evaluate: (window) =>
      evaluateWindow(
        {
          store,
          calendar,
          rules: config.evaluation,
          now,
          logger,
          ...complaintJudgement(config.evaluation),
          ...surveyJudgement(config.surveys),
          ...registerJudgement(config),
        },
        window,
      ),
    compose: async (window) => buildDigest(await digestInputFromStore(store, config, window)),
    send: (digest, window) =>
      sendDigest(
        { ses, store, now, logger },
        { digest, windowId: window.id, from: config.digest.from, recipients: config.digest.recipients },
      ),
  }),
);
