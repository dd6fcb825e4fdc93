// What goes wrong reading a help-desk SLA policy file: always the file and the JSON path.

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly file: string,
    /** The JSON path of the problem ("sla_policies[0].policy_metrics[1].target"), or "" for the whole file. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}${path ? `: ${path}` : ''}: ${problem}`);
  }
}
