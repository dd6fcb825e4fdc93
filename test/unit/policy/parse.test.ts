import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyFileError, parsePolicies } from '../../../packages/policy/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/policies/${name}`, import.meta.url), 'utf8');
const example = readFileSync(new URL('../../../examples/data/sla-policies.json', import.meta.url), 'utf8');
const base = { importedAt: '2026-11-23T12:00:00Z', knownTiers: new Set(['pro', 'enterprise', 'starter']) };

const failure = (text: string, file: string, extra: object = {}): PolicyFileError => {
  try {
    parsePolicies(text, { ...base, file, ...extra });
  } catch (error) {
    if (error instanceof PolicyFileError) return error;
    throw error;
  }
  throw new Error('expected a PolicyFileError');
};

describe('Zendesk SLA policies', () => {
  it('reads the API list: order, plan from tags, channel from via_id, minutes and clock per priority', () => {
    const policies = parsePolicies(example, { ...base, file: 'sla-policies.json' });
    expect(policies.map((p) => [p.id, p.position])).toEqual([
      ['zendesk:4101', 1],
      ['zendesk:4105', 2],
      ['zendesk:4102', 3],
      ['zendesk:4103', 4],
      ['zendesk:4104', 5],
    ]);
    const pro = policies.find((p) => p.title === 'Pro accounts');
    expect(pro?.all).toEqual({ tier: ['pro'] });
    expect(
      pro?.targets
        .filter((t) => t.category === 'response_time')
        .map((t) => [t.severity, t.minutes, t.businessHours]),
    ).toEqual([
      ['p1', 60, true],
      ['p2', 240, true],
      ['p3', 480, true],
      ['p4', 480, true],
    ]);
    // next_reply_time governs no public promise.
    expect(pro?.targets.some((t) => t.vendorMetric === 'next_reply_time' && t.category === null)).toBe(true);
    expect(policies.find((p) => p.title === 'Phone line')?.all).toEqual({ channel: ['phone'] });
  });

  it('reads one policy: priority ranges, any-conditions, and conditions that name no plan', () => {
    const [p] = parsePolicies(fixture('zendesk-one.json'), { ...base, file: 'one.json' });
    expect(p?.all).toEqual({ severity: ['p1', 'p2'], other: ['organization_id is 9001'] });
    expect(p?.any).toEqual([{ channel: ['email'] }, { other: ['group_id is 12'] }]);
    const mapped = parsePolicies(fixture('zendesk-one.json'), {
      ...base,
      file: 'one.json',
      planOf: { 'organization_id:9001': 'Enterprise plan' },
    });
    expect(mapped[0]?.all).toEqual({ severity: ['p1', 'p2'], tier: ['enterprise'] });
  });

  it('gives the same content the same hash, whenever it is imported', () => {
    const a = parsePolicies(example, { ...base, file: 'a.json' });
    const b = parsePolicies(example, { ...base, file: 'b.json', importedAt: '2027-01-01T00:00:00Z' });
    expect(a.map((p) => p.contentHash)).toEqual(b.map((p) => p.contentHash));
  });

  it('names the file and the JSON path of a bad target', () => {
    const data = JSON.parse(example);
    data.sla_policies[3].policy_metrics[2].target = 'eight hours';
    const error = failure(JSON.stringify(data), 'desk.json');
    expect(error.file).toBe('desk.json');
    expect(error.path).toBe('sla_policies[3].policy_metrics[2].target');
    expect(error.message).toMatch(/^desk\.json: sla_policies\[3\]\.policy_metrics\[2\]\.target: .*number/);
  });

  it('refuses an unknown metric and an unknown priority, by path', () => {
    const data = JSON.parse(example);
    data.sla_policies[0].policy_metrics[0].metric = 'first_response';
    expect(failure(JSON.stringify(data), 'desk.json').path).toBe('sla_policies[0].policy_metrics[0].metric');
    const again = JSON.parse(example);
    again.sla_policies[1].filter.all.push({ field: 'priority', operator: 'is', value: 'sometimes' });
    expect(failure(JSON.stringify(again), 'desk.json').path).toBe('sla_policies[1].filter.all[1].value');
  });

  it('says what it expected when the file is not JSON or not a policy file', () => {
    expect(failure('{ "sla_policies": [', 'broken.json').message).toMatch(/^broken\.json: not valid JSON/);
    expect(failure('{ "tickets": [] }', 'other.json').message).toMatch(/pass --format/);
    expect(failure('{ "tickets": [] }', 'other.json', { format: 'zendesk' }).path).toBe('sla_policies');
  });
});

