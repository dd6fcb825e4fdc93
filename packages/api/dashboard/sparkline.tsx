// An inline SVG of a promise's attainment over the last weeks: no script, no external image.

import type { VerdictStatus } from '../../core/index.ts';
import { formatShare } from '../../digest/index.ts';

export interface SparkPoint {
  window: string;
  attainment: number | null;
  status: VerdictStatus | null;
}

const COLOURS: Record<VerdictStatus, string> = {
  kept: '#1a7f37',
  at_risk: '#b35900',
  breached: '#c62828',
  no_data: '#6b7280',
};

const W = 168;
const H = 44;
const PAD = 5;

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** The figures behind the line, at the precision the rest of the page shows them (rounded down). */
export const describeSpark = (points: SparkPoint[], target: number | null = null, extraDigits = 0): string =>
  `attainment over the last ${points.length} weeks: ${points
    .map(
      (p) =>
        `${p.window} ${p.attainment === null ? 'no data' : formatShare(p.attainment, target, extraDigits)}`,
    )
    .join(', ')}`;

export const Sparkline = (props: { points: SparkPoint[]; target: number | null; extraDigits?: number }) => {
  const { points, target } = props;
  const values = points.flatMap((p) => (p.attainment === null ? [] : [p.attainment]));
  if (target !== null) values.push(target);
  // Zoom into the band that matters: attainment near a 99% target is invisible on a 0–100 scale.
  const low = Math.max(0, Math.floor(Math.min(100, ...values) - 2));
  const span = Math.max(1, 100 - low);
  const step = points.length > 1 ? (W - 2 * PAD) / (points.length - 1) : 0;
  const x = (i: number) => PAD + i * step;
  const y = (v: number) => PAD + ((100 - v) / span) * (H - 2 * PAD);
  // Unmeasured weeks break the line instead of being drawn as zero.
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.attainment === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${fmt(x(i))},${fmt(y(p.attainment))}`);
  });
  if (current.length) segments.push(current.join(' '));
  const label = describeSpark(points, target, props.extraDigits ?? 0);
  return (
    <svg
      class="spark"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={label}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      <rect x="0" y="0" width={W} height={H} fill="#f6f7f9" />
      {target !== null && (
        <line
          x1={PAD}
          x2={W - PAD}
          y1={fmt(y(target))}
          y2={fmt(y(target))}
          stroke="#9aa1ab"
          stroke-dasharray="3 3"
          stroke-width="1"
        />
      )}
      {segments.map((s) => (
        <polyline points={s} fill="none" stroke="#334155" stroke-width="1.5" />
      ))}
      {points.map((p, i) =>
        p.attainment === null ? (
          <circle cx={fmt(x(i))} cy={H - PAD} r="1.5" fill="#c0c4cc" />
        ) : (
          <circle cx={fmt(x(i))} cy={fmt(y(p.attainment))} r="2.5" fill={COLOURS[p.status ?? 'no_data']} />
        ),
      )}
    </svg>
  );
};
