/**
 * The live partial profile enters the models here, in the worker: the hub's trade aggregates
 * are binned with the profile's own price step and put in the engine tables as month 'live'
 * (volume rows after the last profile hour, 5-minute candles after the last profile candle),
 * replacing the previous live rows of the symbol in one transaction. The models then read
 * them like any profile month. Without a loaded volume profile there is nothing to extend.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { num, type Db } from '../db/db.ts';
import { inTransaction } from '../data/profile-store.ts';
import { binFloor } from '../model/price-grid.ts';
import type { LiveRows } from '../live/live-trades.ts';

export const LIVE_MONTH = 'live';

export interface LiveLoad {
  /** Volume rows and candles now loaded as month 'live'. */
  volumeRows: number;
  candles: number;
  /** The profile's last hour: every live row is after it (NaN when nothing was loaded). */
  afterHour: number;
}

const ONE = (r: { numRows: number }, col: Float64Array) => (r.numRows > 0 && !Number.isNaN(col[0]) ? col[0] : NaN);

export async function loadLiveRows(db: Db, symbol: string, rows: LiveRows): Promise<LiveLoad> {
  const facts = await db.query(
    `SELECT (SELECT max(price_step) FROM loaded_profiles WHERE symbol = ? AND kind = 'volume') AS step,
            (SELECT max(hour) FROM volume WHERE symbol = ? AND month <> '${LIVE_MONTH}') AS last_hour,
            (SELECT max(time) FROM candles WHERE symbol = ? AND month <> '${LIVE_MONTH}') AS last_candle`,
    [symbol, symbol, symbol],
  );
  const step = ONE(facts, num(facts, 'step'));
  const lastHour = ONE(facts, num(facts, 'last_hour'));
  const lastCandle = ONE(facts, num(facts, 'last_candle'));
  if (!(step > 0) || !Number.isFinite(lastHour)) return { volumeRows: 0, candles: 0, afterHour: NaN };

  const v = rows.volume;
  const cells = new Map<string, number[]>();
  for (let i = 0; i < v.hour.length; i++) {
    if (!(v.hour[i] > lastHour) || !(v.price[i] > 0)) continue;
    const bin = binFloor(v.price[i], step);
    const key = `${v.hour[i]}|${bin}|${v.side[i]}|${v.sizeMin[i]}`;
    const c = cells.get(key) ?? [v.hour[i], bin, v.side[i], v.sizeMin[i], 0, 0, 0];
    c[4] += v.notional[i];
    c[5] += v.quantity[i];
    c[6] += v.trades[i];
    cells.set(key, c);
  }
  const list = [...cells.values()];
  const col = (j: number) => Float64Array.from(list, (c) => c[j]);
  const k = rows.candles;
  const keep = Array.from(k.time, (t, i) => (Number.isFinite(lastCandle) && t <= lastCandle ? -1 : i)).filter((i) => i >= 0);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);

  await inTransaction(db, async () => {
    await db.query(`DELETE FROM volume WHERE symbol = ? AND month = '${LIVE_MONTH}'`, [symbol]);
    await db.query(`DELETE FROM candles WHERE symbol = ? AND month = '${LIVE_MONTH}'`, [symbol]);
    if (list.length) {
      await db.insertArrowIPC('live_volume_stage', tableToIPC(tableFromArrays({
        hour: col(0), price_bin: col(1), sell: col(2), size_min: col(3), notional: col(4), quantity: col(5), trades: col(6),
      }), 'stream'));
      await db.query(
        `INSERT INTO volume SELECT ?, '${LIVE_MONTH}', hour::BIGINT, price_bin, CASE WHEN sell = 1 THEN 'sell' ELSE 'buy' END,
                size_min, notional, quantity, trades::BIGINT FROM live_volume_stage`,
        [symbol],
      );
      await db.exec('DROP TABLE IF EXISTS live_volume_stage');
    }
    if (keep.length) {
      const columns = Object.fromEntries(Object.entries(k).map(([name, values]) => [name, pick(values)]));
      await db.insertArrowIPC('live_candle_stage', tableToIPC(tableFromArrays(columns), 'stream'));
      await db.query(
        `INSERT INTO candles SELECT ?, '${LIVE_MONTH}', time::BIGINT, open, high, low, close, volume, quote_volume,
                taker_buy_quote_volume, trades::BIGINT FROM live_candle_stage`,
        [symbol],
      );
      await db.exec('DROP TABLE IF EXISTS live_candle_stage');
    }
  });
  return { volumeRows: list.length, candles: keep.length, afterHour: lastHour };
}
