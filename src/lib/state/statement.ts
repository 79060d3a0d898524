/**
 * "What every result states" (docs/models.md) as text rows for the inputs panel, built only from
 * what a chart used: its params, its result and the figures its request carried, never from the
 * live controls. The rows both views share live here; map-statement.ts and heatmap-statement.ts
 * add their own.
 */
import type { ModelSettings, Tier } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import type { UsedFigures } from './used-figures.ts';
import { formatAge, formatUsd, formatUtc } from '../format.ts';
import { formatOi } from '../data/base-asset.ts';

export interface Row { label: string; value: string; title?: string }
export interface Statement { totals: Row[]; inputs: Row[]; warnings: string[] }

const SOURCE_TEXT: Record<UsedFigures['source'], (exchange: string, f: UsedFigures) => string> = {
  live: (x) => `live from ${x}`,
  cached: (x) => `last good ${x} answer (cached)`,
  manual: () => 'typed in by hand',
  stream: (x) => `live from ${x}'s stream (tickers)`,
  profile: (x, f) => `the profile's latest OI record and close (${f.why ?? `no ${x} figure yet`})`,
};

/** Where an OI figure came from and its age; `exchange` names whose figure it is. */
export function figureSourceText(f: UsedFigures, exchange = 'Binance'): string {
  return `${SOURCE_TEXT[f.source](exchange, f)}, as of ${formatUtc(f.time)} (${formatAge(f.ageMs)} old)`;
}

/** A profile's own last record older than this, standing in for an exchange's figures, is warned of. */
export const PROFILE_FIGURE_WARN_MS = 3_600_000;

/**
 * A picture sized and placed by a profile's last OI record and close (no live, cached or typed
 * figure) older than an hour: said above the chart, not only in the inputs panel, since its
 * levels sit around that old price (a Bybit map without Bybit's stream drew a year-old price).
 */
export function profileFigureWarning(f: UsedFigures | null | undefined, exchange: string): string[] {
  if (!f || f.source !== 'profile' || f.ageMs < PROFILE_FIGURE_WARN_MS) return [];
  const why = f.why ?? `No ${exchange} figure yet`;
  return [`${why[0].toUpperCase()}${why.slice(1)}, so ${exchange}'s open interest and price are its profile's latest record, ${formatAge(f.ageMs)} old (${formatUtc(f.time)}): the levels sit around that price, not today's.`];
}

export function tiersText(tiers: readonly Tier[]): string {
  return tiers.map((t) => `${t.leverage}x ${(t.weight * 100).toFixed(1)}%`).join(' · ');
}

/** Whale threshold, split, formula, tiers and mmr, as the params gave them. */
export function settingsRows(p: ModelSettings, splitScope: string): Row[] {
  return [
    { label: 'Whale threshold', value: p.whaleThreshold === 0 ? 'all trades' : `≥ ${formatUsd(p.whaleThreshold)}` },
    { label: 'Long/short split', value: p.split === 'taker' ? `by taker flow ${splitScope}` : '50 / 50' },
    { label: 'Formula', value: p.formula === 'exact' ? 'exact isolated-margin liquidation price' : 'reference approximation' },
    { label: 'Tiers', value: tiersText(p.tiers) },
    { label: 'Maintenance margin rate', value: `${(p.mmr * 100).toFixed(3)}%` },
  ];
}

/** Open interest (in `symbol`'s base asset and USD) and mark price the chart used, with where they came from. */
export function figureRows(symbol: string, oiUsd: number, markPrice: number, f: UsedFigures | null): Row[] {
  const oi = f
    ? { label: 'Open interest', value: `${formatOi(f.contracts, symbol)} = ${formatUsd(oiUsd)}`, title: figureSourceText(f) }
    : { label: 'Open interest', value: formatUsd(oiUsd) };
  return [
    oi,
    ...(f ? [{ label: 'OI source', value: figureSourceText(f) }] : []),
    { label: 'Mark price', value: formatUsd(markPrice) },
  ];
}

export function monthsRow(months: readonly string[], synthetic: boolean): Row {
  return { label: 'Profile months', value: `${months.join(', ') || 'none'}${synthetic ? ' (synthetic)' : ''}` };
}

/** Months built from daily files (liqmap.days): the days they cover and the days missing, for the window row. */
export function partialText(prepared: Prepared | null): string {
  const parts = (prepared?.partial ?? []).map((p) => `${p.month} from daily files ${p.days.replaceAll('..', '–').replaceAll(',', ', ')}${p.missing.length ? `, missing ${p.missing.join(', ')}` : ''}`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

/** Warnings both views give: synthetic data, a price far from the profile's last close, days without data. */
export function commonWarnings(markPrice: number, prepared: Prepared | null, synthetic: boolean): string[] {
  const warnings: string[] = [];
  if (synthetic) warnings.push('These profiles are synthetic (generated), not market data: the picture shows how liqmap works, not where real positions are.');
  if (prepared && prepared.lastClose > 0 && Number.isFinite(markPrice) && Math.abs(markPrice / prepared.lastClose - 1) > 0.1) {
    warnings.push(`The mark price (${formatUsd(markPrice)}) is more than 10% away from the profile's last close (${formatUsd(prepared.lastClose)}): the profile may be old or of another market.`);
  }
  const gaps = (prepared?.partial ?? []).flatMap((p) => p.missing);
  if (gaps.length) warnings.push(`Days without trade data (months built from daily files): ${gaps.join(', ')}.`);
  return warnings;
}
