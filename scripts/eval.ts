// `npm run eval`: cross-validated quality of both readers on ../shared/corpus, one line at the end.
// Each part is its own script (scripts/eval-promises.ts, scripts/eval-complaints.ts) so it can run
// alone; this runner shows each part's output and joins their last lines into the contract line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const parts = ['eval-promises.ts', 'eval-complaints.ts'];
const lines: string[] = [];
let failed = false;
for (const part of parts) {
  const path = `${here}${part}`;
  if (!existsSync(path)) {
    console.error(`eval: ${part} is missing`);
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', path, ...process.argv.slice(2)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = run.stdout.trimEnd();
  if (out) console.log(out);
  if (run.status !== 0) {
    console.error(`eval: ${part} exited with ${run.status}`);
    failed = true;
    continue;
  }
  const last = out.split('\n').pop() ?? '';
  lines.push(last.trim());
}
if (failed) process.exit(1);
console.log(lines.join('; '));
