// The shape of metric samples sent to the API (`POST /v1/metrics`), checked the same way as CSV rows.

import { z } from 'zod';
import { type MetricSample, UNITS } from '../core/index.ts';
import { SampleBatchError } from './errors.ts';
import { valueProblem } from './values.ts';

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
    dimensions: z
      .record(z.string().trim().min(1).max(50), z.string().trim().max(100))
      .refine((d) => Object.keys(d).length <= 12, 'at most 12 dimensions')
      .default({}),
    ref: z.string().max(200).optional(),
  })
  .superRefine((sample, ctx) => {
    const problem = valueProblem(sample.value, sample.unit);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

export const metricsBodySchema = z.object({
  samples: z.array(metricSampleSchema).min(1).max(MAX_SAMPLES_PER_REQUEST),
});

export interface SampleValidation {
  samples: MetricSample[];
  /** One entry per invalid item: its index in the request and every problem found. */
  errors: { index: number; reason: string }[];
}

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
      dimensions: Object.fromEntries(
        Object.entries(dimensions).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]),
      ),
    };
    samples.push(ref === undefined ? normalised : { ...normalised, ref });
  });
  return { samples, errors };
};
