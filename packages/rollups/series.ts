// Canonical series identity: a metric name with its dimensions, keys and values lower-cased.

export const normaliseDimensions = (dimensions: Record<string, string>): Record<string, string> => {
  const entries = Object.entries(dimensions)
    .filter(([, value]) => value !== undefined && value !== null && String(value).trim() !== '')
    .map(([key, value]) => [key.trim().toLowerCase(), String(value).trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
};

// The characters that give a series id its structure, control characters, and a `%` that would
// read as an escape. Anything else is kept as it is, so the ids of every series whose names and
// values have none of these (all of them before this escaping existed) are unchanged.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among those escaped
const STRUCTURAL = /[,={}\u0000-\u001f\u007f]|%(?=[0-9A-Fa-f]{2})/g;

/** Percent-escapes what would make two different series spell the same id. */
export const escapeSeriesPart = (part: string): string =>
  part.replace(STRUCTURAL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** The inverse of escapeSeriesPart. */
export const unescapeSeriesPart = (part: string): string =>
  part.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/**
 * `metric{k=v,…}` with keys sorted and lower-cased, and the structural characters of names and
 * values escaped: {tier: "gold", region: "eu"} and {region: "eu,tier=gold"} are two series.
 */
export const seriesId = (metric: string, dimensions: Record<string, string>): string => {
  const dims = normaliseDimensions(dimensions);
  const inner = Object.entries(dims)
    .map(([k, v]) => `${escapeSeriesPart(k)}=${escapeSeriesPart(v)}`)
    .join(',');
  return `${escapeSeriesPart(metric.trim().toLowerCase())}{${inner}}`;
};

/** The UTC hour an instant falls in, as 'YYYY-MM-DDTHH'. */
export const hourOf = (at: string): string => new Date(at).toISOString().slice(0, 13);
