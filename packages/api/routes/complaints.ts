// POST /v1/complaints: customer texts, analysed on arrival (category, durations, sentiment) and stored.

import { createRoute } from '@hono/zod-openapi';
import type { StoredComplaint } from '../../core/index.ts';
import type { AppContext } from '../context.ts';
import { NotEnabledError } from '../errors.ts';
import { newRouter } from '../router.ts';
import { ComplaintsBody, ComplaintsResultSchema, errorResponses, MAX_BATCH } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingestion'],
  summary: 'Ingest complaints',
  description: `Up to ${MAX_BATCH} texts. A complaint whose id is already stored counts as a duplicate.`,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ComplaintsBody } } } },
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: ComplaintsResultSchema } } },
    ...errorResponses,
  },
});

export const complaintRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const analyze = ctx.analyzeComplaint;
    if (!analyze) throw new NotEnabledError('complaint analysis');
    const { complaints } = c.req.valid('json');
    const stored: StoredComplaint[] = complaints.map((x) => ({
      id: x.id,
      at: new Date(x.at).toISOString(),
      text: x.text,
      ...(x.channel ? { channel: x.channel } : {}),
      dimensions: x.dimensions,
      analysis: analyze(x.text),
    }));
    const result = await ctx.store.putComplaints(stored);
    const readAsComplaints = stored.filter((s) => s.analysis.isComplaint).length;
    // Counts only: complaint text is customer data and stays out of the logs.
    ctx.logger.info('complaints ingested', { requestId: c.get('requestId'), ...result, readAsComplaints });
    return c.json(
      { accepted: result.accepted, duplicates: result.duplicates, complaints: readAsComplaints },
      200,
    );
  });
