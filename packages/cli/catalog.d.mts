// Types of catalog.mjs (plain JavaScript, so `--help` needs no TypeScript loader).
import type { Command } from 'commander';

export interface CatalogEntry {
  name: string;
  /** How `--help` lists it: name, "[options]" and its arguments, as commander would. */
  term: string;
  description: string;
}
export declare const CATALOG: readonly CatalogEntry[];
export declare const PROGRAM_DESCRIPTION: string;
export declare const createTopLevelProgram: (
  command: typeof Command,
  options: { version: string; names?: readonly string[] },
) => Command;
export declare const addPlaceholders: (program: Command, command: typeof Command) => Command;
