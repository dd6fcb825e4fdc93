// The example company, read as a new user would: its site's promises (extracted from the HTML and the PDF)
// against its customers' messages, week by week. The example's own story (each message's theme in
// examples/complaint-texts.ts) says what each message is about; no quote may stand under a promise of
// another kind, and no perception gap may be built from such links.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_SEEDS, type Theme } from '../../../examples/complaint-texts.ts';
import {
  analyzeComplaint,
  assessPerceptionGap,
  linkComplaints,
  parseComplaintsFile,
} from '../../../packages/complaints/index.ts';
import {
  type Category,
  type ComplaintEvidence,
  type ExtractedPromise,
  type StoredComplaint,
  weekWindow,
} from '../../../packages/core/index.ts';
import { extractDocument } from '../../../packages/extract/index.ts';

const examples = resolve(import.meta.dirname, '../../../examples');

/** What each theme of the example's story may be quoted under. "several" and "other" messages carry many. */
const themeOf = new Map(COMPLAINT_SEEDS.map((s) => [s.text, s.theme]));

const ALLOWED: Record<Theme, readonly Category[] | 'any'> = {
  'pro-response': ['response_time', 'resolution_time'],
  'starter-response': ['response_time'],
  'enterprise-response': ['response_time', 'resolution_time', 'uptime'],
  shipping: ['delivery_time'],
  refund: ['refund_guarantee', 'response_time'],
  'money-back': ['refund_guarantee'],
  uptime: ['uptime', 'credit_compensation', 'other'],
  'phone-24-7': ['availability_hours', 'response_time'],
  several: 'any',
  other: ['other', 'resolution_time'],
  praise: [],
  question: [],
};

/**
 * Messages whose theme in the story is narrower than what they say: each also reports a failure of
 * another kind, and may stand under that kind of promise too.
 */
const ALSO: readonly [string, Category][] = [
  ["It's been five hours since I reported that two of our terminals are offline", 'uptime'],
  ['Nobody told us about the firmware update, so every terminal went offline', 'uptime'],
  ['The support agent promised a callback that never came', 'response_time'],
  ['Enterprise plan, 24/7 phone support. Called at 11pm Saturday with all 4 locations down', 'uptime'],
];

const allowedFor = (text: string, category: Category): boolean => {
  const allowed = ALLOWED[themeOf.get(text) ?? 'question'];
  return (
    allowed === 'any' ||
    allowed.includes(category) ||
    ALSO.some(([start, also]) => text.startsWith(start) && also === category)
  );
};

const WEEKS = [
  '2026-W39',
  '2026-W40',
  '2026-W41',
  '2026-W42',
  '2026-W43',
  '2026-W44',
  '2026-W45',
  '2026-W46',
  '2026-W47',
];

const promises: (ExtractedPromise & { sourceUrl: string; seenAt: string; version: number })[] = [];
let complaints: StoredComplaint[] = [];

beforeAll(async () => {
  const pages = [
    'index.html',
    'pricing.html',
    'support.html',
    'sla.html',
    'shipping.html',
    'returns.html',
    'sla.pdf',
  ];
  for (const page of pages) {
    const body = new Uint8Array(readFileSync(join(examples, 'site', page)));
    const result = await extractDocument({
      source: `https://tallyfern.example/${page}`,
      body,
      fileName: page,
    });
    promises.push(
      ...result.promises.map((p) => ({ ...p, sourceUrl: result.source, seenAt: '2026-09-01', version: 1 })),
    );
  }
  const parsed = parseComplaintsFile(readFileSync(join(examples, 'data/complaints.jsonl'), 'utf8'), 'jsonl');
  complaints = parsed.complaints.map((c) => ({ ...c, analysis: analyzeComplaint(c.text) }));
}, 120_000);

const evidenceFor = (): { promise: (typeof promises)[number]; week: string; evidence: ComplaintEvidence }[] =>
  promises.flatMap((promise) =>
    WEEKS.map((week) => ({ promise, week, evidence: linkComplaints(promise, complaints, weekWindow(week)) })),
  );

describe('complaint links on the example company', () => {
  it('reads the example: promises of several kinds and every message', () => {
    expect(new Set(promises.map((p) => p.category)).size).toBeGreaterThanOrEqual(5);
    expect(complaints.length).toBeGreaterThan(100);
    expect(complaints.every((c) => themeOf.has(c.text))).toBe(true);
  });

  it('never quotes a complaint under a promise of another kind', () => {
    const wrong: string[] = [];
    for (const { promise, week, evidence } of evidenceFor()) {
      for (const q of evidence.quotes) {
        const c = complaints.find((x) => x.id === q.id);
        if (!allowedFor(c?.text ?? '', promise.category))
          wrong.push(`${week} ${promise.category} "${promise.quote.slice(0, 50)}" ← ${c?.text.slice(0, 60)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('builds no perception gap from a complaint about another kind of promise', () => {
    const rule = { rate: 20, minComplaints: 3 };
    const wrong: string[] = [];
    for (const { promise, week, evidence } of evidenceFor()) {
      if (!assessPerceptionGap('kept', evidence, rule)) continue;
      for (const link of evidence.linked ?? []) {
        const c = complaints.find((x) => x.id === link.id);
        if (link.alleging && !allowedFor(c?.text ?? '', promise.category))
          wrong.push(`${week} ${promise.category} ← ${c?.text.slice(0, 60)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('links the slow Pro replies of the last week to the Pro response promise, with themes', () => {
    const pro = promises.find(
      (p) => p.category === 'response_time' && /pro/i.test(p.qualifiers.tier ?? '') && !p.qualifiers.severity,
    );
    expect(pro).toBeDefined();
    if (!pro) return;
    const evidence = linkComplaints(pro, complaints, weekWindow('2026-W47'));
    expect(evidence.matched).toBeGreaterThanOrEqual(8);
    expect(evidence.allegingBreach).toBeGreaterThan(0);
    expect(evidence.linked?.length).toBe(evidence.matched);
    expect(evidence.themes?.length).toBeGreaterThan(0);
    for (const q of evidence.quotes) {
      const c = complaints.find((x) => x.id === q.id);
      expect(themeOf.get(c?.text ?? '')).toMatch(/response|several/);
    }
  });
});
