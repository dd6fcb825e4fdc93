// GET /v1/export: the evidence pack of one window, as a zip an auditor opens offline. It holds the
// masked complaint quotes and whole page snapshots, so it needs a write key although it is a GET.

import { createRoute } from '@hono/zod-openapi';
import { ExportInputError } from '../../export/index.ts';
import type { AppContext } from '../context.ts';
import { ForbiddenError, NotEnabledError, NotFoundError } from '../errors.ts';
import { newRouter } from '../router.ts';
import { errorResponses, notFoundResponse, WindowQuery } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['export'],
  summary: 'Download the evidence pack of a window',
  description:
    'A zip of commitments.csv (every verdict and its figures), statements.csv (quote, URL, first and last seen, snapshot hash), the page snapshots, the masked complaint quotes, the rules in force, manifest.json (SHA-256 of every file) and an offline report.html. Needs a write key.',
  security: [{ bearer: [] }],
  request: { query: WindowQuery },
  responses: {
    200: {
      description: 'The evidence pack',
      content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const exportRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    if (c.get('apiKey')?.scope !== 'write')
      throw new ForbiddenError(
        'the evidence pack holds page snapshots and complaint quotes: a write key is needed',
      );
    const pack = ctx.evidencePack;
    if (!pack) throw new NotEnabledError('the evidence pack');
    const window = c.req.valid('query').window ?? (await ctx.verdicts.latestWeek());
    if (!window) throw new NotFoundError('no complete week has been evaluated yet; run the evaluation first');
    const { fileName, zip } = await pack(window).catch((error: unknown) => {
      if (error instanceof ExportInputError) throw new NotFoundError(error.message);
      throw error;
    });
    c.header('Content-Disposition', `attachment; filename="${fileName}"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/zip' }) as never;
  });
