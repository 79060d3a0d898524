/**
 * CSV exports of what a view shows: one row per non-zero cell, numbers unformatted; of a zoomed
 * chart, the cells on screen: those whose bin (or candle) overlaps the zoomed range, as drawn.
 */
import type { MapCells } from '../model/types.ts';

/** A zoomed range and the width of the slots cut by it (a bin's step from its floor; a candle's, about its time). */
export interface CsvZoom {
  min: number;
  max: number;
  width: number;
}

/** A slot [from, from + width) is at least partly inside the zoom (no zoom: everything is). */
const inside = (zoom: CsvZoom | null | undefined, from: number) => !zoom || (from + zoom.width > zoom.min && from < zoom.max);

/** `prices`: the map's zoom, its width the bin step. */
export function mapCsv(cells: MapCells, prices: CsvZoom | null = null): string {
  const lines = ['price_bin,side,leverage,volume_usd'];
  for (let i = 0; i < cells.priceBin.length; i++) {
    if (cells.volumeUsd[i] === 0 || !inside(prices, cells.priceBin[i])) continue;
    lines.push(`${cells.priceBin[i]},${cells.side[i] === 0 ? 'long' : 'short'},${cells.leverage[i]},${cells.volumeUsd[i]}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A time-major matrix (rows = times) as `time,price_bin,volume_usd`, times in ISO UTC; `zoom`:
 * the heatmap's time range (its width a candle's, centred on its time) and price range (the row step).
 */
export function matrixCsv(times: Float64Array, bins: Float64Array, matrix: Float32Array | Float64Array, zoom: { times?: CsvZoom | null; prices?: CsvZoom | null } = {}): string {
  const lines = ['time,price_bin,volume_usd'];
  const n = bins.length;
  const half = (zoom.times?.width ?? 0) / 2;
  for (let t = 0; t < times.length; t++) {
    if (!inside(zoom.times, times[t] - half)) continue;
    const iso = new Date(times[t]).toISOString();
    for (let b = 0; b < n; b++) {
      if (!inside(zoom.prices, bins[b])) continue;
      const v = matrix[t * n + b];
      if (v !== 0) lines.push(`${iso},${bins[b]},${v}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Hand a text or data URL to the browser as a download. */
export function download(name: string, content: string, type = 'text/csv'): void {
  const url = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
