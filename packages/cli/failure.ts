// What the user reads when a command fails: one line saying what went wrong and what to do.
// Expected failures are the named errors of the packages (and a few system errors: a busy port,
// a store process that went away); anything else is a bug, said as such, with --debug for its stack.

export interface Failure {
  message: string;
  /** The exit code: 2 for bad input or set-up the user can fix, 1 otherwise. */
  code: number;
  expected: boolean;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The named error classes, loaded only when a command has failed. A command that threw one of
 * them has its package loaded already, so this costs nothing on the paths that matter.
 */
const expectedClasses = async (): Promise<{ input: ErrorClass[]; runtime: ErrorClass[] }> => {
  const [core, store, keys, calendar, ingest, complaints, digest, pipeline, promises, compliance] =
    await Promise.all([
      import('../core/index.ts'),
      import('../store/index.ts'),
      import('../keys/index.ts'),
      import('../calendar/index.ts'),
      import('../ingest/index.ts'),
      import('../complaints/index.ts'),
      import('../digest/index.ts'),
      import('../pipeline/index.ts'),
      import('../promises/index.ts'),
      import('../compliance/index.ts'),
    ]);
  return {
    input: [
      core.ConfigError,
      core.WindowFormatError,
      calendar.CalendarConfigError,
      ingest.IngestFormatError,
      complaints.ComplaintsFileError,
      pipeline.DataFileError,
      keys.ApiKeyFormatError,
      store.BackupError,
      store.RemoteTableError,
    ],
    runtime: [
      keys.ApiKeyNotFoundError,
      store.EmbeddedStoreError,
      store.StoreBusyError,
      store.StoreCorruptError,
      digest.DigestInputError,
      digest.NoEvaluatedWeekError,
      pipeline.StaticSiteError,
      promises.SnapshotMissingError,
      compliance.EvaluationInputError,
    ],
  };
};

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** System errors a user can act on, wherever in the chain of causes they are. */
const systemFailure = (error: unknown): Failure | undefined => {
  for (let e = error as (NodeJS.ErrnoException & { address?: string; port?: number }) | undefined; e; ) {
    if (e.code === 'EADDRINUSE') {
      return {
        message: `port ${e.port ?? ''} on ${e.address ?? 'this machine'} is already in use (another promisegap serve or demo, or another program): pass --port with a free port, or stop that program`,
        code: 1,
        expected: true,
      };
    }
    if (e.code === 'ECONNREFUSED' && /127\.0\.0\.1/.test(e.message ?? '')) {
      return {
        message:
          'the promisegap process that served the data folder stopped while this command used it; run the command again (what was stored is kept; imports store nothing twice)',
        code: 1,
        expected: true,
      };
    }
    if (e.code === 'EACCES' || e.code === 'ENOSPC' || e.code === 'EROFS') {
      return { message: oneLine(e.message), code: 1, expected: true };
    }
    e = e.cause as typeof e;
  }
  return undefined;
};

export const describeFailure = async (error: unknown): Promise<Failure> => {
  const system = systemFailure(error);
  if (system) return system;
  if (error instanceof Error) {
    const { input, runtime } = await expectedClasses();
    if (input.some((c) => error instanceof c))
      return { message: oneLine(error.message), code: 2, expected: true };
    if (runtime.some((c) => error instanceof c))
      return { message: oneLine(error.message), code: 1, expected: true };
    // An AWS service's answer (throttling, access denied on --table…): its name and message say it.
    if ('$metadata' in error) {
      return {
        message: `DynamoDB refused the request: ${error.name}: ${oneLine(error.message)}`,
        code: 1,
        expected: true,
      };
    }
  }
  const message = error instanceof Error ? `${error.name}: ${oneLine(error.message)}` : String(error);
  return {
    message: `unexpected error (a bug; run again with --debug for the stack trace): ${message}`,
    code: 1,
    expected: false,
  };
};
