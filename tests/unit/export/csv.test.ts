import { expect, test } from 'vitest';
import { mapCsv, matrixCsv } from '../../../src/lib/export/csv.ts';

test('map CSV has one row per non-zero cell with the side spelled out', () => {
  const csv = mapCsv({
    priceBin: new Float64Array([95000, 96000, 97000]),
    side: new Uint8Array([0, 1, 1]),
    leverage: new Float64Array([10, 25, 5]),
    volumeUsd: new Float64Array([1.5e6, 0, 2e5]),
  });
  expect(csv.trim().split('\n')).toEqual(['price_bin,side,leverage,volume_usd', '95000,long,10,1500000', '97000,short,5,200000']);
});

test('matrix CSV walks time-major cells and skips zeros', () => {
  const csv = matrixCsv(new Float64Array([0, 3600000]), new Float64Array([100, 200]), new Float32Array([0, 1, 2, 0]));
  expect(csv.trim().split('\n')).toEqual(['time,price_bin,volume_usd', '1970-01-01T00:00:00.000Z,200,1', '1970-01-01T01:00:00.000Z,100,2']);
});

test('a zoomed map CSV holds the bins on screen: each bin at least partly inside the price range', () => {
  const cells = {
    priceBin: new Float64Array([94000, 95000, 96000, 97000, 98000]),
    side: new Uint8Array([0, 0, 1, 1, 1]),
    leverage: new Float64Array([10, 10, 25, 5, 5]),
    volumeUsd: new Float64Array([1, 2, 3, 4, 5]),
  };
  // 95,500-97,000: the bin 95,000-96,000 shows its upper half; 97,000-98,000 starts at the edge, off screen.
  const rows = mapCsv(cells, { min: 95_500, max: 97_000, width: 1000 }).trim().split('\n').slice(1);
  expect(rows).toEqual(['95000,long,10,2', '96000,short,25,3']);
  expect(mapCsv(cells, null)).toBe(mapCsv(cells));
});

test('a zoomed heatmap CSV holds the candles and rows on screen, either axis alone or both', () => {
  const hour = 3_600_000;
  const times = new Float64Array([0, hour, 2 * hour]);
  const bins = new Float64Array([100, 200, 300]);
  const matrix = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const rows = (zoom: Parameters<typeof matrixCsv>[3]) => matrixCsv(times, bins, matrix, zoom).trim().split('\n').slice(1).map((l) => l.split(',')[2]);
  // Candles are drawn centred on their time: a zoom from 1.6 h shows the last candle's slot (1.5-2.5 h) only.
  expect(rows({ times: { min: 1.6 * hour, max: 3 * hour, width: hour } })).toEqual(['7', '8', '9']);
  expect(rows({ prices: { min: 250, max: 290, width: 100 } })).toEqual(['2', '5', '8']);
  expect(rows({ times: { min: 0.4 * hour, max: 1.2 * hour, width: hour }, prices: { min: 200, max: 301, width: 100 } })).toEqual(['2', '3', '5', '6']);
  expect(matrixCsv(times, bins, matrix, { times: null, prices: null })).toBe(matrixCsv(times, bins, matrix));
});
