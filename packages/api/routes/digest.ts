// GET /v1/digest/preview: the weekly digest exactly as it would be sent, without sending it.

import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../context.ts';
import { NotEnabledError, NotFoundError } from '../errors.ts';
import { newRouter } from '../router.ts';
import { DigestQuery, DigestSchema, errorResponses, notFoundResponse } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/preview',
  tags: ['digest'],
  summary: 'Preview the weekly digest',
  description: '`format=html` or `format=text` returns the body alone, as the recipient would see it.',
  security: [{ bearer: [] }],
  request: { query: DigestQuery },
  responses: {
    200: {
      description: 'The digest',
      content: {
        'application/json': { schema: DigestSchema },
        'text/html': { schema: { type: 'string' } },
        'text/plain': { schema: { type: 'string' } },
      },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const digestRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const preview = ctx.digestPreview;
    if (!preview) throw new NotEnabledError('the digest preview');
    const q = c.req.valid('query');
    const window = q.window ?? (await ctx.verdicts.latestWeek());
    if (!window) throw new NotFoundError('no complete week has been evaluated yet; run the evaluation first');
    const digest = await preview(window);
    if (q.format === 'html') {
      // The digest is our own rendering, but it quotes third-party pages: no scripts, ever.
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      return c.html(digest.html, 200);
    }
    if (q.format === 'text') return c.text(digest.text, 200);
    return c.json({ window, subject: digest.subject, html: digest.html, text: digest.text }, 200);
  });
