// The help desk's own targets (SLA policies), normalised from Zendesk, Freshdesk or our own form,
// so each public commitment can be set beside the internal target that governs the same tickets.

/** Where a policy was read from. */
export type PolicyFormat = 'zendesk' | 'freshdesk' | 'promisegap';

/** Which public promise category a help-desk metric governs; null when no public promise states it. */
export type PolicyCategory = 'response_time' | 'resolution_time';

/** One target of a policy: a metric, optionally for one priority, in minutes of business or calendar time. */
export interface PolicyTarget {
  /** The help desk's own name for the metric: first_reply_time, respond_within, resolution… */
  vendorMetric: string;
  /** The commitment category it governs (first reply → response_time); null for internal-only metrics. */
  category: PolicyCategory | null;
  /** The priority level it applies to, normalised (p1 … p4); absent: every priority. */
  severity?: string;
  /** The target, in minutes. */
  minutes: number;
  /** True: counted in the help desk's business hours; false: calendar (wall-clock) time. */
  businessHours: boolean;
}

/** Which tickets a policy applies to: each named dimension lists its values (normalised); absent: any. */
export interface PolicyFilter {
  tier?: string[];
  severity?: string[];
  channel?: string[];
  /** Conditions that name none of plan, priority or channel (a group, a form): they narrow by something the promises do not state. */
  other?: string[];
}

export interface HelpDeskPolicy {
  /** Stable identity: format and the vendor's id (or title), e.g. "zendesk:360001". */
  id: string;
  format: PolicyFormat;
  title: string;
  /** The help desk's matching order (lower first); policies are matched in this order. */
  position: number;
  /** The file it was imported from (its name as given). */
  file: string;
  /** Every ticket the policy applies to matches `all`, and one of `any` when there is one. */
  all: PolicyFilter;
  any?: PolicyFilter[];
  targets: PolicyTarget[];
  /** SHA-256 of the policy's normalised content: the same policy imported twice is stored once. */
  contentHash: string;
  importedAt: string;
}

export interface PutPoliciesResult {
  added: number;
  updated: number;
  unchanged: number;
}
