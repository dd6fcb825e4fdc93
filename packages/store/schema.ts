// The single-table key schema, shared by the repository and the CDK table definition.

export const TABLE_SCHEMA = {
  tableName: 'promisegap',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  ttlAttribute: 'expiresAt',
} as const;

/** Key builders: every access pattern's keys are spelled here and nowhere else. */
export const keys = {
  pageLatest: (url: string) => ({ pk: `PAGE#${url}`, sk: 'LATEST' }),
  pageSnapshot: (url: string, hash: string) => ({ pk: `PAGE#${url}`, sk: `SNAP#${hash}` }),
  pageSnapshotChunkPrefix: (hash: string) => `SNAP#${hash}#C#`,
  pageSnapshotChunk: (url: string, hash: string, n: number) => ({
    pk: `PAGE#${url}`,
    sk: `SNAP#${hash}#C#${String(n).padStart(4, '0')}`,
  }),
  crawlClaim: (runId: string, url: string) => ({ pk: `CRAWL#${runId}`, sk: `URL#${url}` }),
  promise: (id: string) => ({ pk: 'PROMISES', sk: id }),
  promisesBySource: (url: string) => `SOURCE#${url}`,
  promiseVersion: (id: string, version: number) => ({
    pk: `PROMISE#${id}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  /** A page's statement slots (what it says, one item per slot), read together when the page is extracted. */
  statement: (url: string, id: string) => ({ pk: `STATEMENTS#${url}`, sk: id }),
  statementsOf: (url: string) => `STATEMENTS#${url}`,
  claims: (sourceUrl: string) => ({ pk: 'CLAIMS', sk: sourceUrl }),
  seriesRegistry: (metric: string, series: string) => ({ pk: `METRIC#${metric}`, sk: series }),
  rollup: (series: string, hour: string, part: number) => ({
    pk: `SERIES#${series}`,
    sk: `H#${hour}#${String(part).padStart(3, '0')}`,
  }),
  /** A series' hourly rollups of one UTC week (its Monday, YYYY-MM-DD); parts > 0 once it is full. */
  rollupWeek: (series: string, monday: string, part: number) => ({
    pk: `SERIES#${series}`,
    sk: `W#${monday}#${String(part).padStart(3, '0')}`,
  }),
  complaint: (id: string) => ({ pk: `COMPLAINT#${id}`, sk: 'C' }),
  complaintsByDay: (day: string) => `COMPLAINTS#${day}`,
  survey: (id: string) => ({ pk: `SURVEY#${id}`, sk: 'S' }),
  surveysByDay: (day: string) => `SURVEYS#${day}`,
  verdict: (windowId: string, promiseId: string) => ({
    pk: `WINDOW#${windowId}`,
    sk: `PROMISE#${promiseId}`,
  }),
  verdictsByPromise: (promiseId: string) => `VERDICTS#${promiseId}`,
  window: (windowId: string) => ({ pk: 'WINDOWS', sk: windowId }),
  /** A counter bumped after every write of verdicts: what caches of published verdicts are keyed on. */
  verdictsVersion: { pk: 'VERDICTS', sk: 'VERSION' },
  digestSend: (windowId: string, recipient: string) => ({
    pk: `DIGEST#${windowId}`,
    sk: recipient.toLowerCase(),
  }),
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'KEY' }),
  apiKeysIndex: 'APIKEYS',
  /** A help-desk SLA policy, by its identity (format and the help desk's id); all of them in one partition. */
  policy: (id: string) => ({ pk: 'POLICIES', sk: id }),
  policies: 'POLICIES',
} as const;
