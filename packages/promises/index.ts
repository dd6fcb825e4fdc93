// Public entry of promises: turning a stored snapshot into versioned promises (extract, diff, write).
// The extract Lambda imports only this, so its bundle carries extraction and the store, nothing else.

export { SnapshotMissingError } from './errors.ts';
export {
  type ExtractStepDeps,
  type ExtractStepResult,
  extractSnapshot,
  extractSnapshotStep,
} from './extract-step.ts';
