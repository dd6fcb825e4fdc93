// One data folder, many commands: the first command to open a folder holds it (embedded.ts) and
// publishes its loopback endpoint; every other command on the folder finds the endpoint and
// talks to the same dynalite through the ordinary DynamoDB client. Only when no live process
// serves the folder does a command open it itself.

import { request } from 'node:http';
import { resolve } from 'node:path';
import type { Logger } from '../core/index.ts';
import { createDynamoStore } from './dynamo-store.ts';
import {
  CONTROL_PATH,
  documentClient,
  type EmbeddedStore,
  loopbackClient,
  type OpenEmbeddedOptions,
  openEmbeddedStore,
  TOKEN_HEADER,
} from './embedded.ts';
import { StoreBusyError } from './errors.ts';
import {
  folderFiles,
  isAlive,
  type PublishedEndpoint,
  readEndpoint,
  readLockPid,
  removeEndpointFile,
  removeLockFile,
  takeLease,
} from './folder.ts';
import { levelDbIsFree } from './integrity.ts';
import { TABLE_SCHEMA } from './schema.ts';

/** GET /promisegap/health with the token: 'ok', 'closing' (the holder is shutting down) or 'gone'. */
export const probeEndpoint = (
  published: PublishedEndpoint,
  timeoutMs = 2_000,
): Promise<'ok' | 'closing' | 'gone'> =>
  new Promise((done) => {
    const req = request(
      `${published.endpoint}${CONTROL_PATH}health`,
      { headers: { [TOKEN_HEADER]: published.token }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 503) return done('closing');
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { pid?: number };
            done(res.statusCode === 200 && body.pid === published.pid ? 'ok' : 'gone');
          } catch {
            done('gone');
          }
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => done('gone'));
    req.end();
  });

/** A store reached through another process's endpoint. */
const connect = (
  dataDir: string,
  published: PublishedEndpoint,
  release: () => void,
  logger?: Logger,
): EmbeddedStore => {
  const raw = loopbackClient(published.endpoint, published.token);
  const client = documentClient(raw);
  return {
    store: createDynamoStore({ client, tableName: TABLE_SCHEMA.tableName, ...(logger ? { logger } : {}) }),
    endpoint: published.endpoint,
    client,
    raw,
    token: published.token,
    description: `${dataDir} (shared with pid ${published.pid})`,
    close: async () => {
      raw.destroy();
      release();
    },
  };
};

export interface OpenLocalOptions extends OpenEmbeddedOptions {
  /** How long to wait for a holder that is starting or closing before saying so. */
  waitMs?: number;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The store of a data folder, shared: through the process that serves it, or opened here (and
 * then served to others) when none does. Stale endpoint files, of processes that died, are
 * removed on the way. `:memory:` is always a private in-memory store.
 */
export const openLocalStore = async (options: OpenLocalOptions): Promise<EmbeddedStore> => {
  if (options.dataDir === ':memory:') return openEmbeddedStore(options);
  const dataDir = resolve(options.dataDir);
  const clock = options.now ?? (() => new Date());
  const deadline = clock().getTime() + (options.waitMs ?? 15_000);
  let holder = 0;
  let lastBusy: StoreBusyError | undefined;
  for (;;) {
    const published = readEndpoint(dataDir);
    if (published) {
      if (!isAlive(published.pid)) {
        removeEndpointFile(dataDir);
        continue;
      }
      // The lease comes before the probe: a holder that starts closing after a good probe
      // sees the lease and waits for this command to finish.
      const release = takeLease(dataDir);
      const state = await probeEndpoint(published);
      if (state === 'ok') return connect(dataDir, published, release, options.logger);
      release();
      holder = published.pid;
      // No answer, and nobody holds the LevelDB files: the file is stale, its pid reused by
      // another program. (LevelDB's own lock is released by the OS when its process dies.)
      if (state === 'gone' && (await levelDbIsFree(folderFiles(dataDir).levelDb))) {
        removeEndpointFile(dataDir);
        if (readLockPid(dataDir) === published.pid) removeLockFile(dataDir);
        continue;
      }
    } else {
      try {
        return await openEmbeddedStore({ ...options, dataDir });
      } catch (error) {
        // Lost the race to another command opening the folder at the same moment, or its holder
        // is between taking the lock and publishing the endpoint: look again shortly.
        if (!(error instanceof StoreBusyError)) throw error;
        lastBusy = error;
        holder = error.holderPid || holder;
      }
    }
    if (clock().getTime() > deadline) {
      const pid = readLockPid(dataDir) ?? holder;
      // Held by something that is not a promisegap process (LevelDB's lock, no pid file).
      if (!pid && lastBusy) throw lastBusy;
      throw new StoreBusyError(
        dataDir,
        pid,
        `the data directory ${dataDir} is held by promisegap process ${pid}, which does not answer; wait for it to finish or stop it, then try again`,
      );
    }
    await pause(100);
  }
};
