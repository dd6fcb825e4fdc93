// Survey scales: which scores each allows, and how a score counts (satisfied, promoter, detractor).
// Rules are data: a new scale is a row here.

import type { SurveyScale } from '../core/index.ts';

export interface ScaleRule {
  scale: SurveyScale;
  /** How the scale is named to a reader: "1–5", "good/bad". */
  label: string;
  /** Why a score is outside the scale, or null when it is on it. */
  problem(score: number): string | null;
  /** CSAT: the answer counts as satisfied; null when the scale gives no CSAT (NPS). */
  satisfied: ((score: number) => boolean) | null;
  /** NPS: promoter (+1), passive (0) or detractor (-1); null when the scale gives no NPS. */
  recommend: ((score: number) => -1 | 0 | 1) | null;
}

const integerIn =
  (min: number, max: number, label: string) =>
  (score: number): string | null =>
    Number.isInteger(score) && score >= min && score <= max
      ? null
      : `score ${score} is outside its scale ${label} (whole numbers ${min} to ${max})`;

/** Freshdesk's rating codes: 103 … 101 happy, 100 neutral, -101 … -103 unhappy. */
export const FRESHDESK_CODES: readonly number[] = [-103, -102, -101, 100, 101, 102, 103];

export const SCALES: Readonly<Record<SurveyScale, ScaleRule>> = {
  binary: {
    scale: 'binary',
    label: 'good/bad',
    problem: (s) => (s === 0 || s === 1 ? null : `score ${s} is outside its scale good/bad (1 good, 0 bad)`),
    satisfied: (s) => s === 1,
    recommend: null,
  },
  csat3: {
    scale: 'csat3',
    label: '1–3',
    problem: integerIn(1, 3, '1–3'),
    satisfied: (s) => s === 3,
    recommend: null,
  },
  csat5: {
    scale: 'csat5',
    label: '1–5',
    problem: integerIn(1, 5, '1–5'),
    satisfied: (s) => s >= 4,
    recommend: null,
  },
  nps: {
    scale: 'nps',
    label: '0–10',
    problem: integerIn(0, 10, '0–10'),
    satisfied: null,
    recommend: (s) => (s >= 9 ? 1 : s <= 6 ? -1 : 0),
  },
  freshdesk: {
    scale: 'freshdesk',
    label: 'Freshdesk ratings',
    problem: (s) =>
      FRESHDESK_CODES.includes(s)
        ? null
        : `rating ${s} is not one of Freshdesk's ratings (${FRESHDESK_CODES.join(', ')})`,
    satisfied: (s) => s > 100,
    recommend: null,
  },
};

/** A scale as a file or request names it: "1-5", "5", "csat5", "0-10", "nps", "good/bad", "binary". */
export const readScale = (raw: string): SurveyScale | null => {
  const v = raw.trim().toLowerCase().replace(/\s+/g, '').replace(/[–—]/g, '-');
  if (['csat5', '5', '1-5', '5-point', 'stars'].includes(v)) return 'csat5';
  if (['csat3', '3', '1-3', '3-point', 'smiley', 'smileys'].includes(v)) return 'csat3';
  if (['nps', '10', '0-10', '11-point'].includes(v)) return 'nps';
  if (['binary', '2', '0-1', 'good/bad', 'goodbad', 'good-bad', 'thumbs'].includes(v)) return 'binary';
  if (['freshdesk'].includes(v)) return 'freshdesk';
  return null;
};

export const SCALE_HINT = 'expected 1-5, 1-3, 0-10 (NPS), good/bad or freshdesk';
