/**
 * The aggTrades reader's one-pass path (plain lines) and its general path (every other line)
 * give the same numbers: odd spellings of the same trades build the same profiles, cell by cell.
 */
import { strToU8 } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { monthBounds } from '../../../src/lib/archive/names.ts';
import { AggTradesFile } from '../../../src/lib/import/agg-trades-file.ts';
import type { TradeGroups } from '../../../src/lib/import/trade-groups.ts';
import { buildMonth } from '../../../src/lib/import/month-build.ts';
import { aggTradesCsv, someTrades } from '../builder/helpers.ts';
import { memoryInput } from './helpers.ts';

const month = '2025-11';
const name = `BTCUSDT-aggTrades-${month}.csv`;

/** The same value, spelt so that the one-pass reader leaves the line to the general path. */
const oddNumber: ((f: string) => string)[] = [
  (f) => `+${f}`,
  (f) => (f.includes('.') ? `${f}0000000000000000` : `${f}.`),
  (f) => `0000000000000000${f}`,
];
const oddBoolean: ((f: string) => string)[] = [(f) => f.toUpperCase(), (f) => (f === 'true' ? '1' : 'f')];

describe('aggTrades lines', () => {
  it.each([97, 4096])('reads odd spellings of the same trades as plain ones (chunks of %i bytes)', async (chunk) => {
    const plain = aggTradesCsv(someTrades(month, 400), true);
    const lines = plain.trimEnd().split('\n');
    const spelt = lines.map((l, i) => {
      if (i === 0 || i % 3 === 0) return l;
      const fields = l.split(',');
      const col = i % 7;
      const odd = col === 6 ? oddBoolean : oddNumber;
      fields[col] = odd[i % odd.length](fields[col]);
      return fields.join(',');
    });
    // Windows line ends on some lines too.
    const text = spelt.map((l, i) => (i % 5 === 0 ? `${l}\r` : l)).join('\n') + '\n';
    expect(text).not.toBe(plain);
    const a = await buildMonth('BTCUSDT', month, [memoryInput(name, plain, { chunk })]);
    const b = await buildMonth('BTCUSDT', month, [memoryInput(name, text, { chunk })]);
    expect(b.rows).toBe(400);
    expect(b.warnings).toEqual([]);
    const rows = (m: typeof a) => Promise.all(m.profiles.map((p) => parquetReadObjects({ file: p.bytes.slice().buffer })));
    const plainRows = await rows(a);
    expect(plainRows[0].length).toBeGreaterThan(100);
    expect(await rows(b)).toEqual(plainRows);
  });

  it('reads a number of every length (1 to 17 digits) and dot place as the correctly rounded decimal', () => {
    const got: number[] = [];
    const groups = {
      addTrade: (t: Float64Array) => void got.push(t[1], t[2]),
      add: (_id: number, price: number, quantity: number) => void got.push(price, quantity),
    } as unknown as TradeGroups;
    const [from, to] = monthBounds(month);
    const want: number[] = [];
    const lines: string[] = [];
    for (let n = 1; n <= 17; n++) {
      for (let dot = 0; dot <= n; dot++) {
        const spell = (digits: string) => (dot === n ? digits : `${digits.slice(0, dot)}.${digits.slice(dot)}`);
        const price = spell('98765432109876543'.slice(0, n));
        const quantity = spell('12345678901234567'.slice(0, n));
        want.push(Number(price), Number(quantity));
        lines.push(`${lines.length + 1},${price},${quantity},7,7,${from + lines.length},${n % 2 ? 'true' : 'false'}`);
      }
    }
    const file = new AggTradesFile(() => groups, from, to);
    file.push(strToU8(lines.join('\n') + '\n'));
    expect(file.end().rows).toBe(lines.length);
    expect(got).toEqual(want);
  });
});
