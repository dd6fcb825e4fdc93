// The project configuration file (promisegap.config.json): sources, data files, the business
// calendar, evaluation rules and the digest. Validated once; every problem reported together.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, not classic zod: classic's `z` namespace keeps every locale and method in each Lambda
// bundle (~440 KB); mini is tree-shaken to the checks used here. Mini carries no messages of its
// own, so the English ones classic zod shows are configured (the same global setting classic makes).
z.config(en());

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM'));
const dayHours = z.nullable(z.tuple([hhmm, hhmm]));
const nonEmpty = () => z.string().check(z.minLength(1));
const positiveInt = () => z.number().check(z.int(), z.positive());
const nonNegativeInt = () => z.number().check(z.int(), z.nonnegative());
const textRecord = () => z._default(z.record(z.string(), z.string()), {});

export const sourceSchema = z.object({
  /** Absolute URL, or a path resolved against the locally served site (`site.dir`). */
  url: nonEmpty(),
  kind: z._default(z.enum(['marketing', 'sla', 'policy', 'support-plan']), 'marketing'),
  sitemap: z.optional(z.string()),
  include: z._default(z.array(z.string()), []),
  exclude: z._default(z.array(z.string()), []),
  maxPages: z._default(positiveInt(), 50),
  maxDepth: z._default(nonNegativeInt(), 3),
});

export const metricFileSchema = z.object({
  file: nonEmpty(),
  /** `samples`: one measurement a row; `tickets`: a help-desk export (first reply, solved). */
  format: z._default(z.enum(['samples', 'tickets']), 'samples'),
  /** Column mapping: our field name → the file's column name. */
  mapping: textRecord(),
  /** Fixed values for every row of this file, e.g. { "metric": "uptime", "unit": "percent" }. */
  defaults: textRecord(),
});

export const complaintFileSchema = z.object({
  file: nonEmpty(),
  mapping: textRecord(),
});

/** A help-desk SLA policy file (Zendesk or Freshdesk API JSON, or our own YAML/JSON form). */
export const policyFileSchema = z.object({
  file: nonEmpty(),
  /** Default: told from the file's shape. */
  format: z.optional(z.enum(['zendesk', 'freshdesk', 'promisegap'])),
  /** What a condition's value means as a plan: "organization_id:360001": "Pro". */
  planOf: textRecord(),
});

export const surveyFileSchema = z.object({
  file: nonEmpty(),
  /** `zendesk` satisfaction ratings, `freshdesk` survey results, or `generic` score,scale,at,comment. */
  format: z._default(z.enum(['zendesk', 'freshdesk', 'generic']), 'generic'),
  mapping: textRecord(),
});

