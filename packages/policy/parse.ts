// Help-desk SLA policy files → HelpDeskPolicy: Zendesk's SLA policy JSON as its API returns it
// (`sla_policies`, or one `sla_policy`), Freshdesk's SLA policy JSON (an array of policies, or one),
// and our own plain form in YAML or JSON (`policies: [{ name, when, targets }]`). Every problem is
// reported with the file and the JSON path of the value at fault.

import { createHash } from 'node:crypto';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type {
  HelpDeskPolicy,
  PolicyCategory,
  PolicyFilter,
  PolicyFormat,
  PolicyTarget,
} from '../core/index.ts';
import { normaliseChannel, normalisePriority, normaliseTier } from '../ingest/index.ts';
import { PolicyFileError } from './errors.ts';

export interface ParsePolicyOptions {
  /** The file's name as shown in errors and stored beside each policy. */
  file: string;
  format?: PolicyFormat;
  /** Plans the commitments name (normalised): a tag or ticket type equal to one is that plan. */
  knownTiers?: ReadonlySet<string>;
  /**
   * What a condition's value means as a plan: "organization_id:360001" → "Pro", "tag:vip" → "Enterprise",
   * "company_ids:42" → "Pro" (the field as the help desk names it, a colon, the value).
   */
  planOf?: Readonly<Record<string, string>>;
  /** Mean opening hours of a business day, for targets our form states in business days (default 8). */
  businessDayHours?: number;
  importedAt: string;
}

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
    '',
  );

const parseWith = <T>(schema: z.ZodType<T>, value: unknown, file: string, prefix: (string | number)[]): T => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = pathOf([...prefix, ...(issue?.path ?? [])]);
  throw new PolicyFileError(file, path, issue?.message ?? 'invalid');
};

