// The API's validators under thousands of generated inputs: a request is either accepted and
// stored as sent, or refused with a 4xx in the one error shape; never a 500, never a reserved
// name reaching the store, never a forged cursor reaching DynamoDB.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reservedKeyProblems } from '../../packages/api/error-responses.ts';
import { dimensionNameProblem, windowIdProblem } from '../../packages/api/schemas.ts';
import { parseWindow } from '../../packages/core/index.ts';
import { decodeCursor, encodeCursor } from '../../packages/store/cursor.ts';
import { InvalidCursorError } from '../../packages/store/index.ts';
import { createHarness, isErrorBody } from './api-harness.ts';

const RUNS = 2000;
/** Whole HTTP requests through the app: fewer runs, each far costlier than a pure check. */
const HTTP_RUNS = 1000;
type Harness = Awaited<ReturnType<typeof createHarness>>;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const RESERVED = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];
const dimensionKey = fc.oneof(
  fc.constantFrom(
    ...RESERVED,
    'tier',
    'Region',
    'priority',
    'a=b',
    'x,y',
    '{z}',
    ' ',
    '',
    'é',
    'p 1',
    '_x',
    'a.b:c-d',
  ),
  fc.string({ maxLength: 12 }),
);
const dimensionValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('gold', 'eu,tier=gold', '}', '%2C'),
);
/** Built as JSON text: an object literal would turn a `__proto__` key into a prototype instead of sending it. */
const dimensionsJson = fc
  .array(fc.tuple(dimensionKey, dimensionValue), { maxLength: 4 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
const unit = fc.constantFrom(
  'minutes',
  'hours',
  'percent',
  'constructor',
  '__proto__',
  'toString',
  'days',
  '',
);

const expectRefusalOrSuccess = async (res: Response, okStatuses: number[]) => {
  expect(res.status).not.toBe(500);
  if (res.status >= 400) {
    expect(isErrorBody(await res.json())).toBe(true);
  } else {
    expect(okStatuses).toContain(res.status);
  }
};

describe('POST /v1/metrics with generated samples', () => {
  it(`accepts or refuses ${HTTP_RUNS} bodies with hostile dimension names and units, never with a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(dimensionsJson, unit, fc.double({ noNaN: false }), async (dims, u, value) => {
        const before = h.recorded.samples.length;
        const body = `{"samples":[{"metric":"first_response","value":${JSON.stringify(value) ?? 'null'},"unit":${JSON.stringify(u)},"at":"2026-11-20T10:00:00Z","dimensions":${dims}}]}`;
        const res = await h.request('POST', '/v1/metrics', h.writeKey, body);
        await expectRefusalOrSuccess(res, [200]);
        const stored = h.recorded.samples.slice(before);
        if (res.status === 200) {
          expect(stored).toHaveLength(1);
          const sample = stored[0];
          for (const key of Object.keys(sample?.dimensions ?? {})) {
            expect(RESERVED).not.toContain(key);
            expect(dimensionNameProblem(key)).toBeUndefined();
          }
          expect(Object.getPrototypeOf(sample?.dimensions)).toBe(Object.prototype);
          expect(['constructor', '__proto__', 'toString']).not.toContain(sample?.unit);
        } else {
          expect(stored).toHaveLength(0);
        }
      }),
      { numRuns: HTTP_RUNS },
    );
  });

  it(`refuses every reserved name as a dimension with a 400 that names it (${RESERVED.length} names)`, async () => {
    for (const name of RESERVED) {
      const body = `{"samples":[{"metric":"m","value":1,"unit":"minutes","at":"2026-11-20T10:00:00Z","dimensions":{${JSON.stringify(name)}:"x"}}]}`;
      const res = await h.request('POST', '/v1/metrics', h.writeKey, body);
      expect(res.status, name).toBe(400);
      const json = await res.json();
      expect(json.details[0].path).toBe(`body.samples.0.dimensions.${name}`);
      expect(json.details[0].message).toMatch(/reserved name/);
    }
  });
});

describe('POST /v1/complaints with generated bodies', () => {
  it(`accepts or refuses ${HTTP_RUNS} arbitrary JSON bodies, never with a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 40 })), async (text) => {
        const res = await h.request('POST', '/v1/complaints', h.writeKey, text);
        await expectRefusalOrSuccess(res, [200]);
      }),
      { numRuns: HTTP_RUNS },
    );
  });

  it(`stores complaints with generated dimensions only when every name is valid (${HTTP_RUNS} bodies)`, async () => {
    await fc.assert(
      fc.asyncProperty(dimensionsJson, async (dims) => {
        const before = h.recorded.complaints.length;
        const body = `{"complaints":[{"id":"c1","at":"2026-11-20T10:00:00Z","text":"I waited 3 days","dimensions":${dims}}]}`;
        const res = await h.request('POST', '/v1/complaints', h.writeKey, body);
        await expectRefusalOrSuccess(res, [200]);
        const sentKeys = Object.keys(JSON.parse(dims));
        const valid = sentKeys.every((k) => dimensionNameProblem(k) === undefined);
        expect(res.status === 200, dims).toBe(valid);
        if (valid) expect(Object.keys(h.recorded.complaints[before]?.dimensions ?? {})).toEqual(sentKeys);
      }),
      { numRuns: HTTP_RUNS },
    );
  });

  it('refuses one text over the limit with a 400 naming it, and too much text together with a 413 stating the limit', async () => {
    const complaint = (i: number, length: number) => ({
      id: `c${i}`,
      at: '2026-11-20T10:00:00Z',
      text: 'x'.repeat(length),
    });
    const long = await h.request('POST', '/v1/complaints', h.writeKey, {
      complaints: [complaint(0, 10_001)],
    });
    expect(long.status).toBe(400);
    const longBody = await long.json();
    expect(longBody.details[0]).toEqual({
      path: 'body.complaints.0.text',
      message: 'longer than 10000 characters; shorten the text',
    });
    const before = h.recorded.complaints.length;
    const many = Array.from({ length: 11 }, (_, i) => complaint(i, 10_000));
    const tooMuch = await h.request('POST', '/v1/complaints', h.writeKey, { complaints: many });
    expect(tooMuch.status).toBe(413);
    const tooMuchBody = await tooMuch.json();
    expect(isErrorBody(tooMuchBody)).toBe(true);
    expect(tooMuchBody.error).toMatch(/total 110000 characters; a request may carry at most 100000/);
    expect(h.recorded.complaints.length).toBe(before);
    const atLimit = await h.request('POST', '/v1/complaints', h.writeKey, { complaints: many.slice(0, 10) });
    expect(atLimit.status).toBe(200);
  });

  it('keeps answering other requests while a maximal complaints request is analysed', async () => {
    let analysed = 0;
    const slow = await createHarness({
      analyzeComplaint: () => {
        analysed += 1;
        return { isComplaint: true, categories: [], durations: [], sentiment: -1 };
      },
    });
    const complaints = Array.from({ length: 10 }, (_, i) => ({
      id: `s${i}`,
      at: '2026-11-20T10:00:00Z',
      text: 'y'.repeat(10_000),
    }));
    let analysedWhenHealthAnswered = -1;
    const post = slow.request('POST', '/v1/complaints', slow.writeKey, { complaints });
    const health = Promise.resolve(slow.request('GET', '/health')).then((res) => {
      analysedWhenHealthAnswered = analysed;
      return res;
    });
    const [postRes, healthRes] = await Promise.all([post, health]);
    expect(healthRes.status).toBe(200);
    expect(postRes.status).toBe(200);
    expect(analysed).toBe(10);
    // /health was answered between two texts, not after the whole batch.
    expect(analysedWhenHealthAnswered).toBeLessThan(10);
  });
});

