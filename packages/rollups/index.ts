// Hourly rollups per metric series: count, sum, min, max, a mergeable DDSketch and the worst
// samples. A week's evaluation reads at most 168 rollups per series, whatever the sample count.

export {
  type ClippedRollups,
  clipRollups,
  mergeIntoRollup,
  RELATIVE_ACCURACY,
  type SeriesSummary,
  sketchOfValues,
  summarise,
  WORST_KEPT,
} from './rollup.ts';
export { escapeSeriesPart, hourOf, seriesId, unescapeSeriesPart } from './series.ts';
