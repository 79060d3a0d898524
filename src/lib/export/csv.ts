/** CSV exports of what a view shows: one row per non-zero cell, numbers unformatted. */
import type { MapCells } from '../model/types.ts';

export function mapCsv(cells: MapCells): string {
  const lines = ['price_bin,side,leverage,volume_usd'];
  for (let i = 0; i < cells.priceBin.length; i++) {
    if (cells.volumeUsd[i] === 0) continue;
    lines.push(`${cells.priceBin[i]},${cells.side[i] === 0 ? 'long' : 'short'},${cells.leverage[i]},${cells.volumeUsd[i]}`);
  }
  return lines.join('\n') + '\n';
}

/** A time-major matrix (rows = times) as `time,price_bin,volume_usd`, times in ISO UTC. */
export function matrixCsv(times: Float64Array, bins: Float64Array, matrix: Float32Array | Float64Array): string {
  const lines = ['time,price_bin,volume_usd'];
  const n = bins.length;
  for (let t = 0; t < times.length; t++) {
    const iso = new Date(times[t]).toISOString();
    for (let b = 0; b < n; b++) {
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
