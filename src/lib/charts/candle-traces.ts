/**
 * The candles' colours, shared by the heatmap (heatmap-canvas.ts draws its candles and
 * realised-liquidation markers in them) and the audit's bars and lines: up = green, down = red.
 */
export const CANDLE_UP = '#26a69a';
export const CANDLE_DOWN = '#ef5350';
