// `npm run train`: rebuilds every committed model file, deterministically, from the labelled corpora.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
for (const part of ['train-promises.ts', 'train-complaints.ts']) {
  const path = `${here}${part}`;
  if (!existsSync(path)) {
    console.error(`train: ${part} is missing`);
    process.exit(1);
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', path, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
