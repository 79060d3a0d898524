/**
 * Bybit's profiles computed from the dumps in plain TypeScript, straight from the spec in
 * docs/profiles.md and docs/bybit.md, sharing no code with the builder or the importer: gunzip
 * by fflate, columns by header name, fills grouped by (timestamp, side, price), bins on exact
 * decimals (BigInt), times from the timestamp's digits. Test use only.
 */
import { gunzipSync } from 'fflate';
import { readFileSync } from 'node:fs';

const EDGES = [5_000_000, 1_000_000, 500_000, 100_000, 10_000, 0];

interface Trade { ts: number; ms: number; sell: boolean; price: number; priceText: string; q: number; n: number }

/** Milliseconds of a float-seconds text, truncated, exactly. */
function msOf(text: string): number {
  const [s, f = ''] = text.split('.');
  return Number(s) * 1000 + Number((f + '000').slice(0, 3));
}

/** A decimal text as an integer count of 1e-12. */
function units(text: string): bigint {
  const [i, f = ''] = text.split('.');
  return BigInt(i) * 10n ** 12n + BigInt((f + '0'.repeat(12)).slice(0, 12));
}

export function tradesOf(paths: string[]): Trade[] {
  const groups = new Map<string, Trade>();
  for (const p of paths) {
    const lines = Buffer.from(gunzipSync(readFileSync(p))).toString('utf8').split('\n');
    const cols = lines[0].split(',');
    const at = (name: string) => cols.indexOf(name);
    const [iT, iS, iZ, iP] = [at('timestamp'), at('side'), at('size'), at('price')];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const f = line.split(',');
      const key = `${Number(f[iT])}|${f[iS]}|${Number(f[iP])}`;
      const g = groups.get(key) ?? { ts: Number(f[iT]), ms: msOf(f[iT]), sell: f[iS] === 'Sell', price: Number(f[iP]), priceText: f[iP], q: 0, n: 0 };
      g.q += Number(f[iZ]);
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) g.n = g.price * g.q;
  return [...groups.values()];
}

export function binEdge(priceText: string, step: number): number {
  const index = units(priceText) / units(String(step));
  return Number(index) * step;
}

export function volumeOf(trades: Trade[], step: number) {
  const rows = new Map<string, { hour: number; price_bin: number; side: string; size_min: number; notional: number; quantity: number; trades: number }>();
  for (const t of trades) {
    const hour = Math.floor(t.ms / 3_600_000) * 3_600_000;
    const bin = binEdge(t.priceText, step);
    const side = t.sell ? 'sell' : 'buy';
    const size = EDGES.find((e) => t.n >= e)!;
    const key = `${hour}|${bin}|${side}|${size}`;
    const r = rows.get(key) ?? { hour, price_bin: bin, side, size_min: size, notional: 0, quantity: 0, trades: 0 };
    r.notional += t.n; r.quantity += t.q; r.trades++;
    rows.set(key, r);
  }
  return [...rows.values()].sort((a, b) => a.hour - b.hour || a.price_bin - b.price_bin || a.side.localeCompare(b.side) || a.size_min - b.size_min);
}

export function candlesOf(trades: Trade[]) {
  const order = (a: Trade, b: Trade) => a.ts - b.ts || Number(a.sell) - Number(b.sell) || (a.sell ? b.price - a.price : a.price - b.price);
  const byTime = new Map<number, Trade[]>();
  for (const t of [...trades].sort(order)) {
    const t5 = Math.floor(t.ms / 300_000) * 300_000;
    byTime.set(t5, [...(byTime.get(t5) ?? []), t]);
  }
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([time, l]) => ({
    time, open: l[0].price, high: Math.max(...l.map((t) => t.price)), low: Math.min(...l.map((t) => t.price)), close: l[l.length - 1].price,
    volume: l.reduce((s, t) => s + t.q, 0), quote_volume: l.reduce((s, t) => s + t.n, 0),
    taker_buy_quote_volume: l.filter((t) => !t.sell).reduce((s, t) => s + t.n, 0), trades: l.length,
  }));
}

/** One side of each kept OI record, valued at the close of the latest candle at or before it. */
export function oiOf(dayFiles: string[], candles: { time: number; close: number }[]) {
  const out = new Map<number, { time: number; open_interest: number; open_interest_usd: number }>();
  for (const p of dayFiles) {
    for (const page of JSON.parse(readFileSync(p, 'utf8')).pages) {
      for (const x of page.result.list) {
        const time = Number(x.timestamp);
        const oneSide = x.singleOpenInterest !== undefined ? Number(x.singleOpenInterest) : Number(x.openInterest) / 2;
        const c = candles.filter((k) => k.time <= time).pop();
        if (c) out.set(time, { time, open_interest: oneSide, open_interest_usd: oneSide * c.close });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.time - b.time);
}
