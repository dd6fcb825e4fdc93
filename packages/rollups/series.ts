// Canonical series identity: a metric name with its dimensions, keys and values lower-cased.

export const normaliseDimensions = (dimensions: Record<string, string>): Record<string, string> => {
  const entries = Object.entries(dimensions)
    .filter(([, value]) => value !== undefined && value !== null && String(value).trim() !== '')
    .map(([key, value]) => [key.trim().toLowerCase(), String(value).trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
};

export const seriesId = (metric: string, dimensions: Record<string, string>): string => {
  const dims = normaliseDimensions(dimensions);
  const inner = Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${metric.trim().toLowerCase()}{${inner}}`;
};

/** The UTC hour an instant falls in, as 'YYYY-MM-DDTHH'. */
export const hourOf = (at: string): string => new Date(at).toISOString().slice(0, 13);
