// `promisegap promises list|show|confirm|reject|correct|add`: the promise register from the
// terminal. Every write is one conditional write of one commitment; a bad value changes nothing.

import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  CATEGORIES,
  type Category,
  type Correction,
  OPERATORS,
  type Operator,
  type PromiseTerms,
  type Qualifiers,
  type ReviewState,
  UNITS,
  type Unit,
} from '../../core/index.ts';
import {
  addCommitment,
  CommitmentExistsError,
  CommitmentNotFoundError,
  commitmentView,
  defaultMetricFor,
  describeFigure,
  getCommitment,
  InvalidReviewError,
  listCommitments,
  RegisterBusyError,
  type ReviewAction,
  reviewCommitment,
} from '../../register/index.ts';
import { EmbeddedStoreError } from '../../store/index.ts';
import { defaultReviewer, type StoreOptions, storeOptions, withStore } from '../store-access.ts';

const STATES: readonly ReviewState[] = ['proposed', 'confirmed', 'rejected', 'corrected'];
const QUALIFIER_FLAGS = [
  'tier',
  'severity',
  'channel',
  'window',
  'region',
  'scope',
  'condition',
  'hedge',
  'timezone',
] as const;

/** Expected failures print one line and exit 1 (2 for a bad value); anything else propagates. */
export const reportRegisterErrors = async (work: () => Promise<void>): Promise<void> => {
  try {
    await work();
  } catch (error) {
    if (error instanceof InvalidReviewError) {
      process.stderr.write(`promisegap: invalid ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (
      error instanceof CommitmentNotFoundError ||
      error instanceof CommitmentExistsError ||
      error instanceof RegisterBusyError ||
      error instanceof EmbeddedStoreError
    ) {
      process.stderr.write(`promisegap: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
};

/** Parses a number option; commander reports a bad one with the option's name and exits 1. */
const number = (raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${raw}" is not a number.`);
  return n;
};

/** "first_response_business_time{tier=Pro,severity=P1}" → the metric and the qualifiers it names. */
export const parseMetricSpec = (spec: string): { metric: string; qualifiers: Record<string, string> } => {
  const m = /^\s*([a-z][a-z0-9_]*)\s*(?:\{([^}]*)\})?\s*$/i.exec(spec);
  if (!m?.[1])
    throw new InvalidReviewError(
      'graded-on',
      `"${spec}" is not a metric such as first_response_business_time{tier=Pro}`,
    );
  const qualifiers: Record<string, string> = {};
  for (const part of (m[2] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    if (!key || !value) throw new InvalidReviewError('graded-on', `"${part}" is not name=value`);
    const name = key.trim() === 'priority' ? 'severity' : key.trim() === 'plan' ? 'tier' : key.trim();
    qualifiers[name] = value;
  }
  return { metric: m[1].toLowerCase(), qualifiers };
};

interface TermFlags {
  category?: Category;
  metric?: string;
  operator?: Operator;
  threshold?: number;
  unit?: Unit | false;
  noUnit?: boolean;
  target?: number;
  gradedOn?: string;
  clear?: string[];
  tier?: string;
  severity?: string;
  channel?: string;
  window?: string;
  region?: string;
  scope?: string;
  condition?: string;
  hedge?: string;
  timezone?: string;
}

const termOptions = (command: Command): Command => {
  command
    .addOption(new Option('--category <category>', 'what it promises').choices(CATEGORIES))
    .addOption(new Option('--operator <operator>', '<= (at most), >= (at least) or ==').choices(OPERATORS))
    .option('--threshold <n>', 'the figure', number)
    .addOption(new Option('--unit <unit>', "the figure's unit").choices(UNITS))
    .option('--metric <name>', 'what the figure measures, e.g. first_response_time')
    .option('--target <percent>', 'the share of cases it covers (100 = every case)', number);
  for (const q of QUALIFIER_FLAGS) command.option(`--${q} <text>`, `the ${q} qualifier`);
  return command;
};

const qualifiersFrom = (flags: TermFlags): Record<string, string | number> => {
  const out: Record<string, string | number> = {};
  for (const q of QUALIFIER_FLAGS) {
    const value = flags[q];
    if (value !== undefined) out[q] = value;
  }
  if (flags.target !== undefined) out.target = flags.target;
  return out;
};

const printOne = (view: ReturnType<typeof commitmentView>): void => {
  const lines = [
    `${view.id}  ${view.state}${view.inQueue ? ' (in the review queue)' : ''}${view.removedAt ? `, no longer stated since ${view.removedAt.slice(0, 10)}` : ''}`,
    `  ${view.category} ${view.operator} ${describeFigure(view)}${Object.keys(view.qualifiers).length ? ` ${JSON.stringify(view.qualifiers)}` : ''}`,
    `  graded on ${view.gradedOn ?? view.metric}`,
  ];
  if (view.attention) lines.push(`  ! ${view.attention}`);
  lines.push('  statements:');
  for (const s of view.statements) {
    lines.push(
      `    “${s.quote}”`,
      `      ${s.url ?? 'added by hand'} · seen ${s.firstSeen.slice(0, 10)} to ${s.lastSeen.slice(0, 10)}${s.removedAt ? ` · gone ${s.removedAt.slice(0, 10)}${s.changedTo ? `, now says ${s.changedTo}` : ''}` : ''}${s.contentHash ? ` · snapshot ${s.contentHash.slice(0, 12)}` : ''}`,
    );
  }
  if (view.reviews.length) {
    lines.push('  reviews:');
    for (const r of view.reviews) {
      lines.push(
        `    ${r.at.slice(0, 16).replace('T', ' ')} ${r.action} by ${r.by}${r.reason ? `: ${r.reason}` : ''}${r.restsOn ? ` (on ${r.restsOn})` : ''}`,
      );
    }
  }
  if (view.acknowledgement) {
    const a = view.acknowledgement;
    lines.push(`  acknowledged by ${a.by} until ${a.until}: ${a.note}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
};

export const register = (program: Command): void => {
  const promises = new Command('promises').description(
    'The promise register: list commitments, review them (confirm, reject, correct) and add ones the site does not state.',
  );

  storeOptions(
    promises
      .command('list')
      .description('Lists commitments, with their state and how many pages state each.')
      .addOption(new Option('--state <state>', 'only commitments in this review state').choices(STATES))
      .option('--queue', 'only the review queue: proposed, or back because a page changed')
      .option('--all', 'also commitments no page states any more')
      .option('--json', 'print { promises: [...] } as JSON'),
  ).action(
    async (opts: StoreOptions & { state?: ReviewState; queue?: boolean; all?: boolean; json?: boolean }) =>
      reportRegisterErrors(() =>
        withStore(opts, async (store) => {
          const found = await listCommitments(store, {
            ...(opts.state ? { states: [opts.state] } : {}),
            ...(opts.queue ? { queue: true } : {}),
            includeRemoved: opts.all === true,
          });
          const views = found.map(commitmentView);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ promises: views })}\n`);
            return;
          }
          if (views.length === 0) {
            process.stdout.write('no commitments match; run `promisegap run` to find them\n');
            return;
          }
          const table = new Table({
            head: ['id', 'state', 'category', 'promise', 'pages', 'quote'],
            style: { head: [], border: [] },
            colWidths: [22, 11, 20, 32, 7, 50],
            wordWrap: true,
          });
          for (const v of views) {
            const live = v.statements.filter((s) => !s.removedAt).length;
            table.push([
              v.id,
              `${v.state}${v.inQueue && v.state !== 'proposed' ? ' !' : ''}`,
              v.category,
              `${v.operator} ${describeFigure(v)}${
                Object.keys(v.qualifiers).length
                  ? ` ${Object.entries(v.qualifiers)
                      .map(([k, x]) => `${k}=${String(x)}`)
                      .join(' ')}`
                  : ''
              }`,
              String(live),
              v.quote,
            ]);
          }
          process.stdout.write(`${table.toString()}\n${views.length} commitments\n`);
        }),
      ),
  );

  storeOptions(
    promises
      .command('show')
      .description('One commitment: its statements, review history and acknowledgement.')
      .argument('<id>')
      .option('--json', 'print it as JSON'),
  ).action(async (id: string, opts: StoreOptions & { json?: boolean }) =>
    reportRegisterErrors(() =>
      withStore(opts, async (store) => {
        const view = commitmentView(await getCommitment(store, id));
        if (opts.json) process.stdout.write(`${JSON.stringify(view)}\n`);
        else printOne(view);
      }),
    ),
  );

  const review = (name: 'confirm' | 'reject', description: string) =>
    storeOptions(
      promises
        .command(name)
        .description(description)
        .argument('<id>')
        .option('--reason <text>', name === 'reject' ? 'why it is not a promise (required)' : 'why')
        .option('--by <who>', 'who reviews (default: your login name)')
        .option('--json', 'print the commitment as JSON'),
    ).action(async (id: string, opts: StoreOptions & { reason?: string; by?: string; json?: boolean }) =>
      reportRegisterErrors(() =>
        withStore(opts, async (store) => {
          const action: ReviewAction =
            name === 'confirm'
              ? { action: 'confirm', ...(opts.reason ? { reason: opts.reason } : {}) }
              : { action: 'reject', reason: opts.reason ?? '' };
          const written = await reviewCommitment(store, id, action, opts.by ?? defaultReviewer(), new Date());
          if (opts.json) process.stdout.write(`${JSON.stringify(commitmentView(written))}\n`);
          else process.stdout.write(`${id} ${written.register?.state ?? name}\n`);
        }),
      ),
    );
  review('confirm', 'Confirms a commitment: it is a promise, read right.');
  review('reject', 'Rejects a commitment (not a promise): it is no longer graded; the reason is kept.');

  termOptions(
    storeOptions(
      promises
        .command('correct')
        .description(
          'Corrects what a commitment says or what it is graded on; the correction survives re-crawls.',
        )
        .argument('<id>')
        .option('--no-unit', 'the figure has no unit')
        .option('--graded-on <metric>', 'grade on this metric, e.g. first_response_business_time{tier=Pro}')
        .option('--clear <qualifier...>', 'remove qualifiers the extraction got wrong, e.g. --clear tier')
        .option('--reason <text>', 'why')
        .option('--by <who>', 'who corrects (default: your login name)')
        .option('--json', 'print the commitment as JSON'),
    ),
  ).action(
    async (
      id: string,
      opts: StoreOptions & TermFlags & { reason?: string; by?: string; json?: boolean; unit?: Unit | false },
    ) =>
      reportRegisterErrors(() =>
        withStore(opts, async (store) => {
          const qualifiers: Correction['qualifiers'] = { ...qualifiersFrom(opts) };
          for (const q of opts.clear ?? []) qualifiers[q as keyof Qualifiers] = null;
          let gradedOn: string | undefined;
          if (opts.gradedOn) {
            const spec = parseMetricSpec(opts.gradedOn);
            gradedOn = spec.metric;
            Object.assign(qualifiers, spec.qualifiers);
          }
          const correction: Correction = {
            ...(opts.category ? { category: opts.category } : {}),
            ...(opts.metric ? { metric: opts.metric } : {}),
            ...(opts.operator ? { operator: opts.operator } : {}),
            ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
            ...(opts.unit === false ? { unit: null } : opts.unit ? { unit: opts.unit } : {}),
            ...(Object.keys(qualifiers).length ? { qualifiers } : {}),
            ...(gradedOn ? { gradedOn } : {}),
          };
          const written = await reviewCommitment(
            store,
            id,
            { action: 'correct', correction, ...(opts.reason ? { reason: opts.reason } : {}) },
            opts.by ?? defaultReviewer(),
            new Date(),
          );
          if (opts.json) process.stdout.write(`${JSON.stringify(commitmentView(written))}\n`);
          else process.stdout.write(`${id} corrected: now ${written.operator} ${describeFigure(written)}\n`);
        }),
      ),
  );

  termOptions(
    storeOptions(
      promises
        .command('add')
        .description(
          'Adds a commitment the site does not state (a contract, a sales deck), with its evidence.',
        )
        .requiredOption('--quote <text>', 'the evidence: the words of the contract or deck')
        .option('--source <url>', 'where the evidence is (a URL or a document name)')
        .option('--reason <text>', 'why it is added')
        .option('--by <who>', 'who adds it (default: your login name)')
        .option('--json', 'print the commitment as JSON'),
    ),
  ).action(
    async (
      opts: StoreOptions &
        TermFlags & { quote: string; source?: string; reason?: string; by?: string; json?: boolean },
    ) =>
      reportRegisterErrors(() =>
        withStore(opts, async (store) => {
          if (!opts.category) throw new InvalidReviewError('category', 'is required');
          if (!opts.operator) throw new InvalidReviewError('operator', 'is required');
          if (opts.threshold === undefined) throw new InvalidReviewError('threshold', 'is required');
          if (!opts.unit) throw new InvalidReviewError('unit', 'is required');
          const terms: PromiseTerms = {
            category: opts.category,
            metric: opts.metric ?? defaultMetricFor(opts.category, opts.operator),
            operator: opts.operator,
            threshold: opts.threshold,
            unit: opts.unit,
            qualifiers: qualifiersFrom(opts) as Qualifiers,
          };
          const written = await addCommitment(
            store,
            terms,
            {
              quote: opts.quote,
              by: opts.by ?? defaultReviewer(),
              ...(opts.source ? { source: opts.source } : {}),
              ...(opts.reason ? { reason: opts.reason } : {}),
            },
            new Date(),
          );
          if (opts.json) process.stdout.write(`${JSON.stringify(commitmentView(written))}\n`);
          else process.stdout.write(`added ${written.id}: ${written.operator} ${describeFigure(written)}\n`);
        }),
      ),
  );

  program.addCommand(promises);
};
