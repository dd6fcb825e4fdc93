// What the domain needs from storage. One implementation (DynamoDB, in packages/store) serves
// Lambda and the embedded local store alike; tests of pure code pass their own small fakes.

import type {
  Claim,
  Complaint,
  ComplaintAnalysis,
  MetricSample,
  PromiseVersion,
  ReviewState,
  ServicePromise,
  Snapshot,
  StoredSurvey,
  Verdict,
} from './domain.ts';
import type { HelpDeskPolicy, PutPoliciesResult } from './policy.ts';

/** Enough of a snapshot to make a conditional GET and to tell whether content changed. */
export interface SnapshotMeta {
  url: string;
  fetchedAt: string;
  contentHash: string;
  etag?: string;
  lastModified?: string;
}

export interface PutSnapshotResult {
  /** False when the same content (url + hash) was already stored: nothing changed. */
  stored: boolean;
  /** The snapshot this one replaces, kept for the promise diff. */
  previous?: SnapshotMeta;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last page. */
  cursor?: string;
}

export interface PromiseFilter {
  category?: string;
  source?: string;
  tier?: string;
  includeRemoved?: boolean;
  /** Rejected commitments are not promises: left out unless asked for. */
  includeRejected?: boolean;
  /** Only commitments in these review states. */
  states?: ReviewState[];
  cursor?: string;
  limit?: number;
}

/** A series is one metric with its dimensions, e.g. first_response_time{tier=pro,priority=p1}. */
export interface SeriesKey {
  metric: string;
  dimensions: Record<string, string>;
}

/** Per series and hour: count, sum, min, max and a mergeable quantile sketch. */
export interface Rollup {
  series: string;
  metric: string;
  dimensions: Record<string, string>;
  hour: string;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Serialised DDSketch (see packages/compliance) with a stated relative accuracy. */
  sketch: string;
  /** The worst samples of the hour (largest values), kept as evidence. */
  worst: { value: number; at: string; ref?: string }[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface StoredComplaint extends Complaint {
  analysis: ComplaintAnalysis;
}

export interface ApiKeyRecord {
  id: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string;
  scope: 'read' | 'write';
  createdAt: string;
  revokedAt?: string;
  label?: string;
}

export type DigestSendState = 'sending' | 'sent' | 'rejected' | 'failed';

export interface DigestSendRecord {
  windowId: string;
  recipient: string;
  state: DigestSendState;
  at: string;
  messageId?: string;
  error?: string;
  /** Which claim of this recipient this is: 1 first, more after a failed or abandoned attempt. */
  attempt?: number;
  /** Set when this attempt took over a `sending` claim that was never finished (a crashed run): its time. */
  reclaimedFrom?: string;
}

/** Lets a claim take over an unfinished one: a `sending` claim made before `staleBefore`. */
export interface DigestReclaim {
  staleBefore: string;
  attempt: number;
  reclaimedFrom?: string;
}

export interface Store {
  // Snapshots
  getLatestSnapshot(url: string): Promise<Snapshot | undefined>;
  getSnapshotMeta(url: string): Promise<SnapshotMeta | undefined>;
  putSnapshot(snapshot: Snapshot): Promise<PutSnapshotResult>;
  /** Marks a page as seen unchanged (a 304 or same hash) without storing a new body. */
  touchSnapshot(url: string, fetchedAt: string): Promise<void>;
  /**
   * Claims a URL for one crawl run; false when another claimant already holds it (de-duplication).
   * With a `claimant` (the seed run, or the SQS message whose page linked to the URL), the same
   * claimant claims it again until it is marked queued: a retry after a failed send re-queues what
   * its first attempt claimed, a retry after a good send queues nothing (claim, send, mark: an outbox).
   */
  claimCrawlUrl(runId: string, url: string, at: string, claimant?: string): Promise<boolean>;
  /** Marks claimed URLs as sent to the queue, so no retry of their claimant sends them again. */
  markCrawlUrlsQueued(runId: string, urls: string[], at: string): Promise<void>;

  // Promises, their versions, and the claims found beside them
  listPromisesBySource(sourceUrl: string): Promise<ServicePromise[]>;
  listPromises(filter?: PromiseFilter): Promise<Page<ServicePromise>>;
  getPromise(id: string): Promise<ServicePromise | undefined>;
  putPromises(promises: ServicePromise[]): Promise<void>;
  listPromiseVersions(promiseId: string): Promise<PromiseVersion[]>;
  putPromiseVersions(versions: PromiseVersion[]): Promise<void>;
  putClaims(sourceUrl: string, claims: Claim[], seenAt: string): Promise<void>;
  listClaims(): Promise<{ sourceUrl: string; claims: Claim[]; seenAt: string }[]>;

  // The register: statement slots per page (what each page says, versioned under their ids),
  // and commitments (the promises above) written only if nobody else wrote them since they were read
  listStatementsBySource(sourceUrl: string): Promise<ServicePromise[]>;
  putStatements(statements: ServicePromise[]): Promise<void>;
  /**
   * Writes a commitment if its stored revision is still `expectedRevision` (null: it must not
   * exist yet); otherwise throws the store's RevisionConflictError and writes nothing.
   */
  saveCommitment(commitment: ServicePromise, expectedRevision: number | null): Promise<void>;

  // Metrics
  ingestSamples(samples: MetricSample[]): Promise<IngestResult>;
  listSeries(metric: string): Promise<SeriesKey[]>;
  rollupsFor(series: SeriesKey, from: string, to: string): Promise<Rollup[]>;

  // Complaints
  putComplaints(complaints: StoredComplaint[]): Promise<IngestResult>;
  complaintsBetween(from: string, to: string): Promise<StoredComplaint[]>;

  // Survey answers: one item per answer id (content identity), first write wins
  putSurveys(surveys: StoredSurvey[]): Promise<IngestResult>;
  surveysBetween(from: string, to: string): Promise<StoredSurvey[]>;

  // Evaluations
  putVerdicts(verdicts: Verdict[]): Promise<void>;
  verdictsForWindow(windowId: string): Promise<Verdict[]>;
  verdictHistory(promiseId: string, limit: number): Promise<Verdict[]>;
  listWindows(): Promise<string[]>;
  /**
   * A token that changes whenever verdicts are written (after the verdicts themselves): one small
   * read, so a cache of published verdicts can tell it is stale. '0' before any verdict was written.
   */
  verdictsVersion(): Promise<string>;

  // Digest sends: claim before sending, record after, so a retry never sends twice
  claimDigestSend(windowId: string, recipient: string, at: string, reclaim?: DigestReclaim): Promise<boolean>;
  recordDigestSend(record: DigestSendRecord): Promise<void>;
  digestSends(windowId: string): Promise<DigestSendRecord[]>;

  // Help-desk SLA policies, by identity: a policy with the same content is not written again
  putPolicies(policies: HelpDeskPolicy[]): Promise<PutPoliciesResult>;
  listPolicies(): Promise<HelpDeskPolicy[]>;

  // API keys
  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: string): Promise<boolean>;
}
