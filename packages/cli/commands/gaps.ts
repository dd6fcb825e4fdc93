// `promisegap gaps ack ID --until DATE --note TEXT`: someone owns a broken commitment; the digest
// lists it as acknowledged, with the note, until the date passes or the gap closes.

import { Command } from 'commander';
import { acknowledgeGap, commitmentView } from '../../register/index.ts';
import { defaultReviewer, type StoreOptions, storeOptions, withStore } from '../store-access.ts';
import { reportRegisterErrors } from './promises.ts';

export const register = (program: Command): void => {
  const gaps = new Command('gaps').description(
    'Acknowledges gaps between what is promised and what is delivered.',
  );
  storeOptions(
    gaps
      .command('ack')
      .description('Acknowledges a broken commitment with a note, until a date (YYYY-MM-DD).')
      .argument('<id>', 'the commitment id, as `promises list` or /v1/gaps shows it')
      .requiredOption('--until <date>', 'the last day the acknowledgement holds, YYYY-MM-DD')
      .requiredOption('--note <text>', 'what is being done ("hiring two agents, review on 15 January")')
      .option('--by <who>', 'who acknowledges (default: your login name)')
      .option('--json', 'print the commitment as JSON'),
  ).action(
    async (id: string, opts: StoreOptions & { until: string; note: string; by?: string; json?: boolean }) =>
      reportRegisterErrors(() =>
        withStore(opts, async (store) => {
          const written = await acknowledgeGap(
            store,
            id,
            { note: opts.note, until: opts.until, by: opts.by ?? defaultReviewer() },
            new Date(),
          );
          if (opts.json) process.stdout.write(`${JSON.stringify(commitmentView(written))}\n`);
          else process.stdout.write(`${id} acknowledged until ${opts.until}\n`);
        }),
      ),
  );
  program.addCommand(gaps);
};
