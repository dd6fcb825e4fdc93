// Column mappings for files put in the bucket: the project config's first metric file of each
// format lends its mapping (e.g. tier=Plan), so a deployed import reads exports as `run` does.

import type { PromisegapConfig } from '../../packages/core/index.ts';
import type { ImportKind } from '../../packages/pipeline/import-keys.ts';

export const mappingsOf = (config: PromisegapConfig): Partial<Record<ImportKind, Record<string, string>>> => {
  const tickets = config.metrics.find((m) => m.format === 'tickets')?.mapping;
  const samples = config.metrics.find((m) => m.format === 'samples')?.mapping;
  const complaints = config.complaints[0]?.mapping;
  return {
    ...(tickets ? { tickets } : {}),
    ...(samples ? { samples } : {}),
    ...(complaints ? { complaints } : {}),
  };
};
