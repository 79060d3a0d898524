/** liqmap's models: what the engine worker and the UI import. */
export * from './types.ts';
export { computeMap } from './map.ts';
export { computeHeatmap, heatmapParamProblems } from './heatmap.ts';
export { walkHeatmap, type HeatmapWalkInputs, type HeatmapWalkOutput, type PriceGrid } from './heatmap-walk.ts';
export { invalidateModelCache } from './whale-cache.ts';
export { installModelMacros, LIQUIDATION_MACROS_SQL, liqPrice, liqLongExact, liqShortExact, liqLongReference, liqShortReference } from './liquidation.ts';
export { DEFAULT_TIERS, TIER_COLOURS, tierColour, tierProblems, mmrProblems, MAX_LEVERAGE } from './tiers.ts';
export { mapParamProblems } from './params.ts';
export { BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, GENERIC_BRACKETS, bracketTable, bracketFor, defaultMmr } from './brackets.ts';
export { autoStep, stepChoices, nice125, WHALE_THRESHOLDS, DEFAULT_WHALE_THRESHOLD } from './bins.ts';
export { CANDLE_MINUTES, RANGE_CANDLE_DEFAULTS, defaultCandleMinutes, heatmapStep, DEFAULT_MAX_PRICE_ROWS } from './candle-sizes.ts';
