import { describe, expect, it } from 'vitest';
import { analyzeLine } from '../../../packages/cli/commands/analyze-complaints.ts';

describe('analyze-complaints command', () => {
  it('prints the contract fields for one input line', () => {
    const out = JSON.parse(analyzeLine('{"id":"a1","text":"I was on hold for 45 minutes, awful."}', 1));
    expect(out).toEqual({
      id: 'a1',
      isComplaint: true,
      categories: ['response_time'],
      durations: [{ value: 45, unit: 'minutes', quote: expect.any(String) }],
      sentiment: expect.any(Number),
    });
  });

  it.each([
    ['not JSON', 'not json', null, /line 3: not JSON/],
    ['no text', '{"id":"b2"}', 'b2', /line 3: "text" must be a string/],
  ])('answers a line that is %s with an error line for it', (_name, line, id, message) => {
    const out = JSON.parse(analyzeLine(line, 3));
    expect(out.id).toBe(id);
    expect(out.error).toMatch(message);
  });
});
