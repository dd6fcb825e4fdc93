// `promisegap serve`: the compliance API and dashboard on the embedded store, until interrupted.

import { Command, InvalidArgumentError, Option } from 'commander';
import { type AnalysisPool, type AnalysisPoolOptions, createAnalysisPool } from '../../api/analysis-pool.ts';
import { configuredRoutes } from '../../api/config-routes.ts';
import { createApp, type RunningServer, startServer } from '../../api/index.ts';
import { createIngestPool, type IngestPool, type IngestPoolOptions } from '../../api/ingest-pool.ts';
import { analyzeComplaint } from '../../complaints/index.ts';
import type { Logger, PromisegapConfig } from '../../core/index.ts';
import { loadConfigFile } from '../../core/index.ts';
import { type EmbeddedStore, TABLE_SCHEMA } from '../../store/index.ts';
import { holdLocalStore } from '../store.ts';

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got "${value}"`);
  }
  return port;
};

const formatValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Human log lines on stderr: `12:00:01 info request method=GET path=/health status=200`. */
export const createCliLogger = (
  write: (line: string) => void = (l) => process.stderr.write(l),
  options: { debug?: boolean } = {},
): Logger => {
  const line = (level: string) => (message: string, attributes?: Record<string, unknown>) => {
    const attrs = Object.entries(attributes ?? {})
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    write(`${new Date().toISOString().slice(11, 19)} ${level} ${message}${attrs ? ` ${attrs}` : ''}\n`);
  };
  return {
    debug: options.debug ? line('debug') : () => {},
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
};

export interface ServingOptions {
  port: number;
  host: string;
  dataDir: string;
  config?: PromisegapConfig;
  logger: Logger;
  /** Complaint analysis threads and queue (defaults: see analysis-pool.ts). */
  analysis?: AnalysisPoolOptions;
  /** Sample ingestion threads and queue (defaults: see ingest-pool.ts). */
  ingest?: Pick<IngestPoolOptions, 'threads' | 'maxQueued'>;
}

export interface Serving {
  server: RunningServer;
  embedded: EmbeddedStore;
  analysis: AnalysisPool;
  /** Absent for an in-memory store (not reachable from other threads). */
  ingest?: IngestPool;
  /**
   * Stops accepting requests, stops the analysis threads, lets the ingest threads finish what
   * they merge, then closes the store (data flushed).
   */
  close(): Promise<void>;
}

/**
 * What `serve` runs: the data folder held by this process (its store in a worker thread), the
 * app with complaint analysis in a worker pool, listening on host:port. Benchmarks start the
 * same thing.
 */
export const startServing = async (options: ServingOptions): Promise<Serving> => {
  const { logger, config } = options;
  const embedded = await holdLocalStore(options.dataDir, {
    logger,
    onWaitForClients: (pids) => logger.info('waiting for commands still using the data folder', { pids }),
  });
  const { store } = embedded;
  const analysis = createAnalysisPool(options.analysis);
  // The threads reach the store through its endpoint with the folder's token; an in-memory store
  // (`--data-dir :memory:`) is not shared, so there samples are ingested in-process.
  const ingest = embedded.token
    ? createIngestPool({
        endpoint: embedded.endpoint,
        token: embedded.token,
        tableName: TABLE_SCHEMA.tableName,
        ...options.ingest,
      })
    : undefined;
  const stopThreads = () => Promise.all([analysis.close(), ingest?.close()]);
  const app = createApp({
    store,
    now: () => new Date(),
    logger,
    analyzeComplaint,
    complaintAnalyser: analysis,
    ...(ingest ? { sampleIngester: ingest } : {}),
    ...(config ? configuredRoutes(store, config) : {}),
  });
  const server = await startServer(app, options.port, { hostname: options.host }).catch(
    async (error: unknown) => {
      await stopThreads();
      await embedded.close();
      throw error;
    },
  );
  let closed: Promise<void> | undefined;
  return {
    server,
    embedded,
    analysis,
    ...(ingest ? { ingest } : {}),
    close: () => {
      closed ??= (async () => {
        await server.close();
        await stopThreads();
        await embedded.close();
      })();
      return closed;
    },
  };
};

export const register = (program: Command): void => {
  program.addCommand(
    new Command('serve')
      .description('Serves the compliance API and dashboard on the embedded store until interrupted.')
      .addOption(new Option('--port <port>', 'port to listen on').default(8787).argParser(parsePort))
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--data-dir <dir>', 'where the embedded store keeps its data', '.promisegap')
      .option('--config <file>', 'project configuration, to enable the digest preview')
      .action(async (options: { port: number; host: string; dataDir: string; config?: string }) => {
        const logger = createCliLogger();
        const config = options.config ? loadConfigFile(options.config).config : undefined;
        const serving = await startServing({
          port: options.port,
          host: options.host,
          dataDir: options.dataDir,
          logger,
          ...(config ? { config } : {}),
        });
        const { server, embedded } = serving;
        process.stdout.write(
          `promisegap is serving the dashboard at ${server.url}/ (API docs at ${server.url}/docs); other commands on ${embedded.description.replace(/ \(embedded\)$/, '')} share its store\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await serving.close();
      }),
  );
};
