// What the app is built from (its dependencies) and what each request carries.

import type { ApiKeyRecord, ComplaintAnalysis, Logger, Store, Window } from '../core/index.ts';
import type { GapSignals } from '../policy/index.ts';
import type { ComplaintAnalyser } from './analysis-pool.ts';
import type { SampleIngester } from './ingest-pool.ts';
import type { VerdictCache } from './verdict-cache.ts';

export interface DigestPreview {
  subject: string;
  html: string;
  text: string;
}

export interface AppDeps {
  store: Store;
  now: () => Date;
  logger: Logger;
  digestPreview?: (windowId: string) => Promise<DigestPreview>;
  /** The evidence pack of a window as a zip (GET /v1/export, write scope). */
  evidencePack?: (windowId: string) => Promise<{ fileName: string; zip: Uint8Array }>;
  analyzeComplaint?: (text: string) => ComplaintAnalysis;
  /** The policy gap and the claims held to evidence for a window (needs the configuration). */
  gapSignals?: (window: Window) => Promise<GapSignals>;
  /**
   * Complaint analysis off the event loop (a worker pool, see analysis-pool.ts); used instead of
   * `analyzeComplaint` when given. The Lambda API analyses in-process, one text per turn.
   */
  complaintAnalyser?: ComplaintAnalyser;
  /**
   * POST /v1/metrics off the event loop (a worker pool writing to the same store, see
   * ingest-pool.ts). Without it (the Lambda API, one request at a time) samples are ingested
   * in-process, with the same checks and the same responses.
   */
  sampleIngester?: SampleIngester;
  /** Largest request body accepted, in bytes (default 2 MiB). */
  maxBodyBytes?: number;
  /**
   * How long the default week is remembered (default 30 s; it moves when a week ends). A store without
   * a verdicts version (a test's fake) also keeps windows this long.
   */
  cacheTtlMs?: number;
  /**
   * How long a read of the store's verdicts version is trusted (default 1 s). Windows stay in memory
   * until the version changes, so this bounds how long a new evaluation can take to show.
   */
  verdictsVersionTtlMs?: number;
  /** How long a key lookup is remembered (default 5 s): a revoked key stops working within this. */
  keyCacheTtlMs?: number;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    apiKey?: ApiKeyRecord;
  };
}

/** What route modules receive: the deps plus the shared caches. */
export interface AppContext extends AppDeps {
  verdicts: VerdictCache;
}
