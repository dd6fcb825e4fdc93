// The plain-text part: the same facts as the HTML part, in the same order, for clients that show text.

import type { ChangeItem, DigestModel, PromiseItem } from './content.ts';
import { formatDate } from './format.ts';
import { signalsText } from './signals.ts';

const heading = (title: string): string => `${title.toUpperCase()}\n${'='.repeat(title.length)}`;

const indent = (lines: string[]): string => lines.map((l) => `   ${l}`).join('\n');

const promiseBlock = (item: PromiseItem, index: number): string => {
  const lines: string[] = [];
  lines.push(`Page: ${item.sourceUrl} (seen ${formatDate(item.seenAt)})`);
  if (item.alsoOn.length > 0) lines.push(`Also stated on: ${item.alsoOn.join(', ')}`);
  for (const s of item.statedAs) lines.push(`Also stated as: “${s.quote}” (${s.sourceUrl})`);
  lines.push(`Promised ${item.promised}`);
  if (item.delivered) lines.push(`Measured ${item.delivered}${item.spread ? `; ${item.spread}` : ''}`);
  if (item.measuredNote) lines.push(item.measuredNote);
  if (item.budget) lines.push(`Budget: ${item.budget}`);
  if (item.status !== 'no_data' && item.attainment !== null) {
    lines.push(`Trend: ${item.trend}${item.streak ? ` · ${item.streak}` : ''}`);
    if (item.historyLine) lines.push(item.historyLine);
  }
  if (item.note) lines.push(item.note);
  if (item.complaints) {
    lines.push(`Customers: ${item.complaints}`);
    for (const q of item.quotes) lines.push(`  - “${q.quote}” (${formatDate(q.at)})`);
  }
  if (item.surveys) lines.push(`Surveys: ${item.surveys}`);
  const r = item.rewording;
  if (r) {
    if (r.statement) lines.push(`Truthful wording: “${r.statement}” (${r.basis})`);
    if (r.alternative) lines.push(`Or keep the figure: “${r.alternative}”`);
    if (!r.statement && !r.alternative) lines.push(`No truthful wording: ${r.basis}.`);
  }
  if (item.detailUrl) lines.push(`Details: ${item.detailUrl}`);
  return `${index}. “${item.quote}”\n${indent(lines)}`;
};

const promiseSection = (title: string, intro: string, items: PromiseItem[], after = ''): string =>
  [
    heading(title),
    intro,
    items.length ? items.map((item, i) => promiseBlock(item, i + 1)).join('\n\n') : 'None this week.',
    items.length ? after : '',
  ]
    .filter(Boolean)
    .join('\n');

const CHANGE_LABELS: Record<ChangeItem['kind'], string> = {
  added: 'Added',
  changed: 'Changed',
  removed: 'Removed',
};

const changeBlock = (c: ChangeItem): string =>
  c.kind === 'changed'
    ? `- ${CHANGE_LABELS[c.kind]}: ${c.detail}\n   was “${c.beforeQuote ?? ''}”\n   now “${c.quote}”\n   ${c.sourceUrl}`
    : `- ${CHANGE_LABELS[c.kind]}: “${c.quote}” (${c.detail})\n   ${c.sourceUrl}`;

