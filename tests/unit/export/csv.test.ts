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
