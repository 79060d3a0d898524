/** What `levels` and `heatmap` share: refusing bad input, preparing the symbol, the figures, the JSON `inputs`. */
import { EXCHANGE_LABELS } from '../../src/lib/data/profile-schema.ts';
import type { Prepared } from '../../src/lib/engine/api.ts';
import { exchangeMonths } from '../../src/lib/engine/catalog.ts';
import { hasProfileData, nothingLoadedWhy } from '../../src/lib/engine/prepared-data.ts';
import type { ExchangeId } from '../../src/lib/live/events.ts';
import { figureSourceText, type Statement } from '../../src/lib/state/statement.ts';
import { profileFigures, type ExchangeUsedFigures, type UsedFigures } from '../../src/lib/state/used-figures.ts';
import { resolveFigures, type FigureOptions } from './figures.ts';
import type { OpenedSource } from './node-engine.ts';
import { EXCHANGES, type ModelOptions, type Namer } from './options.ts';

/** Input the user can fix (exit 2 on the command line, HTTP 400 from the server). */
export class BadInput extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

export interface Ready {
  prepared: Prepared;
  figures: UsedFigures | null;
  /** Each selected exchange's figures: Binance's as above, the others' from their profile (no REST of theirs here). */
  perExchange: ExchangeUsedFigures[];
  /** Lines for stderr: figures' origin, loading problems. */
  notes: string[];
}

export async function prepareSymbol(src: OpenedSource, o: ModelOptions, days: number, name: Namer, fig: FigureOptions): Promise<Ready> {
  const symbol = o.view.symbol;
  const entry = src.catalog.symbols.find((s) => s.symbol === symbol);
  if (!entry) {
    throw new BadInput([`${name('symbol')} "${symbol}": the source ${src.label} has no profiles for it (it offers ${src.catalog.symbols.map((s) => s.symbol).join(', ')}).`]);
  }
  const offered = EXCHANGES.filter((x) => exchangeMonths(entry, x).length);
  if (!o.exchanges.some((x) => offered.includes(x))) {
    const names = (ids: readonly ExchangeId[]) => ids.map((x) => EXCHANGE_LABELS[x]).join(', ');
    throw new BadInput([`${name('exchanges')} "${o.exchanges.join(',')}": the source ${src.label} has no ${symbol} profiles on ${names(o.exchanges)}; it has them on ${names(offered)}.`]);
  }
  const prepared = await src.engine.prepare(symbol, days, undefined, o.exchanges);
  if (!hasProfileData(prepared)) {
    // Every month it needed was refused (a corrupt or missing file): say which, not just "no data".
    const why = nothingLoadedWhy({ problems: prepared.problems.map(src.local), missing: prepared.missing });
    throw new Error(`No profile month of ${symbol} could be loaded from ${src.label}. ${why}`);
  }
  // Binance's figures (typed in, its REST API, its profile) only when Binance is in the view:
  // a Bybit-only view asks no Binance server and states Bybit's profile figures.
  const binance = o.exchanges.includes('binance') ? await resolveFigures(symbol, o.manual, prepared, fig) : null;
  const now = Date.now();
  const perExchange = o.exchanges.map((id) => ({
    id, figures: id === 'binance' ? binance!.figures : profileFigures(prepared.exchanges?.find((e) => e.id === id), now),
  }));
  const figures = binance ? binance.figures : perExchange[0].figures;
  const notes = [...prepared.problems.map(src.local), ...(binance ? [binance.note] : [])];
  for (const e of perExchange) {
    if (e.id === 'binance') continue;
    const absentWhy = prepared.exchanges?.find((x) => x.id === e.id)?.absent;
    // An exchange without profiles of the symbol is left out of the sum: say that, not "no OI record".
    if (absentWhy) notes.push(`${e.id}: left out of the sum. ${absentWhy}`);
    // As of when, as Binance's line says: a profile's last record can be a year old.
    else notes.push(e.figures ? `${e.id}: open interest and price: ${figureSourceText(e.figures, EXCHANGE_LABELS[e.id])}` : `${e.id}: no open interest record in its profile`);
  }
  // A month the manifest lists but that did not load had a file refused (named above); the others are not in the source.
  const listed = new Set(o.exchanges.flatMap((x) => exchangeMonths(entry, x)));
  const refused = prepared.missing.filter((m) => listed.has(m));
  const absent = prepared.missing.filter((m) => !listed.has(m));
  if (absent.length) notes.push(`months missing from the source: ${absent.join(', ')}`);
  if (refused.length) notes.push(`months not loaded, a file of theirs refused: ${refused.join(', ')}`);
  return { prepared, figures, perExchange, notes };
}

/** Everything the app's statement states, as its rows, plus the same figures as numbers. */
export function inputsJson(src: OpenedSource, exchanges: ExchangeId[], ready: Ready, statement: Statement, numbers: Record<string, unknown>) {
  const f = ready.figures;
  return {
    source: src.label,
    exchanges,
    ...numbers,
    figures: f && { source: f.source, contracts: f.contracts, oiUsd: f.oiUsd, markPrice: f.markPrice, time: new Date(f.time).toISOString() },
    /** What the command line says on stderr: the figures' origin, files refused, months missing. */
    notes: ready.notes,
    statement: { totals: statement.totals, inputs: statement.inputs, warnings: statement.warnings },
  };
}
