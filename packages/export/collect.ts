// Reads what an evidence pack holds from the store: the window's verdicts, every statement of the
// graded commitments, the page snapshots they were read from, and the rules the verdicts carry.

import { type Store, sha256Hex, type Verdict, type Window } from '../core/index.ts';
import { ExportInputError } from './errors.ts';
import {
  buildEvidencePack,
  type EvidenceInput,
  type EvidenceSnapshot,
  type EvidenceStatement,
  zipEvidence,
} from './evidence.ts';

export interface CollectEvidenceInput {
  company: string;
  timezone: string;
  window: Window;
  now: () => Date;
  /** The rules text to state when the verdicts carry none (the current configuration's). */
  currentRules: string;
}

type EvidenceStore = Pick<Store, 'verdictsForWindow' | 'getPromise' | 'getLatestSnapshot'>;

const rulesOf = (verdicts: Verdict[], fallback: string): string => {
  const carried = verdicts
    .map((v) => (v as { rules?: unknown }).rules)
    .find((r) => typeof r === 'string' && r);
  return typeof carried === 'string' ? carried : fallback;
};

export const collectEvidence = async (
  store: EvidenceStore,
  input: CollectEvidenceInput,
): Promise<EvidenceInput> => {
  const verdicts = (await store.verdictsForWindow(input.window.id)).filter(
    (v) => v.window.id === input.window.id,
  );
  if (verdicts.length === 0)
    throw new ExportInputError(
      `no verdicts are stored for ${input.window.id}: run \`promisegap evaluate --week ${input.window.id}\` first`,
    );
  const statements: EvidenceStatement[] = [];
  const snapshots = new Map<string, EvidenceSnapshot>();
  for (const v of verdicts) {
    const promise = await store.getPromise(v.promiseId);
    const url = promise?.sourceUrl ?? v.promise.sourceUrl;
    if (url && !snapshots.has(url)) {
      const snapshot = await store.getLatestSnapshot(url);
      if (snapshot) {
        snapshots.set(url, {
          url,
          fetchedAt: snapshot.fetchedAt,
          contentHash: snapshot.contentHash,
          contentType: snapshot.contentType,
          body: snapshot.body,
        });
      }
    }
    const contentHash = snapshots.get(url)?.contentHash;
    statements.push({
      promiseId: v.promiseId,
      quote: promise?.quote ?? v.promise.quote,
      url,
      firstSeen: promise?.firstSeen ?? v.promise.seenAt,
      lastSeen: promise?.lastSeen ?? v.promise.seenAt,
      ...(contentHash ? { contentHash } : {}),
    });
  }
  const text = rulesOf(verdicts, input.currentRules);
  return {
    company: input.company,
    window: verdicts[0]?.window ?? input.window,
    timezone: input.timezone,
    generatedAt: input.now().toISOString(),
    verdicts,
    statements,
    snapshots: [...snapshots.values()],
    rules: { version: sha256Hex(text).slice(0, 12), text },
  };
};

/** The evidence zip of one window as the CLI and the API serve it: a file name and its bytes. */
export const evidenceZip = async (
  store: EvidenceStore,
  input: CollectEvidenceInput,
): Promise<{
  fileName: string;
  zip: Uint8Array;
  manifest: ReturnType<typeof buildEvidencePack>['manifest'];
}> => {
  const pack = buildEvidencePack(await collectEvidence(store, input));
  const folder = `promisegap-evidence-${pack.manifest.window}`;
  return { fileName: `${folder}.zip`, zip: zipEvidence(pack, folder), manifest: pack.manifest };
};

/** What GET /v1/export needs from a deployment: its store, configuration and clock. */
export const evidencePackFor =
  (
    store: EvidenceStore,
    settings: { company: string; timezone: string; rules: string; now: () => Date },
    parseWindow: (id: string, timeZone: string) => Window,
  ) =>
  async (windowId: string) =>
    evidenceZip(store, {
      company: settings.company,
      timezone: settings.timezone,
      window: parseWindow(windowId, settings.timezone),
      now: settings.now,
      currentRules: settings.rules,
    });
