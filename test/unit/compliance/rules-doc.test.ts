import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNTING_RULES } from '../../../packages/compliance/index.ts';

describe('the accounting rules page', () => {
  it('states exactly the rules every verdict carries', () => {
    const page = readFileSync(new URL('../../../docs/accounting-rules.md', import.meta.url), 'utf8');
    const block = /<!-- rules:start -->\n```text\n([\s\S]*?)\n```\n<!-- rules:end -->/.exec(page);
    expect(block?.[1]).toBe(ACCOUNTING_RULES);
  });
});
