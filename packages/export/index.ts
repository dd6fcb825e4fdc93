// The export package: public promises in formats other tools read (OpenSLO) and evidence packs.

export { type CollectEvidenceInput, collectEvidence, evidencePackFor, evidenceZip } from './collect.ts';
export { csvCell, toCsv } from './csv.ts';
export { ExportInputError } from './errors.ts';
export {
  buildEvidencePack,
  COMMITMENT_COLUMNS,
  type EvidenceInput,
  type EvidenceManifest,
  type EvidencePack,
  type EvidenceSnapshot,
  type EvidenceStatement,
  zipEvidence,
} from './evidence.ts';
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
export { renderEvidenceReport } from './report.ts';