/** The register's sections, only when there is something to say: acknowledged gaps, contradictions, the queue. */
const registerSections = (m: DigestModel): string[] => {
  const out: string[] = [];
  if (m.acknowledged.length > 0) {
    out.push(
      [
        heading('Acknowledged'),
        'Broken or at risk, and owned: listed with the note until its date passes or the gap closes.',
        m.acknowledged
          .map(
            (a, i) =>
              `${i + 1}. “${a.quote}”\n${indent([
                `Page: ${a.sourceUrl}`,
                a.sentence,
                `Acknowledged by ${a.acknowledgement.by} until ${a.acknowledgement.until}: ${a.acknowledgement.note}`,
              ])}`,
          )
          .join('\n\n'),
      ].join('\n'),
    );
  }
  if (m.contradictions.length > 0) {
    out.push(
      [
        heading('Pages that contradict each other'),
        'Customers read both: say one thing.',
        m.contradictions
          .map((c) => `- ${c.sentence}\n${c.quotes.map((q) => `   “${q.quote}” (${q.url})`).join('\n')}`)
          .join('\n'),
      ].join('\n'),
    );
  }
  if (m.reviewQueue !== null && m.reviewQueue > 0) {
    out.push(
      `${heading('Waiting for review')}\n${m.reviewQueue} ${m.reviewQueue === 1 ? 'commitment is' : 'commitments are'} not graded until someone confirms or corrects ${m.reviewQueue === 1 ? 'it' : 'them'} (promisegap promises list --queue, or the dashboard's review queue).`,
    );
  }
  return out;
};

/** Strips control characters (other than newlines added here) that came in with page or complaint text. */
const clean = (text: string): string => text.replace(/[^\P{Cc}\n]/gu, ' ');

export const renderText = (m: DigestModel): string => {
  const parts = [
    m.subject,
    `${m.company} · ${m.windowLabel} · ${m.windowDates}`,
    `Broken ${m.counts.broken} · At risk ${m.counts.atRisk} · Perception gaps ${m.counts.perceptionGaps} · Not measured ${m.counts.noData} · Kept ${m.counts.kept}`,
    m.dashboardUrl ? `Dashboard (every promise, its history and evidence): ${m.dashboardUrl}` : '',
    promiseSection(
      'Broken promises',
      'Worst first: how far delivery fell short of the promise. Fix the service, or fix the words.',
      m.broken,
    ),
    promiseSection(
      'At risk',
      'Kept this week, but most of the error budget is spent or the trend points to a breach.',
      m.atRisk,
    ),
    m.closed.length
      ? [
          heading('Periods that closed this week'),
          'Promises stated per month, quarter or year, graded on the whole period that just ended.',
          m.closed.map((c) => `- ${c.line}\n   “${c.quote}”\n   ${c.sourceUrl}`).join('\n'),
        ].join('\n')
      : '',
    promiseSection('Perception gaps', 'The figures say kept; customers say otherwise.', m.perceptionGaps),
    ...signalsText(m.signals, heading),
    ...registerSections(m),
    promiseSection(
      'Not measured',
      'Promises nobody can check this week: no metric backs them, or too few were measured. Those customers complain about come first.',
      [
        ...m.unmeasured.items.filter((i) => i.complaints !== null),
        ...m.unmeasured.items.filter((i) => i.complaints === null),
      ],
      m.unmeasured.more > 0 ? `…and ${m.unmeasured.more} more unmeasured promises (see the dashboard).` : '',
    ),
    [
      heading('Unmeasurable claims on the site'),
      'Claims no number can check: a communication risk.',
      m.claims.items.length
        ? m.claims.items
            .map((c) => `- “${c.quote}”\n   ${c.reason}\n   ${[c.sourceUrl, ...c.alsoOn].join(', ')}`)
            .join('\n')
        : 'None this week.',
      m.claims.more > 0 ? `…and ${m.claims.more} more claims (see the dashboard).` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    [
      heading('What changed on the site'),
      'Promises added, changed or removed during the window.',
      m.changes.items.length ? m.changes.items.map(changeBlock).join('\n') : 'None this week.',
      m.changes.more > 0 ? `…and ${m.changes.more} more changes (see the dashboard).` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    [
      heading('How these figures were counted'),
      ...m.rulesSummary,
      m.rulesUrl ? `Full rules${m.rulesVersion ? ` (version ${m.rulesVersion})` : ''}: ${m.rulesUrl}` : '',
      ...m.footer.map((f) => `${f.label}: ${f.value}`),
    ]
      .filter(Boolean)
      .join('\n'),
  ];
  return `${clean(parts.filter(Boolean).join('\n\n'))}\n`;
};
