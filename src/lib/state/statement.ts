/**
 * "What every result states" (docs/models.md) as text rows for the inputs panel: the totals, and
 * every input a reader needs to reproduce the picture. Also the warnings a trader should see.
 */
import type { MapParams, MapResult } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import type { ViewState } from './view-state.ts';
import type { UsedFigures } from './used-figures.ts';
import { formatAge, formatUsd, formatUtc } from '../format.ts';

export interface Row { label: string; value: string; title?: string }
export interface Statement { totals: Row[]; inputs: Row[]; warnings: string[] }

const SOURCE_TEXT: Record<UsedFigures['source'], string> = {
  live: 'live from Binance',
  cached: 'last good Binance answer (cached)',
  manual: 'typed in by hand',
  profile: "the profile's latest OI record and close (no Binance figure yet)",
};

export function figureSourceText(f: UsedFigures): string {
  return `${SOURCE_TEXT[f.source]}, as of ${formatUtc(f.time)} (${formatAge(f.ageMs)} old)`;
}

export function tiersText(view: ViewState): string {
  return view.tiers.map((t) => `${t.leverage}x ${(t.weight * 100).toFixed(1)}%`).join(' · ');
}

export function mapStatement(view: ViewState, r: MapResult, params: MapParams, f: UsedFigures, prepared: Prepared | null, synthetic: boolean): Statement {
  const { totals, window: w } = r;
  const totalsRows: Row[] = [
    { label: 'Longs', value: formatUsd(totals.long) },
    { label: 'Shorts', value: formatUsd(totals.short) },
    { label: 'Total', value: formatUsd(totals.total) },
    { label: view.model === 'oi' ? 'OI used' : 'Whale notional', value: formatUsd(view.model === 'oi' ? f.oiUsd : r.entryNotional) },
    { label: 'Bins', value: `${totals.longBins} long · ${totals.shortBins} short` },
  ];
  const inputs: Row[] = [
    { label: 'Symbol', value: view.symbol },
    { label: 'Model', value: view.model === 'oi' ? 'oi: OI-scaled profile' : 'trades: trade-weighted (overstates)' },
    { label: 'Window', value: `${view.windowDays} days: ${formatUtc(w.fromHour)} – ${formatUtc(w.toHour + 3_600_000)} (${w.hoursWithData ?? '?'} of ${w.hours} hours with data)` },
    { label: 'Whale threshold', value: view.whale === 0 ? 'all trades' : `≥ ${formatUsd(view.whale)}` },
    { label: 'Whale notional in window', value: `${formatUsd(r.entryNotional)} (${r.entryNotional > 0 ? ((r.entryBuyNotional / r.entryNotional) * 100).toFixed(1) : '0'}% taker buy)` },
    { label: 'Long/short split', value: view.split === 'taker' ? 'by taker flow per bin' : '50 / 50' },
    { label: 'Formula', value: view.formula === 'exact' ? 'exact isolated-margin liquidation price' : 'reference approximation' },
    { label: 'Tiers', value: tiersText(view) },
    { label: 'Maintenance margin rate', value: `${(view.mmr * 100).toFixed(3)}%` },
    { label: 'Bin step', value: `${params.step} USD${view.step === null ? ' (auto)' : ''}; entry price = bin lower edge` },
    { label: 'Open interest', value: `${f.contracts.toLocaleString('en-US', { maximumFractionDigits: 3 })} contracts = ${formatUsd(f.oiUsd)}`, title: figureSourceText(f) },
    { label: 'OI source', value: figureSourceText(f) },
    { label: 'Mark price', value: formatUsd(f.markPrice) },
    { label: 'Profile months', value: `${r.months.join(', ') || 'none'}${synthetic ? ' (synthetic)' : ''}` },
  ];
  const warnings: string[] = [];
  if (synthetic) warnings.push('These profiles are synthetic (generated), not market data: the picture shows how liqmap works, not where real positions are.');
  if (prepared && prepared.lastClose > 0 && Math.abs(f.markPrice / prepared.lastClose - 1) > 0.1) {
    warnings.push(`The mark price (${formatUsd(f.markPrice)}) is more than 10% away from the profile's last close (${formatUsd(prepared.lastClose)}): the profile may be old or of another market.`);
  }
  if (w.hoursWithData !== undefined && w.hoursWithData < w.hours * 0.9) {
    warnings.push(`Only ${w.hoursWithData} of the window's ${w.hours} hours have profile data.`);
  }
  return { totals: totalsRows, inputs, warnings };
}
