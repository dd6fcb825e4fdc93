// `promisegap COMMAND [SUBCOMMAND] --help` without the TypeScript loader: help.json holds the help
// text each command's module renders (written by `npx tsx packages/cli/help-manifest.ts --write`,
// checked by a unit test), with a hash of the sources it was rendered from. When a source has
// changed since (an edit not yet followed by the manifest), the hash differs and bin/promisegap.mjs
// loads the command's module as for any other command line. Plain JavaScript, like catalog.mjs.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const CLI_DIR = new URL('./', import.meta.url);
const COMMANDS_DIR = new URL('./commands/', import.meta.url);
/** Files of the CLI that every command's help may draw on (options such as --data-dir, --table). */
const SHARED = () =>
  readdirSync(CLI_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();

/**
 * The hash of what a command's help is rendered from: its module, the command modules it imports
 * (`./other.ts`), and the CLI's shared files. Undefined when the command has no module.
 * @param {string} name
 * @returns {string | undefined}
 */
export const helpSourceHash = (name) => {
  const hash = createHash('sha256');
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return true;
    seen.add(file);
    let text;
    try {
      text = readFileSync(new URL(file, COMMANDS_DIR), 'utf8');
    } catch {
      return false;
    }
    hash.update(`${file}\0${text}\0`);
    for (const m of text.matchAll(/from '\.\/([\w-]+\.ts)'/g)) visit(m[1]);
    return true;
  };
  if (!visit(`${name}.ts`)) return undefined;
  for (const f of SHARED()) hash.update(`${f}\0${readFileSync(new URL(f, CLI_DIR), 'utf8')}\0`);
  return hash.digest('hex');
};

/**
 * The command path a help request names, or undefined when the arguments ask for more than help:
 * `keys --help`, `keys create -h`, `help keys` → ['keys'], ['keys', 'create'], ['keys'].
 * @param {readonly string[]} args the arguments after the program name
 * @returns {string[] | undefined}
 */
export const helpRequestOf = (args) => {
  const flags = args.filter((a) => a === '--help' || a === '-h');
  const words = args.filter((a) => a !== '--help' && a !== '-h');
  if (words.some((w) => w.startsWith('-'))) return undefined;
  if (words[0] === 'help' && flags.length === 0 && words.length === 2) return [words[1] ?? ''];
  if (flags.length === 0 || words.length === 0 || words.includes('help')) return undefined;
  return words;
};

/**
 * The help text of a command path from help.json, if the manifest holds it and the command's
 * sources are those it was rendered from.
 * @param {readonly string[]} path
 * @returns {string | undefined}
 */
export const cachedHelp = (path) => {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
  const name = path[0];
  const entry = name ? manifest.commands?.[name] : undefined;
  const text = entry?.help?.[path.join(' ')];
  if (typeof text !== 'string') return undefined;
  return entry.hash === helpSourceHash(name) ? text : undefined;
};
