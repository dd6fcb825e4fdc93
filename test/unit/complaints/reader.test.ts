// The learned reader on what the issue names: consumer language, sarcasm and negation, questions that are
// and are not complaints, and the waits the writer reports (not tenure, prices, times of day or margins).

import { describe, expect, it } from 'vitest';
import {
  analyzeComplaint,
  COMPLAINT_MODEL,
  type LabelledComplaint,
  trainComplaintModel,
} from '../../../packages/complaints/index.ts';
import { DEFAULT_COMPLAINT_TRAINING, featurise } from '../../../packages/complaints/model.ts';
import { CATEGORIES } from '../../../packages/core/index.ts';

const waits = (text: string): string[] => analyzeComplaint(text).durations.map((d) => `${d.value} ${d.unit}`);

describe('the learned complaint reader', () => {
  it.each([
    ['sarcasm after a failure', 'Great, the dashboard was down all weekend. Thanks a lot.', 'uptime'],
    ['a negation before the reply', 'Not once did anyone call back.', 'response_time'],
    ['a utility outage', "The power's been out three days.", 'uptime'],
    ['no internet', 'Still no internet.', 'uptime'],
    ['slow food', 'The pizza took two hours.', 'delivery_time'],
    ['a lost parcel', 'My parcel is lost.', 'delivery_time'],
    ['a complaint asked as a question', 'Will I ever get my refund?', 'refund_guarantee'],
  ])('reads %s as a complaint of its kind, with negative sentiment', (_name, text, category) => {
    const r = analyzeComplaint(text);
    expect(r.isComplaint).toBe(true);
    expect(r.categories).toContain(category);
    expect(r.sentiment).toBeLessThanOrEqual(0);
  });

  it('reads sincere praise beside an outage as praise', () => {
    const r = analyzeComplaint(
      "The support team was wonderful during last night's outage and kept us informed.",
    );
    expect(r.isComplaint).toBe(false);
    expect(r.sentiment).toBeGreaterThan(0);
  });

  it('reads a how-to question about refunds as no complaint', () => {
    expect(analyzeComplaint('How do refunds work for annual plans?')).toMatchObject({
      isComplaint: false,
      categories: [],
    });
  });

  it.each([
    ['how late it was', 'My order arrived a week late.', ['1 weeks']],
    [
      'a wait beside a tenure',
      "I've been a customer for 6 years and the app was down for 3 hours today.",
      ['3 hours'],
    ],
    [
      'a wait beside times of day',
      'I called at 9:30 and again at 11, and the line was dead for 40 minutes each time.',
      ['40 minutes'],
    ],
    [
      'a wait beside a margin',
      'We missed the delivery slot by 10 minutes, then waited two weeks for another.',
      ['2 weeks'],
    ],
    [
      'a wait beside a threat',
      'If it takes another 2 days I will cancel. It has already been down for 5 hours.',
      ['5 hours'],
    ],
    ['a price and a frequency', 'I pay $30 a month and the router drops out every 10 minutes.', []],
  ])("reports the writer's wait only: %s", (_name, text, expected) => {
    expect(waits(text)).toEqual(expected);
  });
});

describe('the committed model', () => {
  it('has a head for every category, the complaint question and the durations, and stays small', () => {
    expect(Object.keys(COMPLAINT_MODEL.categories).sort()).toEqual([...CATEGORIES].sort());
    expect(Object.keys(COMPLAINT_MODEL.isComplaint.weights).length).toBeGreaterThan(50);
    expect(Object.keys(COMPLAINT_MODEL.duration.weights).length).toBeGreaterThan(20);
    expect(JSON.stringify(COMPLAINT_MODEL).length).toBeLessThan(300_000);
  });

  it('trains the same model from the same items, whatever else ran before', () => {
    const items: LabelledComplaint[] = [
      {
        text: 'Waited 3 days for a reply.',
        is_complaint: true,
        categories: ['response_time'],
        durations: [{ value: 3, unit: 'days' }],
        company: 'a',
      },
      {
        text: 'No reply after 2 days.',
        is_complaint: true,
        categories: ['response_time'],
        durations: [{ value: 2, unit: 'days' }],
        company: 'b',
      },
      {
        text: 'The site was down for 4 hours.',
        is_complaint: true,
        categories: ['uptime'],
        durations: [{ value: 4, unit: 'hours' }],
        company: 'c',
      },
      {
        text: 'How do I reset my password?',
        is_complaint: false,
        categories: ['none'],
        durations: [],
        company: 'd',
      },
      {
        text: 'Thanks, sorted in minutes!',
        is_complaint: false,
        categories: ['none'],
        durations: [],
        company: 'e',
      },
      {
        text: 'Still no refund after 2 weeks.',
        is_complaint: true,
        categories: ['refund_guarantee'],
        durations: [{ value: 2, unit: 'weeks' }],
        company: 'f',
      },
    ];
    const options = { minCount: 1, minCompanies: 1 };
    const train = () =>
      JSON.stringify(
        trainComplaintModel(featurise(items), {
          ...DEFAULT_COMPLAINT_TRAINING,
          ...options,
        }),
      );
    expect(train()).toBe(train());
  });
});
