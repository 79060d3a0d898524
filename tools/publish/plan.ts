/**
 * `npm run publish-plan -- --symbols BTCUSDT,ETHUSDT --exchanges binance,bybit`: the publishing
 * workflow's job matrix, one job per (exchange, symbol), as the JSON GitHub's `fromJSON` reads.
 * Written as `matrix=…` to $GITHUB_OUTPUT when that is set, and printed.
 */
import { appendFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isExchange, SYMBOL_RE } from '../../src/lib/data/profile-schema.ts';

export function publishMatrix(symbols: string, exchanges: string): { include: { exchange: string; symbol: string }[] } {
  const list = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
  const syms = list(symbols).map((s) => s.toUpperCase());
  const exs = list(exchanges).map((e) => e.toLowerCase());
  if (!syms.length) throw new Error('no symbols given');
  if (!exs.length) throw new Error('no exchanges given');
  for (const s of syms) if (!SYMBOL_RE.test(s)) throw new Error(`"${s}" is not a symbol (2-20 capital letters or digits)`);
  for (const e of exs) if (!isExchange(e)) throw new Error(`"${e}" is not an exchange liqmap builds (binance, bybit)`);
  return { include: exs.flatMap((exchange) => syms.map((symbol) => ({ exchange, symbol }))) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { symbols: { type: 'string', default: '' }, exchanges: { type: 'string', default: 'binance' } } });
  const matrix = JSON.stringify(publishMatrix(values.symbols, values.exchanges));
  if (process.env.GITHUB_OUTPUT) await appendFile(process.env.GITHUB_OUTPUT, `matrix=${matrix}\n`);
  console.log(matrix);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(`publish-plan: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  });
}
