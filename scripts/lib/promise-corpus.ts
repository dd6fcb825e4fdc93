// Where the promise scripts find their labelled text: the shared corpus (`--corpus DIR`, else
// PROMISEGAP_CORPUS, else the nearest `shared/corpus/promises` beside the repository or one of its
// parents) and the team's own variation corpus in training/promises/.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const VARIATION_DIR = join(REPO_ROOT, 'training', 'promises');
export const MODEL_FILE = join(REPO_ROOT, 'packages', 'extract', 'model', 'promises.json');

const argValue = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The shared corpus directory holding `name` (promises, promises-check), or an error saying where it was looked for. */
export const sharedCorpus = (args: readonly string[], name: string): string => {
  const given = argValue(args, '--corpus') ?? process.env.PROMISEGAP_CORPUS;
  if (given) return name === 'promises' ? resolve(given) : join(dirname(resolve(given)), name);
  const tried: string[] = [];
  for (let dir = dirname(REPO_ROOT); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpus', name);
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`no labelled corpus found; pass --corpus DIR (looked in ${tried.join(', ')})`);
};
