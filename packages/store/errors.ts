// Named errors of the repository.

export class StoreItemError extends Error {
  constructor(
    readonly key: { pk: unknown; sk: unknown },
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`stored item ${String(key.pk)} / ${String(key.sk)} is not valid: ${problem}`, options);
    this.name = 'StoreItemError';
  }
}

export class StoreWriteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreWriteError';
  }
}

export class EmbeddedStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedStoreError';
  }
}

export class InvalidCursorError extends Error {
  constructor(
    readonly cursor: string,
    readonly reason?: string,
    options?: ErrorOptions,
  ) {
    super(
      `the pagination cursor is not valid${reason ? ` (${reason})` : ''}; start again without it`,
      options,
    );
    this.name = 'InvalidCursorError';
  }
}

/** Another live process holds the data folder (and does not serve it, or cannot be reached). */
export class StoreBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StoreBusyError';
  }
}

/** The data folder's files are damaged: nothing is read from it until it is restored or moved. */
export class StoreCorruptError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problems: string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StoreCorruptError';
  }
}

/** A backup file that is not one, or is incomplete; or a restore that would overwrite data. */
export class BackupError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** A DynamoDB table named with --table that cannot be used (missing, no credentials, no region). */
export class RemoteTableError extends Error {
  constructor(
    readonly table: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RemoteTableError';
  }
}

/** Someone else wrote the commitment since it was read: read it again and re-apply the change. */
export class RevisionConflictError extends Error {
  constructor(
    readonly commitmentId: string,
    readonly expectedRevision: number | null,
    options?: ErrorOptions,
  ) {
    super(
      expectedRevision === null
        ? `commitment ${commitmentId} already exists`
        : `commitment ${commitmentId} was changed by someone else (expected revision ${expectedRevision}); read it again`,
      options,
    );
    this.name = 'RevisionConflictError';
  }
}
