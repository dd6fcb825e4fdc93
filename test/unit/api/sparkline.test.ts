import { describe, expect, it } from 'vitest';
import { safeHref } from '../../../packages/api/dashboard/page.tsx';
import { describeSpark, Sparkline } from '../../../packages/api/dashboard/sparkline.tsx';

const points = [
  { window: '2026-W45', attainment: 97, status: 'kept' as const },
  { window: '2026-W46', attainment: null, status: null },
  { window: '2026-W47', attainment: 80.25, status: 'breached' as const },
];

describe('the attainment sparkline', () => {
  it('describes every week in words for screen readers, rounded down like the rest of the page', () => {
    expect(describeSpark(points)).toBe(
      'attainment over the last 3 weeks: 2026-W45 97%, 2026-W46 no data, 2026-W47 80%',
    );
    expect(describeSpark([{ window: '2026-W47', attainment: 99.9579, status: 'at_risk' }], 99.95, 1)).toBe(
      'attainment over the last 1 weeks: 2026-W47 99.957%',
    );
  });

  it('breaks the line at an unmeasured week instead of drawing it as zero', () => {
    const svg = String(Sparkline({ points, target: 95 }));
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('fill="#c62828"');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://example.test/sla', 'https://example.test/sla'],
    ['http://example.test/a b', 'http://example.test/a%20b'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,hi', undefined],
    ['/relative', undefined],
  ])('links %s as %s', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });
});
