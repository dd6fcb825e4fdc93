// The export package: public promises in formats other tools read (OpenSLO) and evidence packs.

export { ExportInputError } from './errors.ts';
export {
  ANNOTATIONS,
  dnsLabel,
  EVERY_CASE_TARGET,
  OPENSLO_API_VERSION,
  type OpenSloDocument,
  type OpenSloExport,
  type OpenSloInput,
  type OpenSloSlo,
  openSloYaml,
  periodStart,
  type SkippedCommitment,
  toOpenSlo,
  unexportableBecause,
  windowDuration,
} from './openslo.ts';
