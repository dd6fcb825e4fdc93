// POST /v1/complaints: customer texts, analysed on arrival (category, durations, sentiment) and stored.
// Each text and each request's texts together are capped. A server (`promisegap serve`) analyses in
// a worker pool, off the event loop, and answers 503 with Retry-After when the pool's queue is
// full; without a pool (the Lambda API) the analysis hands the event loop back after every text,
// so one large request never stalls the other requests a server is answering.

import { createRoute } from '@hono/zod-openapi';
import type { ComplaintAnalysis, StoredComplaint } from '../../core/index.ts';
import { AnalysisBusyError } from '../analysis-pool.ts';
import type { AppContext } from '../context.ts';
import { NotEnabledError, TextTooLargeError } from '../errors.ts';
import { newRouter } from '../router.ts';
import {
  ComplaintsBody,
  ComplaintsResultSchema,
  ErrorSchema,
  errorResponses,
  MAX_BATCH,
  MAX_COMPLAINT_REQUEST_CHARS,
  MAX_COMPLAINT_TEXT_CHARS,
  tooLargeResponse,
} from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingestion'],
  summary: 'Ingest complaints',
  description:
    `Up to ${MAX_BATCH} texts of at most ${MAX_COMPLAINT_TEXT_CHARS} characters each and ${MAX_COMPLAINT_REQUEST_CHARS} ` +
    'characters together (a longer text is a 400, more text in one request a 413; both say the limit). ' +
    'A complaint whose id is already stored counts as a duplicate.',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ComplaintsBody } } } },
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: ComplaintsResultSchema } } },
    ...errorResponses,
    ...tooLargeResponse,
    503: {
      description: 'Complaint analysis is busy; the Retry-After header says in how many seconds to try again',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

/** Lets pending I/O (other requests, timers) run before the next piece of work. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Analyses texts one at a time, yielding between them: the work of one tick is one bounded text. */
export const analyseInTurns = async (
  texts: readonly string[],
  analyze: (text: string) => ComplaintAnalysis,
): Promise<ComplaintAnalysis[]> => {
  const out: ComplaintAnalysis[] = [];
  for (const text of texts) {
    await yieldToEventLoop();
    out.push(analyze(text));
  }
  return out;
};

export const complaintRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const { analyzeComplaint: analyze, complaintAnalyser: pool } = ctx;
    if (!analyze && !pool) throw new NotEnabledError('complaint analysis');
    const { complaints } = c.req.valid('json');
    const total = complaints.reduce((n, x) => n + x.text.length, 0);
    if (total > MAX_COMPLAINT_REQUEST_CHARS) throw new TextTooLargeError(total, MAX_COMPLAINT_REQUEST_CHARS);
    const texts = complaints.map((x) => x.text);
    const analyses = pool
      ? await pool.analyse(texts).catch((error: unknown) => {
          if (error instanceof AnalysisBusyError) c.header('Retry-After', String(error.retryAfterSeconds));
          throw error;
        })
      : await analyseInTurns(texts, analyze as (text: string) => ComplaintAnalysis);
    const stored: StoredComplaint[] = complaints.map((x, i) => ({
      id: x.id,
      at: new Date(x.at).toISOString(),
      text: x.text,
      ...(x.channel ? { channel: x.channel } : {}),
      dimensions: x.dimensions,
      analysis: analyses[i] as ComplaintAnalysis,
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
