// The dashboard's panel for the policy gap and the vague claims held to evidence: the same model and
// sentences as the digest's sections (packages/digest/signals.ts).

import {
  CLAIMS_INTRO,
  CLAIMS_TITLE,
  POLICY_INTRO,
  POLICY_TITLE,
  type SignalsModel,
} from '../../digest/signals.ts';

export const SignalsPanel = (props: { model: SignalsModel | null | undefined }) => {
  const m = props.model;
  if (!m) return null;
  return (
    <>
      <section class="signals" aria-labelledby="policy-gaps">
        <h2 id="policy-gaps">{POLICY_TITLE}</h2>
        <p class="sub">{POLICY_INTRO}</p>
        {m.policyGaps.length === 0 ? (
          <p class="empty">
            {m.policies === 0
              ? 'No SLA policy is imported: the help desk’s targets are not known.'
              : 'None this week.'}
          </p>
        ) : (
          <ul>
            {m.policyGaps.map((g) => (
              <li data-status={g.status}>
                <b>{g.scope}:</b> {g.sentence}
                <br />
                <q>{g.quote}</q> <span class="sub">{g.reason}</span>
              </li>
            ))}
          </ul>
        )}
        {m.policies > 0 && (
          <p class="sub">
            {m.compared} reply and resolution commitments compared with {m.policies} SLA policies; {m.aligned}{' '}
            aligned.
          </p>
        )}
      </section>
      <section class="signals" aria-labelledby="contradicted-claims">
        <h2 id="contradicted-claims">{CLAIMS_TITLE}</h2>
        <p class="sub">{CLAIMS_INTRO}</p>
        {m.contradicted.length === 0 ? (
          <p class="empty">None this week.</p>
        ) : (
          <ul>
            {m.contradicted.map((c) => (
              <li>
                <b>{c.sentence}</b>
                <br />
                <q>{c.quote}</q>
                {c.suggestion && (
                  <>
                    <br />
                    Say instead: “{c.suggestion}” <span class="sub">({c.suggestionBasis})</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
};
