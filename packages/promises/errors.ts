// Named errors of the promise extraction step.

export class SnapshotMissingError extends Error {
  constructor(readonly url: string) {
    super(`no snapshot is stored for ${url}; crawl it first`);
    this.name = 'SnapshotMissingError';
  }
}