export const calendarSchema = z.object({
  timezone: nonEmpty(),
  hours: z.object({
    mon: z._default(dayHours, null),
    tue: z._default(dayHours, null),
    wed: z._default(dayHours, null),
    thu: z._default(dayHours, null),
    fri: z._default(dayHours, null),
    sat: z._default(dayHours, null),
    sun: z._default(dayHours, null),
  }),
  holidays: z._default(z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'))), []),
});

export const configSchema = z.object({
  company: nonEmpty(),
  /**
   * A folder served on loopback while the pipeline runs (the bundled example's site). The port
   * is fixed so page URLs, and the promise ids made from them, stay the same from run to run.
   */
  site: z.optional(
    z.object({
      dir: nonEmpty(),
      port: z._default(z.number().check(z.int(), z.gte(1024), z.lte(65535)), 4780),
    }),
  ),
  sources: z.array(sourceSchema).check(z.minLength(1)),
  crawl: z.prefault(
    z.object({
      userAgent: z._default(z.string(), 'promisegap-bot/0.1'),
      contactUrl: z.url(),
      concurrency: z._default(positiveInt(), 4),
      perHostConcurrency: z._default(positiveInt(), 2),
      perHostDelayMs: z._default(nonNegativeInt(), 250),
      /** Allows loopback and private addresses. Only for a site served on this machine. */
      allowPrivateAddresses: z._default(z.boolean(), false),
    }),
    { contactUrl: 'https://github.com/promisegap/promisegap' },
  ),
  metrics: z._default(z.array(metricFileSchema), []),
  complaints: z._default(z.array(complaintFileSchema), []),
  /** The help desk's own SLA policies, set beside the public promises (the policy gap). */
  policies: z._default(z.array(policyFileSchema), []),
  /** Survey answers (CSAT, NPS) as a delivery and perception signal (packages/surveys). */
  surveys: z.prefault(
    z.object({
      files: z._default(z.array(surveyFileSchema), []),
      /** CSAT % satisfied below which a kept promise shows a perception gap. */
      floor: z._default(
        z
          .number({ error: 'surveys.floor must be a CSAT percentage from 0 to 100' })
          .check(
            z.gte(0, 'surveys.floor must be a CSAT percentage from 0 to 100'),
            z.lte(100, 'surveys.floor must be a CSAT percentage from 0 to 100'),
          ),
        70,
      ),
      /** NPS below which it does too; none by default. */
      npsFloor: z.optional(
        z
          .number()
          .check(
            z.gte(-100, 'surveys.npsFloor must be an NPS from -100 to 100'),
            z.lte(100, 'surveys.npsFloor must be an NPS from -100 to 100'),
          ),
      ),
      /** Answers a window needs before its CSAT or NPS is held against the floor. */
      minResponses: z._default(positiveInt(), 10),
    }),
    {},
  ),
  calendar: calendarSchema,
  evaluation: z.prefault(
    z.object({
      minSamples: z._default(positiveInt(), 20),
      /** at_risk when kept but more than this share of the error budget is spent. */
      atRiskBudgetSpent: z._default(z.number().check(z.gte(0), z.lte(100)), 75),
      /** Perception gap when at least this share of matched complaints allege a breach... */
      perceptionGapRate: z._default(z.number().check(z.gte(0), z.lte(100)), 20),
      /** ...and at least this many do. */
      perceptionGapMinComplaints: z._default(positiveInt(), 3),
      /** Category → metric name overrides, e.g. { "response_time": "first_reply_minutes" }. */
      metrics: textRecord(),
    }),
    {},
  ),
  promises: z.prefault(
    z.object({
      /** false: proposed commitments are graded; true: only confirmed or corrected ones are. */
      reviewRequired: z._default(z.boolean(), false),
    }),
    {},
  ),
  digest: z.object({
    from: z.email(),
    recipients: z.array(z.email()).check(z.minLength(1)),
    subjectPrefix: z.optional(z.string()),
    /** The dashboard's address: every digest item links to its page there, the rules too. */
    dashboardUrl: z.optional(z.url({ protocol: /^https?$/ })),
  }),
  schedule: z.prefault(
    z.object({
      /** EventBridge Scheduler cron expression, in the calendar's time zone. */
      evaluate: z._default(z.string(), 'cron(0 7 ? * MON *)'),
      crawl: z._default(z.string(), 'cron(0 5 ? * MON *)'),
      /** The daily alert check on the running week or month, in the calendar's time zone. */
      alerts: z._default(z.string(), 'cron(0 7 * * ? *)'),
    }),
    {},
  ),
  /** Alerts between digests (packages/alerts). Without channels nothing is sent. */
  alerts: z.prefault(
    z.object({
      /** Email through SES: the digest's sender unless `from` is given. */
      email: z.optional(
        z.object({ from: z.optional(z.email()), recipients: z.array(z.email()).check(z.minLength(1)) }),
      ),
      /** Slack-compatible incoming webhooks (Slack, Mattermost, Google Chat, Teams in Slack mode). */
      webhooks: z._default(z.array(z.url({ protocol: /^https?$/ })), []),
      /** An SNS topic ARN to publish to; in AWS the stack's own alerts topic is used. */
      snsTopicArn: z.optional(
        z
          .string()
          .check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}$/, 'expected an SNS topic ARN')),
      ),
      /** Where each alert links to: the dashboard's base URL (its promise pages hang under it). */
      dashboardUrl: z.optional(z.url({ protocol: /^https?$/ })),
      fastBurn: z.prefault(
        z.object({
          lookbackDays: z._default(z.number().check(z.gt(0), z.lte(31)), 1),
          rate: z._default(z.number().check(z.gt(1)), 14),
        }),
        {},
      ),
      slowBurn: z.prefault(
        z.object({
          lookbackDays: z._default(z.number().check(z.gt(0), z.lte(93)), 7),
          rate: z._default(z.number().check(z.gt(1)), 3),
        }),
        {},
      ),
      complaintsJump: z.prefault(
        z.object({
          minComplaints: z._default(positiveInt(), 3),
          factor: z._default(z.number().check(z.gte(1)), 3),
        }),
        {},
      ),
    }),
    {},
  ),
});

export type PromisegapConfig = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type CalendarConfig = z.infer<typeof calendarSchema>;
export type AlertsConfig = PromisegapConfig['alerts'];
export type MetricFileConfig = z.infer<typeof metricFileSchema>;
export type PolicyFileConfig = z.infer<typeof policyFileSchema>;
export type SurveyFileConfig = z.infer<typeof surveyFileSchema>;

export class ConfigError extends Error {
  constructor(
    readonly where: string,
    readonly problems: string[],
    options?: ErrorOptions,
  ) {
    super(`invalid configuration in ${where}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: PromisegapConfig;
  /** Folder of the config file: relative paths in it resolve against this. */
  baseDir: string;
  path: string;
}

export const parseConfig = (raw: unknown, where: string): PromisegapConfig => {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      where,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
    );
  }
  return Object.freeze(parsed.data);
};

export const loadConfigFile = (path: string): LoadedConfig => {
  const full = resolve(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (cause) {
    throw new ConfigError(full, ['cannot read the file'], { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(full, [`not valid JSON: ${(cause as Error).message}`], { cause });
  }
  return { config: parseConfig(raw, full), baseDir: dirname(full), path: full };
};
