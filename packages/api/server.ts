// Serves the app on Node (@hono/node-server): the CLI's `serve` and the demo's `npm start`.

import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 unless told otherwise; port 0 picks a free port (see `url`). The Node
 * adapter is loaded here, not at module load: it patches the global Request and Response when
 * imported, which the API Lambda (which only re-exports this) should not pay for at cold start.
 */
export const startServer = async (
  app: Hono<AppEnv>,
  port: number,
  options: { hostname?: string } = {},
): Promise<RunningServer> => {
  const hostname = options.hostname ?? '127.0.0.1';
  const { serve } = await import('@hono/node-server');
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
};
