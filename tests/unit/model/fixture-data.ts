/** Profile rows for model tests, put in a real ProfileTable month by month (as the loader does). */
import { ProfileTable, type LoadedProfile } from '../../../src/lib/data/profile-table.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';
import type { ExchangeId } from '../../../src/lib/live/events.ts';
import { BUY, SELL, codedColumn, type SymbolData } from '../../../src/lib/model/profile-data.ts';

export const HOUR = 3_600_000;
/** 2025-11-30 23:00 UTC: the latest hour of most fixtures. */
export const LAST_HOUR = Date.UTC(2025, 10, 30, 23);

export interface VolumeRow {
  hour?: number;
  bin: number;
  side: 'buy' | 'sell';
  notional: number;
  sizeMin?: number;
  symbol?: string;
  month?: string;
  /** binance unless named. */
  exchange?: ExchangeId;
}

export interface CandleRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  symbol?: string;
  exchange?: ExchangeId;
}

export interface OiRow {
  time: number;
  oiUsd: number;
  symbol?: string;
  exchange?: ExchangeId;
}

const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);
const f64 = <R>(rows: R[], pick: (r: R) => number) => Float64Array.from(rows, pick);

export class Fixture {
  readonly table = new ProfileTable();
  private volume: Required<VolumeRow>[] = [];
  private candles: Required<CandleRow>[] = [];
  private oi: Required<OiRow>[] = [];

  data(symbol = 'BTCUSDT', exchange: ExchangeId = 'binance'): SymbolData {
    return this.table.symbol(symbol, exchange);
  }

  insertVolume(rows: VolumeRow[]): void {
    this.volume.push(...rows.map((r) => {
      const hour = r.hour ?? LAST_HOUR;
      return { hour, sizeMin: 500_000, symbol: 'BTCUSDT', month: monthOf(hour), exchange: 'binance' as ExchangeId, ...r };
    }));
    this.reput();
  }

  insertCandles(rows: CandleRow[]): void {
    this.candles.push(...rows.map((r) => ({ symbol: 'BTCUSDT', exchange: 'binance' as ExchangeId, ...r })));
    this.reput();
  }

  insertOi(rows: OiRow[]): void {
    this.oi.push(...rows.map((r) => ({ symbol: 'BTCUSDT', exchange: 'binance' as ExchangeId, ...r })));
    this.reput();
  }

  /** Change rows in place (a fixture's UPDATE / DELETE), then load their months again. */
  editCandles(edit: (rows: Required<CandleRow>[]) => Required<CandleRow>[]): void {
    this.candles = edit(this.candles);
    this.reput();
  }

  editVolume(edit: (rows: Required<VolumeRow>[]) => Required<VolumeRow>[]): void {
    this.volume = edit(this.volume);
    this.reput();
  }

  /** Every (symbol, month, kind) anew from the rows, as replacing loads would. */
  private reput(): void {
    const groups = new Map<string, { kind: ProfileKind; exchange: ExchangeId; symbol: string; month: string; rows: unknown[] }>();
    const add = (kind: ProfileKind, r: { exchange: ExchangeId; symbol: string }, month: string) => {
      const key = `${r.exchange}|${r.symbol}|${month}|${kind}`;
      if (!groups.has(key)) groups.set(key, { kind, exchange: r.exchange, symbol: r.symbol, month, rows: [] });
      groups.get(key)!.rows.push(r);
    };
    for (const r of this.volume) add('volume', r, r.month);
    for (const r of this.candles) add('candles', r, monthOf(r.time));
    for (const r of this.oi) add('oi', r, monthOf(r.time));
    for (const { kind, exchange, symbol, month, rows } of groups.values()) {
      const facts = (times: number[]): LoadedProfile => ({
        exchange, symbol, month, kind, rows: rows.length, source: 'upload', sha256: null, synthetic: false,
        priceStep: kind === 'volume' ? 10 : null, firstTime: Math.min(...times), lastTime: Math.max(...times),
      });
      if (kind === 'volume') {
        const v = (rows as Required<VolumeRow>[]).slice().sort((a, b) => a.hour - b.hour || a.bin - b.bin);
        this.table.put(facts(v.map((r) => r.hour)), {
          hour: codedColumn(f64(v, (r) => r.hour)), priceBin: codedColumn(f64(v, (r) => r.bin)), side: Uint8Array.from(v, (r) => (r.side === 'sell' ? SELL : BUY)),
          sizeMin: codedColumn(f64(v, (r) => r.sizeMin)), notional: f64(v, (r) => r.notional),
        });
      } else if (kind === 'candles') {
        const c = (rows as Required<CandleRow>[]).slice().sort((a, b) => a.time - b.time);
        this.table.put(facts(c.map((r) => r.time)), { time: f64(c, (r) => r.time), open: f64(c, (r) => r.open), high: f64(c, (r) => r.high), low: f64(c, (r) => r.low), close: f64(c, (r) => r.close) });
      } else {
        const o = (rows as Required<OiRow>[]).slice().sort((a, b) => a.time - b.time);
        this.table.put(facts(o.map((r) => r.time)), { time: f64(o, (r) => r.time), contracts: f64(o, (r) => r.oiUsd / 100_000), usd: f64(o, (r) => r.oiUsd) });
      }
    }
  }
}
