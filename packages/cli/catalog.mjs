// The commands promisegap has, with the summary `--help` shows. Plain JavaScript so that
// `promisegap --help` and `--version` answer without loading TypeScript or any command's modules
// (bin/promisegap.mjs reads it directly); main.ts loads only the module of the command being run.
// A unit test checks every entry against what its module registers.

/** @type {readonly import('./catalog.d.mts').CatalogEntry[]} */
export const CATALOG = [
  {
    name: 'alerts',
    term: 'alerts',
    description: 'Alerts between digests: breaches, fast-burning budgets, complaint jumps.',
  },
  {
    name: 'analyze-complaints',
    term: 'analyze-complaints [options]',
    description: 'Reads JSON Lines {"id","text"} on stdin and prints one analysis per line, in order.',
  },
  {
    name: 'backup',
    term: 'backup [options]',
    description: 'Write the whole store to one file (a consistent snapshot).',
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description:
      'Run the whole pipeline on the bundled example, then serve the API and dashboard (npm start).',
  },
  {
    name: 'digest',
    term: 'digest [options]',
    description:
      'Build the weekly communication-gap digest from the stored verdicts; preview it, print it, or send it.',
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    description:
      'Check the set-up: Node, chromium, the data folder, the SES emulator, AWS access for --table.',
  },
  {
    name: 'evaluate',
    term: 'evaluate [options]',
    description: 'Grade every stored promise for one week against the stored metrics and complaints',
  },
  {
    name: 'export',
    term: 'export [options]',
    description:
      'Write the evidence pack of a window (--week), or the commitments as OpenSLO documents (--openslo).',
  },
  {
    name: 'extract',
    term: 'extract [options] <files...>',
    description:
      'Extracts the measurable promises and unmeasurable claims of HTML, PDF or text files (or http(s) URLs).',
  },
  {
    name: 'gaps',
    term: 'gaps',
    description: 'Acknowledges gaps between what is promised and what is delivered.',
  },
  {
    name: 'import',
    term: 'import',
    description:
      'Import metric samples, help-desk tickets, complaints, survey results or SLA policies into the local store',
  },
  { name: 'keys', term: 'keys', description: 'Creates, lists and revokes API keys.' },
  {
    name: 'promises',
    term: 'promises',
    description:
      'The promise register: list commitments, review them (confirm, reject, correct) and add ones the site does not state.',
  },
  {
    name: 'restore',
    term: 'restore [options] <file>',
    description: 'Restore a backup file into an empty store (or, with --replace, in place of a data folder).',
  },
  {
    name: 'run',
    term: 'run [options]',
    description:
      'Run one full cycle on a config: crawl, extract, import, evaluate, write the digest; then exit.',
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'Serves the compliance API and dashboard on the embedded store until interrupted.',
  },
];

export const PROGRAM_DESCRIPTION =
  'Finds the promises a company makes in public and checks them against what was delivered.';

/**
 * The top-level program with every command as a placeholder (name, summary, no action): enough
 * for `--help`, `--version` and "unknown command" suggestions.
 *
 * @param {typeof import('commander').Command} Command
 * @param {{ version: string, names?: readonly string[] }} options commands found beside the catalog are listed too
 */
export const createTopLevelProgram = (Command, options) => {
  const terms = new Map(CATALOG.map((c) => [c.name, c.term]));
  const program = new Command('promisegap')
    .description(PROGRAM_DESCRIPTION)
    .version(options.version, '-V, --version', 'print the version')
    .option('--debug', 'show the stack trace of an error')
    .exitOverride()
    .showHelpAfterError()
    .configureHelp({
      // A placeholder has no options or arguments of its own: the catalog says how to list it.
      subcommandTerm(cmd) {
        return terms.get(cmd.name()) ?? Object.getPrototypeOf(this).subcommandTerm.call(this, cmd);
      },
    });
  return program;
};

/** The catalog's placeholder commands, for the program above. */
export const addPlaceholders = (program, Command) => {
  for (const entry of CATALOG) program.addCommand(new Command(entry.name).description(entry.description));
  return program;
};