describe('window ids', () => {
  it(`refuses exactly the ids that name no real week or month (${RUNS} ids)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2200 }),
        fc.integer({ min: 0, max: 99 }),
        fc.boolean(),
        (year, n, week) => {
          const id = week
            ? `${year}-W${String(n).padStart(2, '0')}`
            : `${year}-${String(n).padStart(2, '0')}`;
          let real = true;
          try {
            parseWindow(id);
          } catch {
            real = false;
          }
          expect(windowIdProblem(id) === undefined).toBe(real);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('reserved keys anywhere in a body', () => {
  it(`finds every reserved key at any depth, and nothing else (${RUNS} documents)`, () => {
    const key = fc.oneof(fc.constantFrom(...RESERVED), fc.string({ maxLength: 6 }));
    // Built as JSON text, so reserved keys are sent as keys (an object literal would drop `__proto__`).
    const { tree } = fc.letrec<{ tree: string }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 4 }).map((v) => JSON.stringify(v)),
        fc.integer().map(String),
        fc.array(tie('tree'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
        fc
          .uniqueArray(fc.tuple(key, tie('tree')), { maxLength: 3, selector: ([k]) => k })
          .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      ),
    }));
    const countReserved = (value: unknown): number => {
      if (!value || typeof value !== 'object') return 0;
      const keys = Array.isArray(value) ? [] : Object.keys(value);
      const children = Array.isArray(value) ? value : keys.map((k) => (value as Record<string, unknown>)[k]);
      return (
        keys.filter((k) => RESERVED.includes(k)).length +
        children.reduce((n: number, c) => n + countReserved(c), 0)
      );
    };
    fc.assert(
      fc.property(tree, (json) => {
        const parsed = JSON.parse(json);
        expect(reservedKeyProblems(parsed).length).toBe(Math.min(50, countReserved(parsed)));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a body nested 100,000 levels deep with a 400, quickly', async () => {
    const deep = `{"samples":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const started = performance.now();
    const res = await h.request('POST', '/v1/metrics', h.writeKey, deep);
    expect(res.status).toBe(400);
    expect((await res.json()).details[0].message).toMatch(/nests deeper than 32 levels/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('pagination cursors', () => {
  const position = fc.record({ pk: fc.constant('PROMISES'), sk: fc.string({ minLength: 1, maxLength: 60 }) });

  it(`decodes every cursor it encoded, signed or not (${RUNS} positions)`, () => {
    fc.assert(
      fc.property(
        position,
        fc.option(fc.string({ minLength: 1, maxLength: 16 }), { nil: undefined }),
        (start, key) => {
          const options = { partition: 'PROMISES', ...(key ? { key } : {}) };
          expect(decodeCursor(encodeCursor(start, options), options)).toEqual(start);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`refuses any other string with an InvalidCursorError only (${RUNS} strings)`, () => {
    const forged = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.json().map((j) => Buffer.from(j).toString('base64url')),
      fc
        .record({ pk: fc.string(), sk: fc.anything() })
        .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    );
    fc.assert(
      fc.property(forged, (cursor) => {
        for (const options of [{ partition: 'PROMISES' }, { partition: 'PROMISES', key: 'k' }]) {
          try {
            const decoded = decodeCursor(cursor, options);
            // Only "no cursor" and real positions in the partition (unsigned) decode.
            if (decoded !== undefined) {
              expect(options.key).toBeUndefined();
              expect(decoded.pk).toBe('PROMISES');
            }
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidCursorError);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a signed cursor whose position was altered', () => {
    const options = { partition: 'PROMISES', key: 'secret' };
    const cursor = encodeCursor({ pk: 'PROMISES', sk: 'p_1' }, options) ?? '';
    const [, signature] = cursor.split('.');
    const altered = `${Buffer.from(JSON.stringify({ pk: 'PROMISES', sk: 'p_9' })).toString('base64url')}.${signature}`;
    expect(() => decodeCursor(altered, options)).toThrow(/signature does not match/);
  });
});
