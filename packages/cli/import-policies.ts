// `promisegap import policies FILE [--format zendesk|freshdesk|promisegap]`: the help desk's SLA
// policies into the store, each stored by identity (importing the same file again writes nothing).
// Loaded by import.ts only when this subcommand runs.

import { relative, resolve } from 'node:path';
import { createBusinessCalendar } from '../calendar/index.ts';
import type { LoadedConfig, PolicyFormat } from '../core/index.ts';
import { knownTiersOf } from '../pipeline/index.ts';
import { importPolicyFile, PolicyFileError, type PolicyImportReport } from '../policy/index.ts';
import { openStoreFor, type StoreOptions } from './store.ts';
import { createCliLogger } from './support.ts';

export interface ImportPoliciesOptions extends StoreOptions {
  format?: PolicyFormat;
  planOf?: Record<string, string>;
  json?: boolean;
  verbose?: boolean;
}

export const describePolicyReport = (r: PolicyImportReport): string => {
  const lines = [
    `${r.file}: ${r.policies} SLA ${r.policies === 1 ? 'policy' : 'policies'} read (${r.targets} targets); ${r.added} stored, ${r.updated} updated, ${r.unchanged} already stored`,
  ];
  for (const u of r.unmatchedConditions) {
    lines.push(
      `  note, policy “${u.policy}”: ${u.conditions.join('; ')} names no plan, priority or channel (map it with --plan-of FIELD:VALUE=PLAN)`,
    );
  }
  return lines.join('\n');
};

export const runImportPolicies = async (
  file: string,
  opts: ImportPoliciesOptions,
  loaded: LoadedConfig | undefined,
): Promise<void> => {
  const absolute = resolve(file);
  const entry = loaded?.config.policies.find((p) => resolve(loaded.baseDir, p.file) === absolute);
  const businessDayHours = loaded
    ? createBusinessCalendar(loaded.config.calendar).hoursPerBusinessDay()
    : undefined;
  const embedded = await openStoreFor(opts, { logger: createCliLogger(opts.verbose) });
  try {
    const format = opts.format ?? entry?.format;
    const report = await importPolicyFile(
      {
        store: embedded.store,
        now: () => new Date(),
        knownTiers: await knownTiersOf(embedded.store),
        ...(businessDayHours ? { businessDayHours } : {}),
      },
      {
        file: entry && loaded ? entry.file : relative(process.cwd(), absolute),
        ...(format ? { format } : {}),
        planOf: { ...(entry?.planOf ?? {}), ...(opts.planOf ?? {}) },
      },
      entry && loaded ? loaded.baseDir : process.cwd(),
    );
    process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${describePolicyReport(report)}\n`);
  } catch (error) {
    if (!(error instanceof PolicyFileError)) throw error;
    process.stderr.write(`promisegap: ${error.message}\n`);
    process.exitCode = 2;
  } finally {
    await embedded.close();
  }
};