/** The file's text as data: YAML for .yaml/.yml (and our form), JSON otherwise; errors name the line. */
export const readPolicyText = (text: string, file: string): unknown => {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return parseYaml(text);
    } catch (error) {
      if (error instanceof YAMLParseError) {
        const line = error.linePos?.[0]?.line;
        throw new PolicyFileError(
          file,
          '',
          `not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
        );
      }
      throw error;
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(
      file,
      '',
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
};

/** Which of the three shapes a file is in, from its top-level keys. */
export const detectPolicyFormat = (data: unknown): PolicyFormat | undefined => {
  if (Array.isArray(data))
    return data.some((p) => p && typeof p === 'object' && 'sla_target' in p) ? 'freshdesk' : undefined;
  if (!data || typeof data !== 'object') return undefined;
  if ('sla_policies' in data || 'sla_policy' in data) return 'zendesk';
  if ('sla_target' in data) return 'freshdesk';
  if ('policies' in data) return 'promisegap';
  return undefined;
};

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'policy';

const hashOf = (policy: Omit<HelpDeskPolicy, 'contentHash' | 'importedAt' | 'file'>): string =>
  createHash('sha256').update(JSON.stringify(policy)).digest('hex');

const finish = (
  policy: Omit<HelpDeskPolicy, 'contentHash' | 'importedAt' | 'file'>,
  options: ParsePolicyOptions,
): HelpDeskPolicy => ({
  ...policy,
  file: options.file,
  contentHash: hashOf(policy),
  importedAt: options.importedAt,
});

const uniq = (values: string[]): string[] => [...new Set(values)].sort();

/** A filter with only the dimensions that hold something. */
const compact = (f: PolicyFilter): PolicyFilter => {
  const out: PolicyFilter = {};
  for (const key of ['tier', 'severity', 'channel', 'other'] as const) {
    const values = f[key];
    if (values?.length) out[key] = uniq(values);
  }
  return out;
};

/** Where two filters both name a dimension, the tickets must satisfy both: the values they share. */
const intersect = (a: PolicyFilter, b: PolicyFilter): PolicyFilter => {
  const out: PolicyFilter = { ...a };
  for (const key of ['tier', 'severity', 'channel'] as const) {
    const x = a[key];
    const y = b[key];
    if (x && y) out[key] = x.filter((v) => y.includes(v));
    else if (y) out[key] = [...y];
  }
  if (b.other) out.other = [...(a.other ?? []), ...b.other];
  return out;
};

const planFor = (field: string, value: string, options: ParsePolicyOptions): string | undefined => {
  const mapped =
    options.planOf?.[`${field}:${value}`] ?? options.planOf?.[`${field.replace(/_ids?$/, '')}:${value}`];
  if (mapped) return normaliseTier(mapped);
  const tier = normaliseTier(value);
  return options.knownTiers?.has(tier) ? tier : undefined;
};

// ---------- Zendesk ----------

const ZENDESK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const ZENDESK_METRICS = [
  'first_reply_time',
  'next_reply_time',
  'periodic_update',
  'requester_wait_time',
  'agent_work_time',
  'pausable_update',
] as const;
const ZENDESK_CATEGORY: Record<(typeof ZENDESK_METRICS)[number], PolicyCategory | null> = {
  first_reply_time: 'response_time',
  // The time the requester waits for a solve (new, open and on-hold): the public resolution promise.
  requester_wait_time: 'resolution_time',
  next_reply_time: null,
  periodic_update: null,
  agent_work_time: null,
  pausable_update: null,
};
/** Zendesk's `via_id` values for the channels promises name (the ticket's source). */
const ZENDESK_VIA: Record<number, string> = {
  0: 'web',
  4: 'email',
  29: 'chat',
  33: 'phone',
  34: 'phone',
  35: 'phone',
  44: 'phone',
  45: 'phone',
  46: 'phone',
  55: 'chat',
};

const zendeskCondition = z.object({
  field: z.string().min(1),
  operator: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]),
});
const zendeskPolicy = z.object({
  id: z.number().int().optional(),
  url: z.string().optional(),
  title: z.string().min(1, 'a policy needs a title'),
  description: z.string().nullable().optional(),
  position: z.number().int().optional(),
  filter: z.object({
    all: z.array(zendeskCondition).default([]),
    any: z.array(zendeskCondition).default([]),
  }),
  policy_metrics: z
    .array(
      z.object({
        priority: z.enum(ZENDESK_PRIORITIES),
        metric: z.enum(ZENDESK_METRICS),
        target: z.number().int().positive('a target is a positive number of minutes'),
        business_hours: z.boolean(),
      }),
    )
    .default([]),
});

/** One Zendesk condition as the dimensions it narrows. */
const zendeskFilter = (
  c: z.infer<typeof zendeskCondition>,
  options: ParsePolicyOptions,
  at: string,
): PolicyFilter => {
  const values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v) => v !== null).map(String);
  const op = c.operator;
  if (c.field === 'priority') {
    const index = (v: string) =>
      ZENDESK_PRIORITIES.indexOf(v.toLowerCase() as (typeof ZENDESK_PRIORITIES)[number]);
    const v = values[0] ?? '';
    const i = index(v);
    if (i < 0)
      throw new PolicyFileError(
        options.file,
        `${at}.value`,
        `"${v}" is not a Zendesk priority (low, normal, high, urgent)`,
      );
    const pick = (keep: (j: number) => boolean) =>
      ZENDESK_PRIORITIES.filter((_, j) => keep(j)).map(normalisePriority);
    const chosen =
      op === 'is'
        ? pick((j) => j === i)
        : op === 'is_not'
          ? pick((j) => j !== i)
          : op === 'less_than'
            ? pick((j) => j < i)
            : op === 'less_than_equal'
              ? pick((j) => j <= i)
              : op === 'greater_than'
                ? pick((j) => j > i)
                : op === 'greater_than_equal'
                  ? pick((j) => j >= i)
                  : undefined;
    if (!chosen)
      throw new PolicyFileError(options.file, `${at}.operator`, `"${op}" is not an operator for priority`);
    return { severity: chosen };
  }
  if (c.field === 'via_id' && (op === 'is' || op === 'includes')) {
    const channels = values.map((v) => ZENDESK_VIA[Number(v)]);
    if (channels.every((ch): ch is string => ch !== undefined)) return { channel: channels };
    return { other: [`via_id ${op} ${values.join(' ')}`] };
  }
  if ((c.field === 'current_tags' || c.field === 'tags') && (op === 'includes' || op === 'is')) {
    const tags = values.flatMap((v) => v.split(/\s+/)).filter(Boolean);
    const tiers = tags.map((t) => planFor('tag', t, options));
    if (tiers.every((t): t is string => t !== undefined)) return { tier: tiers };
    return { other: [`tags ${op} ${tags.join(' ')}`] };
  }
  if (op === 'is' || op === 'includes') {
    const tiers = values.map((v) => planFor(c.field, v, options));
    if (tiers.length && tiers.every((t): t is string => t !== undefined)) return { tier: tiers };
  }
  return { other: [`${c.field} ${op} ${values.join(' ')}`] };
};

const parseZendesk = (data: unknown, options: ParsePolicyOptions): HelpDeskPolicy[] => {
  const root = data as Record<string, unknown>;
  const [list, prefix]: [unknown[], string] = Array.isArray(root.sla_policies)
    ? [root.sla_policies, 'sla_policies']
    : root.sla_policy !== undefined
      ? [[root.sla_policy], 'sla_policy']
      : (() => {
          throw new PolicyFileError(
            options.file,
            'sla_policies',
            'expected an array of SLA policies (as GET /api/v2/slas/policies returns)',
          );
        })();
  return list.map((raw, index) => {
    const base: (string | number)[] = prefix === 'sla_policy' ? ['sla_policy'] : ['sla_policies', index];
    const p = parseWith(zendeskPolicy, raw, options.file, base);
    let all: PolicyFilter = {};
    p.filter.all.forEach((c, i) => {
      all = intersect(all, zendeskFilter(c, options, pathOf([...base, 'filter', 'all', i])));
    });
    const any = p.filter.any.map((c, i) =>
      compact(zendeskFilter(c, options, pathOf([...base, 'filter', 'any', i]))),
    );
    const targets: PolicyTarget[] = p.policy_metrics.map((m) => ({
      vendorMetric: m.metric,
      category: ZENDESK_CATEGORY[m.metric],
      severity: normalisePriority(m.priority),
      minutes: m.target,
      businessHours: m.business_hours,
    }));
    return finish(
      {
        id: `zendesk:${p.id ?? slug(p.title)}`,
        format: 'zendesk',
        title: p.title,
        position: p.position ?? index + 1,
        all: compact(all),
        ...(any.length ? { any } : {}),
        targets,
      },
      options,
    );
  });
};

// ---------- Freshdesk ----------

/** Freshdesk's priorities: 1 low, 2 medium, 3 high, 4 urgent. */
const FRESHDESK_PRIORITY: Record<string, string> = {
  priority_1: 'p4',
  priority_2: 'p3',
  priority_3: 'p2',
  priority_4: 'p1',
};
/** Freshdesk's ticket sources: 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email. */
const FRESHDESK_SOURCE: Record<number, string> = {
  1: 'email',
  2: 'web',
  3: 'phone',
  7: 'chat',
  9: 'web',
  10: 'email',
};

/** Freshdesk's target fields, each with the promise category it measures (null: none we grade). */
const FRESHDESK_TARGETS = [
  ['respond_within', 'response_time'],
  ['resolve_within', 'resolution_time'],
  ['next_respond_within', null],
] as const satisfies readonly (readonly [string, PolicyCategory | null])[];

const seconds = z.number().int().positive('a target is a positive number of seconds');
const freshdeskTarget = z.object({
  respond_within: seconds.optional(),
  resolve_within: seconds.optional(),
  next_respond_within: seconds.optional(),
  business_hours: z.boolean(),
  escalation_enabled: z.boolean().optional(),
});
const freshdeskPolicy = z.object({
  id: z.number().int().optional(),
  name: z.string().min(1, 'a policy needs a name'),
  description: z.string().nullable().optional(),
  active: z.boolean().default(true),
  is_default: z.boolean().default(false),
  position: z.number().int().optional(),
  sla_target: z.record(
    z.string().regex(/^priority_[1-4]$/, 'expected priority_1 … priority_4'),
    freshdeskTarget,
  ),
  applicable_to: z
    .object({
      company_ids: z.array(z.number().int()).optional(),
      group_ids: z.array(z.number().int()).optional(),
      sources: z.array(z.number().int()).optional(),
      ticket_types: z.array(z.string()).optional(),
      product_ids: z.array(z.number().int()).optional(),
      contact_segments: z.array(z.number().int()).optional(),
      company_segments: z.array(z.number().int()).optional(),
    })
    .nullable()
    .optional(),
});

const parseFreshdesk = (data: unknown, options: ParsePolicyOptions): HelpDeskPolicy[] => {
  const list = Array.isArray(data) ? data : [data];
  const out: HelpDeskPolicy[] = [];
  list.forEach((raw, index) => {
    const base: (string | number)[] = Array.isArray(data) ? [index] : [];
    const p = parseWith(freshdeskPolicy, raw, options.file, base);
    if (!p.active) return;
    const to = p.applicable_to ?? {};
    const all: PolicyFilter = {};
    if (to.sources?.length) {
      const channels = to.sources.map((s) => FRESHDESK_SOURCE[s]);
      if (channels.every((c): c is string => c !== undefined)) all.channel = channels;
      else all.other = [...(all.other ?? []), `sources ${to.sources.join(' ')}`];
    }
    const plans = (field: string, values: (string | number)[] | undefined) => {
      if (!values?.length) return;
      const tiers = values.map((v) => planFor(field, String(v), options));
      if (tiers.every((t): t is string => t !== undefined)) all.tier = [...(all.tier ?? []), ...tiers];
      else all.other = [...(all.other ?? []), `${field} ${values.join(' ')}`];
    };
    plans('company_ids', to.company_ids);
    plans('ticket_types', to.ticket_types);
    for (const field of ['group_ids', 'product_ids', 'contact_segments', 'company_segments'] as const) {
      const values = to[field];
      if (values?.length) all.other = [...(all.other ?? []), `${field} ${values.join(' ')}`];
    }
    const targets: PolicyTarget[] = [];
    for (const [priority, t] of Object.entries(p.sla_target)) {
      const severity = FRESHDESK_PRIORITY[priority] as string;
      for (const [vendorMetric, category] of FRESHDESK_TARGETS) {
        const seconds = t[vendorMetric];
        if (seconds === undefined) continue;
        targets.push({
          vendorMetric,
          category,
          severity,
          minutes: seconds / 60,
          businessHours: t.business_hours,
        });
      }
    }
    out.push(
      finish(
        {
          id: `freshdesk:${p.id ?? slug(p.name)}`,
          format: 'freshdesk',
          title: p.name,
          // The default policy catches every ticket no other policy took: it is matched last.
          position: p.is_default ? 1_000_000 : (p.position ?? index + 1),
          all: compact(all),
          targets,
        },
        options,
      ),
    );
  });
  return out;
};

// ---------- our own form ----------

const OWN_METRICS: Record<string, { category: PolicyCategory | null }> = {
  first_reply: { category: 'response_time' },
  first_response: { category: 'response_time' },
  resolution: { category: 'resolution_time' },
  next_reply: { category: null },
  periodic_update: { category: null },
};
const OWN_UNITS = ['minutes', 'hours', 'days', 'business_hours', 'business_days'] as const;

const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));
const ownPolicy = z
  .object({
    name: z.string().min(1, 'a policy needs a name'),
    when: z
      .object({ plan: oneOrMany.optional(), priority: oneOrMany.optional(), channel: oneOrMany.optional() })
      .strict()
      .default({}),
    targets: z
      .array(
        z
          .object({
            metric: z.string().refine((m) => m in OWN_METRICS, {
              message: `expected one of ${Object.keys(OWN_METRICS).join(', ')}`,
            }),
            priority: z.string().min(1).optional(),
            within: z.number().positive('a target is a positive figure'),
            unit: z.enum(OWN_UNITS),
          })
          .strict(),
      )
      .min(1, 'a policy needs at least one target'),
  })
  .strict();
const ownFile = z.object({ policies: z.array(ownPolicy) }).strict();

const parseOwn = (data: unknown, options: ParsePolicyOptions): HelpDeskPolicy[] => {
  const file = parseWith(ownFile, data, options.file, []);
  const dayHours = options.businessDayHours ?? 8;
  const factor: Record<(typeof OWN_UNITS)[number], number> = {
    minutes: 1,
    hours: 60,
    days: 1440,
    business_hours: 60,
    business_days: dayHours * 60,
  };
  return file.policies.map((p, index) => {
    const all: PolicyFilter = {};
    if (p.when.plan) all.tier = p.when.plan.map(normaliseTier);
    if (p.when.priority) all.severity = p.when.priority.map(normalisePriority);
    if (p.when.channel) all.channel = p.when.channel.map(normaliseChannel);
    return finish(
      {
        id: `promisegap:${slug(p.name)}`,
        format: 'promisegap',
        title: p.name,
        position: index + 1,
        all: compact(all),
        targets: p.targets.map((t) => ({
          vendorMetric: t.metric,
          category: OWN_METRICS[t.metric]?.category ?? null,
          ...(t.priority ? { severity: normalisePriority(t.priority) } : {}),
          minutes: t.within * factor[t.unit],
          businessHours: t.unit.startsWith('business_'),
        })),
      },
      options,
    );
  });
};

/** Reads a policy file's text in the format given, or the one its shape shows. */
export const parsePolicies = (text: string, options: ParsePolicyOptions): HelpDeskPolicy[] => {
  const data = readPolicyText(text, options.file);
  const format = options.format ?? detectPolicyFormat(data);
  if (!format) {
    throw new PolicyFileError(
      options.file,
      '',
      'not a policy file this reads: expected Zendesk (sla_policies), Freshdesk (policies with sla_target) or promisegap (policies); pass --format',
    );
  }
  if (format === 'zendesk') return parseZendesk(data, options);
  if (format === 'freshdesk') return parseFreshdesk(data, options);
  return parseOwn(data, options);
};
