/** BinSums: sums by bin, ascending, whether the bins come in order (an hour's whale rows) or not (a window's hours). */
import { describe, expect, it } from 'vitest';
import { BinSums } from '../../../src/lib/model/segment-rows.ts';

type Row = [bin: number, buy: number, sell: number];

function flushed(rows: Row[]): Row[] {
  const sums = new BinSums();
  for (const [bin, buy, sell] of rows) sums.add(bin, buy, sell);
  return rowsOf(sums);
}

/** The sums a flush leaves. */
function rowsOf(sums: BinSums): Row[] {
  return Array.from({ length: sums.flush() }, (_, k): Row => [sums.bins[k], sums.buys[k], sums.sells[k]]);
}

/** The same sums by a plain left fold per bin, in the order added. */
function folded(rows: Row[]): Row[] {
  const sums = new Map<number, Row>();
  for (const [bin, buy, sell] of rows) {
    const acc = sums.get(bin) ?? [bin, 0, 0];
    sums.set(bin, [bin, acc[1] + buy, acc[2] + sell]);
  }
  return [...sums.values()].sort((a, b) => a[0] - b[0]);
}

describe('BinSums', () => {
  const rnd = (k: number) => ((k * 7919) % 1000) / 7 + 0.1;
  const ascending: Row[] = Array.from({ length: 400 }, (_, k) => [Math.floor(k / 3) - 60, rnd(k), rnd(k + 1)]);
  const shuffled: Row[] = ascending.map((_, k) => ascending[(k * 37) % ascending.length]);
  const wide: Row[] = [[5, 1, 2], [1e7, 3, 4], [5, 0.1, 0.2], [-3, 1, 1]];

  it('sums runs of one bin as they come and emits bins in order, exactly as a fold per bin', () => {
    for (const rows of [ascending, shuffled, wide]) expect(flushed(rows)).toEqual(folded(rows));
    expect(flushed(ascending)).toHaveLength(134);
  });

  it('starts anew after a flush, in order or not', () => {
    const sums = new BinSums();
    for (const [bin, buy, sell] of shuffled) sums.add(bin, buy, sell);
    sums.flush();
    sums.add(2, 1, 0);
    sums.add(2, 2, 0);
    sums.add(3, 0, 1);
    expect(rowsOf(sums)).toEqual([[2, 3, 0], [3, 0, 1]]);
  });
});
