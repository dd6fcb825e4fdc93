// The shape of metric samples sent to the API (`POST /v1/metrics`), checked the same way as CSV rows.

import { z } from 'zod';
import { type MetricSample, UNITS } from '../core/index.ts';
import {
  dimensionNameProblem,
  emptyDimensions,
  MAX_DIMENSION_NAME,
  MAX_DIMENSION_VALUE,
  MAX_DIMENSIONS,
} from './dimensions.ts';
import { SampleBatchError } from './errors.ts';
import { EARLIEST_ACCEPTED } from './timestamps.ts';
import { valueProblem } from './values.ts';

/** Dimension names are checked before any object is built from them: no reserved names. */
const dimensionName = z
  .string()
  .trim()
  .max(MAX_DIMENSION_NAME)
  .superRefine((name, ctx) => {
    const problem = dimensionNameProblem(name.toLowerCase());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// Checked before zod builds the record: zod drops a "__proto__" key silently, which would store
// the sample under another series instead of saying why.
const dimensionsSchema = z
  .preprocess(
    (raw, ctx) => {
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        for (const name of Object.keys(raw)) {
          const problem = dimensionNameProblem(name.trim().toLowerCase());
          if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem, input: raw });
        }
      }
      return raw;
    },
    z
      .record(dimensionName, z.string().trim().max(MAX_DIMENSION_VALUE))
      .refine((d) => Object.keys(d).length <= MAX_DIMENSIONS, `at most ${MAX_DIMENSIONS} dimensions`),
  )
  .default({});

export const MAX_SAMPLES_PER_REQUEST = 1000;

export const metricSampleSchema = z
  .object({
    metric: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
      .transform((m) => m.toLowerCase()),
    value: z.number(),
    unit: z.enum(UNITS),
    at: z.iso.datetime({ offset: true }),
    dimensions: dimensionsSchema,
    ref: z.string().max(200).optional(),
  })
  .superRefine((sample, ctx) => {
    const problem = valueProblem(sample.value, sample.unit);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    if (new Date(sample.at).getTime() < EARLIEST_ACCEPTED.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        message: 'is before 2000: not a measurement promisegap accepts',
      });
    }
  });

export const metricsBodySchema = z.object({
  samples: z.array(metricSampleSchema).min(1).max(MAX_SAMPLES_PER_REQUEST),
});

export interface SampleValidation {
  samples: MetricSample[];
  /** One entry per invalid item: its index in the request and every problem found. */
  errors: { index: number; reason: string }[];
}

const lowerCased = (dimensions: Record<string, string>): Record<string, string> => {
  const out = emptyDimensions();
  for (const [k, v] of Object.entries(dimensions)) out[k.toLowerCase()] = v.toLowerCase();
  // Built without a prototype so no key can reach one; handed on as a plain object, which the
  // DynamoDB marshaller accepts (it refuses prototype-less objects). Reserved names are refused before.
  return Object.fromEntries(Object.entries(out));
};

/** Checks API items one by one, so a response can name each bad sample. */
export const validateSamples = (items: unknown[]): SampleValidation => {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_SAMPLES_PER_REQUEST) {
    throw new SampleBatchError(
      `samples must be an array of 1 to ${MAX_SAMPLES_PER_REQUEST} items (got ${Array.isArray(items) ? items.length : typeof items})`,
    );
  }
  const samples: MetricSample[] = [];
  const errors: SampleValidation['errors'] = [];
  items.forEach((item, index) => {
    const parsed = metricSampleSchema.safeParse(item);
    if (!parsed.success) {
      errors.push({
        index,
        reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'sample'}: ${i.message}`).join('; '),
      });
      return;
    }
    const { ref, dimensions, ...rest } = parsed.data;
    const normalised: MetricSample = {
      ...rest,
      at: new Date(rest.at).toISOString(),
      dimensions: lowerCased(dimensions),
    };
    samples.push(ref === undefined ? normalised : { ...normalised, ref });
  });
  return { samples, errors };
};
