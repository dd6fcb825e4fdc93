// `promisegap export --week W --out DIR`: the evidence pack of one window (a zip an auditor opens
// offline). `promisegap export --openslo --out DIR`: each measurable commitment as OpenSLO v1.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { createBusinessCalendar } from '../../calendar/index.ts';
import { rulesText } from '../../compliance/index.ts';
import { latestCompleteWeek, parseWindow } from '../../core/index.ts';
import {
  buildEvidencePack,
  collectEvidence,
  openSloYaml,
  toOpenSlo,
  zipEvidence,
} from '../../export/index.ts';
import { type StoreOptions, withStore, withStoreOptions } from '../store.ts';
import { missingConfig } from '../support.ts';
import { findConfig } from './import.ts';

interface ExportOptions extends StoreOptions {
  config?: string;
  week?: string;
  window?: string;
  openslo?: boolean;
  out: string;
  json?: boolean;
}

export const register = (program: Command): void => {
  const exporter = withStoreOptions(
    new Command('export')
      .description(
        'Write the evidence pack of a window (--week), or the commitments as OpenSLO documents (--openslo).',
      )
      .option('--config <file>', 'the configuration (default: promisegap.config.json here)')
      .option('--week <id>', 'the ISO week, e.g. 2026-W47 (default: the latest complete week)')
      .option('--window <id>', 'a week or a closed period, e.g. 2026-03 (its closing verdicts)')
      .option('--openslo', 'write OpenSLO v1 Service and SLO documents instead of an evidence pack')
      .requiredOption('--out <dir>', 'the folder to write into (created if missing)')
      .option('--json', 'one JSON object describing what was written'),
  );
  exporter.action(async (options: ExportOptions, command: Command) => {
    const loaded = findConfig(options.config);
    if (!loaded) {
      process.stderr.write(`promisegap: ${missingConfig(command.name())}\n`);
      process.exitCode = 2;
      return;
    }
    const { config } = loaded;
    const calendar = createBusinessCalendar(config.calendar);
    const id = options.window ?? options.week;
    const window = id
      ? parseWindow(id, calendar.timezone)
      : latestCompleteWeek(new Date(), calendar.timezone);
    const out = resolve(options.out);
    mkdirSync(out, { recursive: true });
    await withStore(options, async ({ store, description }) => {
      if (options.openslo) {
        const verdicts = (await store.verdictsForWindow(window.id)).filter((v) => v.window.id === window.id);
        const { documents, skipped } = toOpenSlo({
          company: config.company,
          timezone: calendar.timezone,
          verdicts,
        });
        const file = join(out, `openslo-${window.id}.yaml`);
        writeFileSync(file, openSloYaml(documents));
        writeFileSync(
          join(out, `openslo-${window.id}-skipped.json`),
          `${JSON.stringify(skipped, null, 2)}\n`,
        );
        const slos = documents.filter((d) => d.kind === 'SLO').length;
        if (options.json) process.stdout.write(`${JSON.stringify({ file, slos, skipped })}\n`);
        else
          process.stdout.write(
            `${description}: ${slos} SLOs of ${verdicts.length} commitments (${window.id}) written to ${file}; ${skipped.length} have no OpenSLO form (see the -skipped.json beside it)\n`,
          );
        return;
      }
      const input = await collectEvidence(store, {
        company: config.company,
        timezone: calendar.timezone,
        window,
        now: () => new Date(),
        currentRules: rulesText(calendar, config.evaluation),
      });
      const pack = buildEvidencePack(input);
      const folder = `promisegap-evidence-${window.id}`;
      const file = join(out, `${folder}.zip`);
      writeFileSync(file, zipEvidence(pack, folder));
      if (options.json) process.stdout.write(`${JSON.stringify({ file, manifest: pack.manifest })}\n`);
      else {
        const statuses = Object.entries(pack.manifest.statuses)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ');
        process.stdout.write(
          `${description}: evidence pack for ${window.id} (${pack.manifest.commitments} commitments: ${statuses}; ${pack.manifest.files.length} files) written to ${file}\n`,
        );
      }
    });
  });
  program.addCommand(exporter);
};