describe('Freshdesk SLA policies', () => {
  it('reads seconds per priority, sources as channels, companies as plans; skips inactive ones; the default goes last', () => {
    const policies = parsePolicies(fixture('freshdesk.json'), {
      ...base,
      file: 'fd.json',
      planOf: { 'company_ids:5150': 'Pro', 'company_ids:5151': 'Pro' },
    });
    expect(policies.map((p) => p.title)).toEqual(['Priority merchants', 'Default SLA Policy']);
    const [vip, fallback] = policies;
    expect(vip?.all).toEqual({ channel: ['email', 'web'], tier: ['pro'] });
    expect(
      vip?.targets
        .filter((t) => t.category === 'response_time')
        .map((t) => [t.severity, t.minutes, t.businessHours]),
    ).toEqual([
      ['p1', 30, false],
      ['p2', 60, true],
      ['p3', 240, true],
      ['p4', 480, true],
    ]);
    expect(vip?.targets.find((t) => t.category === 'resolution_time' && t.severity === 'p1')?.minutes).toBe(
      240,
    );
    expect(fallback?.all).toEqual({});
    expect(fallback?.position).toBeGreaterThan(vip?.position ?? 0);
  });

  it('keeps a company it cannot name as a plan as a condition of its own', () => {
    const [vip] = parsePolicies(fixture('freshdesk.json'), { ...base, file: 'fd.json' });
    expect(vip?.all.other).toEqual(['company_ids 5150 5151']);
  });

  it('names the file and path of a bad priority key or duration', () => {
    const data = JSON.parse(fixture('freshdesk.json'));
    data[2].sla_target.priority_3.respond_within = -5;
    expect(failure(JSON.stringify(data), 'fd.json').path).toBe('[2].sla_target.priority_3.respond_within');
    const again = JSON.parse(fixture('freshdesk.json'));
    again[0].sla_target.urgent = again[0].sla_target.priority_4;
    expect(failure(JSON.stringify(again), 'fd.json').path).toBe('[0].sla_target.urgent');
  });
});

describe('our own policy form', () => {
  it('reads YAML: plan, priority and channel filters; targets in business or calendar time', () => {
    const [chat, pro] = parsePolicies(fixture('promisegap.yaml'), {
      ...base,
      file: 'desk.yaml',
      businessDayHours: 9,
    });
    expect(chat?.all).toEqual({ channel: ['chat'] });
    expect(chat?.targets).toEqual([
      { vendorMetric: 'first_reply', category: 'response_time', minutes: 10, businessHours: false },
    ]);
    expect(pro?.all).toEqual({ tier: ['pro'], severity: ['p1', 'p2'] });
    expect(pro?.targets.map((t) => [t.category, t.severity ?? null, t.minutes, t.businessHours])).toEqual([
      ['response_time', 'p1', 60, true],
      ['response_time', 'p2', 180, true],
      ['resolution_time', null, 2 * 9 * 60, true],
    ]);
  });

  it('reads the same form as JSON', () => {
    const json = JSON.stringify({
      policies: [{ name: 'All', targets: [{ metric: 'first_reply', within: 4, unit: 'hours' }] }],
    });
    expect(parsePolicies(json, { ...base, file: 'desk.json' })[0]?.targets[0]?.minutes).toBe(240);
  });

  it('names the file and path of a bad figure, an unknown unit or an unknown key', () => {
    const bad = fixture('promisegap.yaml').replace('within: 3', 'within: three');
    expect(failure(bad, 'desk.yaml').message).toMatch(/^desk\.yaml: policies\[1\]\.targets\[1\]\.within: /);
    const unit = fixture('promisegap.yaml').replace('unit: minutes', 'unit: fortnights');
    expect(failure(unit, 'desk.yaml').path).toBe('policies[0].targets[0].unit');
    const key = fixture('promisegap.yaml').replace('when: { channel: chat }', 'when: { chanel: chat }');
    expect(failure(key, 'desk.yaml').path).toBe('policies[0].when');
    expect(failure('policies: [\n  - name: x\n   bad', 'desk.yaml').message).toMatch(
      /^desk\.yaml: not valid YAML \(line \d+\)/,
    );
  });
});
