/**
 * The live panel's summary: the open interest and mark price the charts use for the chosen
 * exchanges (used-figures.ts: OI summed, the first exchange's mark, as a picture of several
 * takes them), where each exchange's came from, and one status line per chosen exchange.
 * Binance's line is its REST state (describeLiveState), said only when Binance is chosen: with
 * Bybit alone, a Binance failure is not what the charts depend on.
 */
import { describeLiveState, type LiveState } from '../binance/index.ts';
import { EXCHANGE_LABELS } from '../data/profile-schema.ts';
import { formatUsd } from '../format.ts';
import { formatOi } from '../data/base-asset.ts';
import { figureSourceText } from '../state/statement.ts';
import type { ExchangeUsedFigures, UsedFigures } from '../state/used-figures.ts';
import type { Prepared } from '../engine/api.ts';
import type { ExchangeId } from './events.ts';
import { APP_EXCHANGES } from '../../exchanges/app-registry.ts';

export interface FigureSummary {
  /** "Open interest", or "Open interest (summed)" for several exchanges. */
  oiLabel: string;
  /** In the symbol's base asset: "80,000 BTC". */
  contracts: string;
  oiUsd: string;
  mark: string;
  /** Per chosen exchange, the source of its figures ('none' while it has none). */
  sources: { exchange: ExchangeId; label: string; source: UsedFigures['source'] | 'none' }[];
  /** One line per chosen exchange, Binance's first; `warn` when one reports a failure. */
  lines: { exchange: ExchangeId; text: string; warn: boolean }[];
}

/** A chosen exchange other than Binance: where its figures come from, with their age. */
function streamLine(label: string, f: UsedFigures | null): string {
  if (!f) return `${label}: no figure yet, and its profile has no OI record: the picture waits, or type the figures in.`;
  const text = figureSourceText(f, label);
  return `${label}: ${f.source === 'profile' ? 'the charts use ' : ''}${text}.`;
}

/**
 * `symbol`: the view's, whose base asset its open interest is counted in. `prepared`: the view's
 * data; an exchange it has no data for is left out of the pictures (exchange-request.ts), so its
 * figures are left out of the sums too, and its line says why.
 */
export function figureSummary(symbol: string, chosen: readonly ExchangeId[], binance: LiveState, used: readonly ExchangeUsedFigures[], now: number, prepared: Pick<Prepared, 'exchanges'> | null = null): FigureSummary {
  const per = chosen.map((id) => {
    const absent = prepared?.exchanges?.find((e) => e.id === id)?.absent;
    return { id, label: EXCHANGE_LABELS[id], absent, figures: absent ? null : used.find((u) => u.id === id)?.figures ?? null };
  });
  const have = per.flatMap((p) => (p.figures ? [p.figures] : []));
  const lines = per.map(({ id, label, absent, figures }) => absent
    ? { exchange: id, text: `${label}: left out of the pictures. ${absent}`, warn: true }
    : id === 'binance'
      ? { exchange: id, text: describeLiveState(binance, now), warn: binance.error !== null }
      // The profile's figures before the first ticker are expected; a stale or OI-less stream is not.
      : { exchange: id, text: streamLine(label, figures), warn: figures === null || figures.why !== undefined });
  return {
    oiLabel: chosen.length > 1 ? 'Open interest (summed)' : 'Open interest',
    contracts: have.length ? formatOi(have.reduce((s, f) => s + f.contracts, 0), symbol) : '—',
    oiUsd: have.length ? formatUsd(have.reduce((s, f) => s + f.oiUsd, 0)) : '—',
    mark: have.length ? formatUsd(have[0].markPrice) : '—',
    sources: per.map(({ id, label, figures }) => ({ exchange: id, label, source: figures?.source ?? 'none' })),
    lines,
  };
}

/** What to say under typed-in OI: only for one exchange whose own OI figure is not liqmap's one side (AppExchange.typedOiHint). */
export function typedOiHint(chosen: readonly ExchangeId[]): string | undefined {
  return chosen.length === 1 ? APP_EXCHANGES[chosen[0]].typedOiHint : undefined;
}
