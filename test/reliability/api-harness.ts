// The API over a small in-memory store that records what it was asked to keep, for the route
// matrix and the fuzzing: the properties under test are the API's (auth, validation, error
// shape), and thousands of requests stay fast. Any store call the test did not expect fails loudly.

import type { ComplaintAnalyser } from '../../packages/api/analysis-pool.ts';
import { createApp } from '../../packages/api/index.ts';
import type {
  ApiKeyRecord,
  ComplaintAnalysis,
  Logger,
  MetricSample,
  Store,
  StoredComplaint,
} from '../../packages/core/index.ts';
import { createApiKey } from '../../packages/keys/index.ts';

export const NOW = new Date('2026-11-25T10:00:00.000Z');

export interface Recorded {
  samples: MetricSample[];
  complaints: StoredComplaint[];
  errors: Record<string, unknown>[];
}

export const recordingStore = (recorded: Recorded): Store => {
  const keys = new Map<string, ApiKeyRecord>();
  const impl: Partial<Store> = {
    async putApiKey(record) {
      keys.set(record.hash, record);
    },
    async getApiKeyByHash(hash) {
      return keys.get(hash);
    },
    async ingestSamples(samples) {
      recorded.samples.push(...samples);
      return { accepted: samples.length, duplicates: 0 };
    },
    async putComplaints(complaints) {
      recorded.complaints.push(...complaints);
      return { accepted: complaints.length, duplicates: 0 };
    },
    async listWindows() {
      return [];
    },
    async verdictsForWindow() {
      return [];
    },
    async listPromises() {
      return { items: [] };
    },
    async getPromise() {
      return undefined;
    },
    async listPromiseVersions() {
      return [];
    },
    async verdictHistory() {
      return [];
    },
    async verdictsVersion() {
      return '0';
    },
  };
  return new Proxy(impl as Store, {
    get: (target, name) =>
      Reflect.get(target, name) ??
      (() => {
        throw new Error(`unexpected store call ${String(name)}`);
      }),
  });
};

export const analyzeStub = (text: string): ComplaintAnalysis => ({
  isComplaint: /never|waited|nobody/i.test(text),
  categories: [],
  durations: [],
  sentiment: 0,
});

export const createHarness = async (
  options: {
    analyzeComplaint?: (text: string) => ComplaintAnalysis;
    complaintAnalyser?: ComplaintAnalyser;
    store?: Store;
  } = {},
) => {
  const recorded: Recorded = { samples: [], complaints: [], errors: [] };
  const store = options.store ?? recordingStore(recorded);
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (_message, attributes) => recorded.errors.push(attributes ?? {}),
  };
  const readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  const writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW })).key;
  const app = createApp({
    store,
    now: () => NOW,
    logger,
    analyzeComplaint: options.analyzeComplaint ?? analyzeStub,
    ...(options.complaintAnalyser ? { complaintAnalyser: options.complaintAnalyser } : {}),
    digestPreview: async (windowId) => ({ subject: windowId, html: `<p>${windowId}</p>`, text: windowId }),
    keyCacheTtlMs: 60_000,
  });
  const request = (method: string, path: string, key?: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return { app, store, recorded, readKey, writeKey, request };
};

/** Every error the API answers has this shape, whatever the route and status. */
export const isErrorBody = (body: unknown): boolean => {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.error === 'string' &&
    b.error.length > 0 &&
    typeof b.requestId === 'string' &&
    Array.isArray(b.details) &&
    b.details.every(
      (d) =>
        d &&
        typeof d === 'object' &&
        typeof (d as Record<string, unknown>).path === 'string' &&
        typeof (d as Record<string, unknown>).message === 'string',
    ) &&
    Object.keys(b).sort().join(',') === 'details,error,requestId'
  );
};
