// How long a person waits for the CLI's first answers: `promisegap --help` and `--version` (plain
// JavaScript from the command catalog) and `promisegap keys --help` (the help its module renders,
// from help.json), against a bare `node -e 0` measured in the same run; and, for comparison, what
// every other command line pays before it does anything: `keys create --scope read --help` is
// not answered from help.json (it has an option besides --help), so it loads tsx and the keys
// command's modules.
//
//   npm run bench:cli [-- --runs 15 --json]

import { spawnSync } from 'node:child_process';

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 15;
const json = argv.includes('--json');
const bin = new URL('../bin/promisegap.mjs', import.meta.url).pathname;

/** Seconds for one run of `node ARGS`, start to exit. */
const timeOnce = (args: string[]): number => {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited with ${res.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
};
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;

const cases = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'promisegap --help', args: [bin, '--help'] },
  { name: 'promisegap --version', args: [bin, '--version'] },
  { name: 'promisegap keys --help', args: [bin, 'keys', '--help'] },
  { name: 'keys create … --help (tsx)', args: [bin, 'keys', 'create', '--scope', 'read', '--help'] },
];
// Interleaved rounds, so the machine's load shifts every case alike.
const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
for (let r = 0; r < runs; r++) {
  for (const c of cases) samples.get(c.name)?.push(timeOnce(c.args));
}
const rows = cases.map((c) => {
  const xs = (samples.get(c.name) ?? []).sort((a, b) => a - b);
  return { name: c.name, median: median(xs), min: xs[0] ?? Number.NaN, max: xs.at(-1) ?? Number.NaN };
});
const baseline = rows[0]?.median ?? Number.NaN;
process.stdout.write(`${runs} runs each, interleaved\n`);
for (const r of rows) {
  process.stdout.write(
    `${r.name.padEnd(26)} median ${r.median.toFixed(3)} s  (min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)})  ${(r.median / baseline).toFixed(1)}× node\n`,
  );
}
const help = rows[1]?.median ?? Number.NaN;
process.stdout.write(`--help ${help < 0.5 ? 'meets' : 'misses'} the 0.5 s target\n`);
const commandHelp = rows[3]?.median ?? Number.NaN;
process.stdout.write(`keys --help ${commandHelp < 0.5 ? 'meets' : 'misses'} the 0.5 s target\n`);
if (json) {
  process.stdout.write(
    `${JSON.stringify({
      runs,
      nodeSeconds: baseline,
      helpSeconds: help,
      versionSeconds: rows[2]?.median,
      commandHelpSeconds: rows[3]?.median,
      moduleLoadSeconds: rows[4]?.median,
      helpOverNodeSeconds: help - baseline,
    })}\n`,
  );
}
