// What the API serves only with a project configuration (gap signals, the digest preview and the
// evidence pack), built the same for `promisegap serve` and the Lambda API.

import { createBusinessCalendar } from '../calendar/index.ts';
import { rulesText } from '../compliance/index.ts';
import { type PromisegapConfig, parseWindow, type Store } from '../core/index.ts';
import { buildDigest, digestInputFromStore } from '../digest/index.ts';
import { evidencePackFor } from '../export/index.ts';
import { gatherGapSignals } from '../policy/signals.ts';
import type { AppDeps } from './context.ts';

export const configuredRoutes = (
  store: Store,
  config: PromisegapConfig,
): Pick<AppDeps, 'gapSignals' | 'digestPreview' | 'evidencePack'> => ({
  gapSignals: (window) => gatherGapSignals(store, config, window),
  digestPreview: async (windowId) =>
    buildDigest(await digestInputFromStore(store, config, parseWindow(windowId))),
  evidencePack: evidencePackFor(
    store,
    {
      company: config.company,
      timezone: config.calendar.timezone,
      rules: rulesText(createBusinessCalendar(config.calendar), config.evaluation),
      now: () => new Date(),
    },
    parseWindow,
  ),
});
