// A small HTTP server on 127.0.0.1 for crawler tests: routes are functions of the request, and
// the server counts requests and the most requests it had in flight at once.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestSite {
  origin: string;
  url(path: string): string;
  requests: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

export const startSite = async (routes: Record<string, Route>, fallback?: Route): Promise<TestSite> => {
  let inFlight = 0;
  const site: TestSite = {
    origin: '',
    url: (path) => `${site.origin}${path}`,
    requests: [],
    maxInFlight: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    site.requests.push(req.url ?? '/');
    inFlight++;
    site.maxInFlight = Math.max(site.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes[path] ?? fallback;
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<p>not found</p>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
};

export const html =
  (body: string, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(`<!doctype html><html><body>${body}</body></html>`);
  };

export const text =
  (body: string | Buffer, contentType: string, status = 200, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  };

export const redirect =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };

/** A store fake holding what a conditional GET and the change check need, and the bodies. */
export const memoryStore = () => {
  const snapshots = new Map<string, import('../../../packages/core/index.ts').Snapshot>();
  const touched: string[] = [];
  return {
    snapshots,
    touched,
    async getSnapshotMeta(url: string) {
      const s = snapshots.get(url);
      return s
        ? {
            url: s.url,
            fetchedAt: s.fetchedAt,
            contentHash: s.contentHash,
            etag: s.etag,
            lastModified: s.lastModified,
          }
        : undefined;
    },
    async getLatestSnapshot(url: string) {
      return snapshots.get(url);
    },
    async putSnapshot(snapshot: import('../../../packages/core/index.ts').Snapshot) {
      const previous = await this.getSnapshotMeta(snapshot.url);
      if (previous?.contentHash === snapshot.contentHash) return { stored: false, previous };
      snapshots.set(snapshot.url, snapshot);
      return { stored: true, previous };
    },
    async touchSnapshot(url: string) {
      touched.push(url);
    },
  };
};
