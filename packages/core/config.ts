// The project configuration file (promisegap.config.json): sources, data files, the business
// calendar, evaluation rules and the digest. Validated once; every problem reported together.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
const dayHours = z.tuple([hhmm, hhmm]).nullable();

export const sourceSchema = z.object({
  /** Absolute URL, or a path resolved against the locally served site (`site.dir`). */
  url: z.string().min(1),
  kind: z.enum(['marketing', 'sla', 'policy', 'support-plan']).default('marketing'),
  sitemap: z.string().optional(),
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
  maxPages: z.number().int().positive().default(50),
  maxDepth: z.number().int().nonnegative().default(3),
});

export const metricFileSchema = z.object({
  file: z.string().min(1),
  /** `samples`: one measurement a row; `tickets`: a help-desk export (first reply, solved). */
  format: z.enum(['samples', 'tickets']).default('samples'),
  /** Column mapping: our field name → the file's column name. */
  mapping: z.record(z.string(), z.string()).default({}),
  /** Fixed values for every row of this file, e.g. { "metric": "uptime", "unit": "percent" }. */
  defaults: z.record(z.string(), z.string()).default({}),
});

export const complaintFileSchema = z.object({
  file: z.string().min(1),
  mapping: z.record(z.string(), z.string()).default({}),
});

export const calendarSchema = z.object({
  timezone: z.string().min(1),
  hours: z.object({
    mon: dayHours.default(null),
    tue: dayHours.default(null),
    wed: dayHours.default(null),
    thu: dayHours.default(null),
    fri: dayHours.default(null),
    sat: dayHours.default(null),
    sun: dayHours.default(null),
  }),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')).default([]),
});

export const configSchema = z.object({
  company: z.string().min(1),
  /**
   * A folder served on loopback while the pipeline runs (the bundled example's site). The port
   * is fixed so page URLs, and the promise ids made from them, stay the same from run to run.
   */
  site: z.object({ dir: z.string().min(1), port: z.number().int().min(1024).max(65535).default(4780) }).optional(),
  sources: z.array(sourceSchema).min(1),
  crawl: z
    .object({
      userAgent: z.string().default('promisegap-bot/0.1'),
      contactUrl: z.string().url(),
      concurrency: z.number().int().positive().default(4),
      perHostConcurrency: z.number().int().positive().default(2),
      perHostDelayMs: z.number().int().nonnegative().default(250),
      /** Allows loopback and private addresses. Only for a site served on this machine. */
      allowPrivateAddresses: z.boolean().default(false),
    })
    .prefault({ contactUrl: 'https://github.com/promisegap/promisegap' }),
  metrics: z.array(metricFileSchema).default([]),
  complaints: z.array(complaintFileSchema).default([]),
  calendar: calendarSchema,
  evaluation: z
    .object({
      minSamples: z.number().int().positive().default(20),
      /** at_risk when kept but more than this share of the error budget is spent. */
      atRiskBudgetSpent: z.number().min(0).max(100).default(75),
      /** Perception gap when at least this share of matched complaints allege a breach... */
      perceptionGapRate: z.number().min(0).max(100).default(20),
      /** ...and at least this many do. */
      perceptionGapMinComplaints: z.number().int().positive().default(3),
      /** Category → metric name overrides, e.g. { "response_time": "first_reply_minutes" }. */
      metrics: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  digest: z.object({
    from: z.string().email(),
    recipients: z.array(z.string().email()).min(1),
    subjectPrefix: z.string().optional(),
  }),
  schedule: z
    .object({
      /** EventBridge Scheduler cron expression, in the calendar's time zone. */
      evaluate: z.string().default('cron(0 7 ? * MON *)'),
      crawl: z.string().default('cron(0 5 ? * MON *)'),
    })
    .prefault({}),
});

export type PromisegapConfig = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type CalendarConfig = z.infer<typeof calendarSchema>;
export type MetricFileConfig = z.infer<typeof metricFileSchema>;

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
