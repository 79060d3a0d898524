/** What `levels` and `heatmap` share: refusing bad input, preparing the symbol, the figures, the JSON `inputs`. */
import type { Prepared } from '../../src/lib/engine/api.ts';
import type { ExchangeId } from '../../src/lib/live/events.ts';
import type { Statement } from '../../src/lib/state/statement.ts';
import { profileFigures, type ExchangeUsedFigures, type UsedFigures } from '../../src/lib/state/used-figures.ts';
import { resolveFigures, type FigureOptions } from './figures.ts';
import type { OpenedSource } from './node-engine.ts';
import type { ModelOptions, Namer } from './options.ts';

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
  if (!src.catalog.symbols.some((s) => s.symbol === symbol)) {
    throw new BadInput([`${name('symbol')} "${symbol}": the source ${src.label} has no profiles for it (it offers ${src.catalog.symbols.map((s) => s.symbol).join(', ')}).`]);
  }
  const prepared = await src.engine.prepare(symbol, days, undefined, o.exchanges);
  const { figures, note } = await resolveFigures(symbol, o.manual, prepared, fig);
  const now = Date.now();
  const perExchange = o.exchanges.map((id) => ({
    id, figures: id === 'binance' ? figures : profileFigures(prepared.exchanges?.find((e) => e.id === id), now),
  }));
  const notes = [...prepared.problems.map(src.local), note];
  for (const e of perExchange) if (e.id !== 'binance') notes.push(e.figures ? `${e.id}: open interest and price from its profile's latest record` : `${e.id}: no open interest record in its profile`);
  if (prepared.missing.length) notes.push(`months missing from the source: ${prepared.missing.join(', ')}`);
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
