/** Bybit's dropped files by name: daily trade dumps and the builder's OI day files, grouped by symbol-month. */
import type { DroppedFileRules } from '../../types.ts';
import { parseBybitDumpName, parseBybitOiDayName } from '../archive/names.ts';

export const bybitDroppedFiles: DroppedFileRules = {
  claim(name) {
    const dump = parseBybitDumpName(name);
    const oiDay = dump ? null : parseBybitOiDayName(name);
    const found = dump ?? oiDay;
    return found ? { symbol: found.symbol, month: found.month, part: dump ? 'dumps' : 'oi' } : null;
  },
  monthProblem(symbol, month, parts) {
    if (parts.dumps?.length) return null;
    return `${(parts.oi ?? []).map((f) => f.name).join(', ')}: open interest of Bybit ${symbol} ${month} given without its trade dumps ({SYMBOL}{YYYY-MM-DD}.csv.gz); volume and candles need them`;
  },
  misnamed: (name, kind) => (kind === 'gzip' || /\.gz$/i.test(name) ? `${name}: not a Bybit trade dump name ({SYMBOL}{YYYY-MM-DD}.csv.gz, as public.bybit.com names them)` : null),
  one: 'a Bybit trade dump',
  hint: "Bybit's .csv.gz trade dumps",
};
