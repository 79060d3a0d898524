/** The map's statement: totals and inputs of Models 1 and 2, from the params the map used. */
import type { MapParams, MapResult } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import type { UsedFigures } from './used-figures.ts';
import { formatUsd, formatUtc } from '../format.ts';
import { exchangeLines } from './exchange-statement.ts';
import type { ExchangeUsedFigures } from './used-figures.ts';
import { commonWarnings, figureRows, profileFigureWarning, monthsRow, partialText, settingsRows, type Row, type Statement } from './statement.ts';

export function mapStatement(r: MapResult, p: MapParams, f: UsedFigures | null, prepared: Prepared | null, synthetic: boolean, autoStep: boolean, perExchange?: ExchangeUsedFigures[]): Statement {
  const several = exchangeLines(r.exchanges, perExchange, prepared);
  const { totals, window: w } = r;
  const totalsRows: Row[] = [
    { label: 'Longs', value: formatUsd(totals.long) },
    { label: 'Shorts', value: formatUsd(totals.short) },
    { label: 'Total', value: formatUsd(totals.total) },
    { label: p.model === 'oi' ? 'OI used' : 'Whale notional', value: formatUsd(p.model === 'oi' ? p.oiUsd : r.entryNotional) },
    { label: 'Bins', value: `${totals.longBins} long · ${totals.shortBins} short` },
  ];
  const inputs: Row[] = [
    { label: 'Symbol', value: p.symbol },
    { label: 'Model', value: p.model === 'oi' ? 'oi: OI-scaled profile' : 'trades: trade-weighted (overstates)' },
    { label: 'Window', value: `${p.windowDays} days: ${formatUtc(w.fromHour)} – ${formatUtc(w.toHour + 3_600_000)} (${w.hoursWithData} of ${w.hours} hours with data)${partialText(prepared)}` },
    { label: 'Whale notional in window', value: `${formatUsd(r.entryNotional)} (${r.entryNotional > 0 ? ((r.entryBuyNotional / r.entryNotional) * 100).toFixed(1) : '0'}% taker buy)` },
    ...settingsRows(p, 'per bin'),
    { label: 'Bin step', value: `${p.step} USD${autoStep ? ' (auto)' : ''}; entry price = bin lower edge` },
    ...(r.exchanges ? several.rows : figureRows(p.symbol, p.oiUsd, p.markPrice, f)),
    monthsRow(r.months, synthetic),
  ];
  const warnings = [...several.warnings, ...(r.exchanges ? [] : profileFigureWarning(f, 'Binance')), ...commonWarnings(p.markPrice, prepared, synthetic)];
  if (w.hoursWithData < w.hours * 0.9) warnings.push(`Only ${w.hoursWithData} of the window's ${w.hours} hours have profile data.`);
  return { totals: totalsRows, inputs, warnings };
}
