// The digest's sections for the policy gap and the vague claims held to evidence: one model built
// from the gathered signals (packages/policy signals.ts), rendered as text and as HTML with the
// renderers' own helpers, so the email, its text part and the dashboard say the same sentences.

import type { ClaimEvidence } from '../claims/index.ts';
import type { GapSignals, PolicyGap } from '../policy/index.ts';

export interface SignalsModel {
  /** Commitments whose help-desk target is laxer than the promise, or missing. */
  policyGaps: PolicyGap[];
  /** Commitments compared, SLA policies stored, and how many were aligned. */
  compared: number;
  policies: number;
  aligned: number;
  /** Claims the week's evidence contradicts. */
  contradicted: ClaimEvidence[];
  /** Claims held to evidence and not contradicted (supported or nothing measured). */
  notContradicted: ClaimEvidence[];
}

export const POLICY_TITLE = "The help desk's own targets";
export const POLICY_INTRO =
  'Commitments whose internal SLA target is laxer than the promise, or missing: the help desk can meet its own target and still break them.';
export const CLAIMS_TITLE = 'Claims the data contradicts';
export const CLAIMS_INTRO =
  'Vague claims customers read as promises, set beside what was measured and said this week.';

export const signalsModel = (signals: GapSignals | undefined): SignalsModel | null => {
  if (!signals) return null;
  const gaps = signals.policyGaps.filter((g) => g.status !== 'aligned');
  return {
    policyGaps: gaps,
    compared: signals.policyGaps.length,
    policies: signals.policies,
    aligned: signals.policyGaps.length - gaps.length,
    contradicted: signals.claims.filter((c) => c.status === 'contradicted'),
    notContradicted: signals.claims.filter((c) => c.status === 'supported' || c.status === 'no_evidence'),
  };
};

const policyNote = (s: SignalsModel): string =>
  s.policies === 0
    ? 'No SLA policy is imported (promisegap import policies FILE): the help desk’s targets are not known.'
    : `${s.compared} reply and resolution commitments compared with ${s.policies} SLA ${s.policies === 1 ? 'policy' : 'policies'}; ${s.aligned} aligned.`;

const claimsNote = (s: SignalsModel): string =>
  s.notContradicted.length
    ? `Not contradicted this week: ${s.notContradicted.map((c) => c.sentence).join(' · ')}`
    : '';

/** The two sections as plain text (heading drawn by the caller's `heading`). */
export const signalsText = (s: SignalsModel | null, heading: (title: string) => string): string[] => {
  if (!s) return [];
  const policy = [
    heading(POLICY_TITLE),
    POLICY_INTRO,
    s.policyGaps.length
      ? s.policyGaps.map((g) => `- ${g.scope}: ${g.sentence}\n   “${g.quote}”\n   ${g.sourceUrl}`).join('\n')
      : 'None this week.',
    policyNote(s),
  ].join('\n');
  const claims = [
    heading(CLAIMS_TITLE),
    CLAIMS_INTRO,
    s.contradicted.length
      ? s.contradicted
          .map((c) =>
            [
              `- ${c.sentence}`,
              `   “${c.quote}”`,
              ...(c.suggestion ? [`   Say instead: “${c.suggestion}” (${c.suggestionBasis})`] : []),
              `   ${[c.sourceUrl, ...c.alsoOn].join(', ')}`,
            ].join('\n'),
          )
          .join('\n')
      : 'None this week.',
    claimsNote(s),
  ]
    .filter(Boolean)
    .join('\n');
  return [policy, claims];
};

export interface HtmlHelpers {
  section: (title: string, intro: string, body: string) => string;
  escapeHtml: (text: string) => string;
  pageLink: (url: string) => string;
}

/** The two sections as HTML rows, through the renderer's own section, escaping and links. */
export const signalsHtml = (s: SignalsModel | null, h: HtmlHelpers): string[] => {
  if (!s) return [];
  const e = h.escapeHtml;
  const none = '<p class="m">None this week.</p>';
  const policy = h.section(
    POLICY_TITLE,
    POLICY_INTRO,
    (s.policyGaps.length
      ? s.policyGaps
          .map(
            (g) =>
              `<p class="wrap"><b>${e(g.scope)}:</b> ${e(g.sentence)}</p><p class="q wrap">“${e(g.quote)}”</p><p class="m wrap">${h.pageLink(g.sourceUrl)} · ${e(g.reason)}</p>`,
          )
          .join('')
      : none) + `<p class="m">${e(policyNote(s))}</p>`,
  );
  const claims = h.section(
    CLAIMS_TITLE,
    CLAIMS_INTRO,
    (s.contradicted.length
      ? s.contradicted
          .map(
            (c) =>
              `<p class="wrap"><b>${e(c.sentence)}</b></p><p class="q wrap">“${e(c.quote)}”</p>${c.suggestion ? `<p class="wrap">Say instead: “${e(c.suggestion)}” <span class="m">(${e(c.suggestionBasis ?? '')})</span></p>` : ''}<p class="m wrap">${[c.sourceUrl, ...c.alsoOn].map(h.pageLink).join(', ')}</p>`,
          )
          .join('')
      : none) + (claimsNote(s) ? `<p class="m wrap">${e(claimsNote(s))}</p>` : ''),
  );
  return [policy, claims];
};
