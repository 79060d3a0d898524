/** `liqmap levels`: the liquidation map of the app for the given options, as CSV or JSON. */
import { mapCsv } from '../../src/lib/export/csv.ts';
import { mapRequest } from '../../src/lib/state/map-controller.ts';
import { mapStatement } from '../../src/lib/state/map-statement.ts';
import type { FigureOptions } from './figures.ts';
import type { OpenedSource } from './node-engine.ts';
import type { ModelOptions, Namer } from './options.ts';
import { BadInput, inputsJson, prepareSymbol } from './prepare.ts';

export interface Output {
  csv(): string;
  json(): unknown;
  notes: string[];
}

export async function levels(src: OpenedSource, o: ModelOptions, name: Namer, fig: FigureOptions): Promise<Output> {
  const ready = await prepareSymbol(src, o, o.view.windowDays, name, fig);
  const { prepared, figures } = ready;
  const request = mapRequest(o.view, figures, prepared, prepared.synthetic, ready.perExchange);
  if (request.kind === 'refused') throw new BadInput(request.problems);
  if (request.kind === 'wait') throw new BadInput([`No open interest or price for ${o.view.symbol}: give ${name('oi')} and ${name('price')}.`]);
  const { params: p } = request;
  const r = await src.engine.computeMap(p);
  const statement = mapStatement(r, p, figures, prepared, prepared.synthetic, o.view.step === null, ready.perExchange);
  if (r.totals.total === 0) {
    // A header and no rows would otherwise read as a failure, or as a market with nothing at risk.
    ready.notes.push(`the map is empty: no trade of $${p.whaleThreshold.toLocaleString('en-US')} or more in the ${p.windowDays}-day window; lower ${name('threshold')} or widen ${name('window')}.`);
  }
  return {
    notes: ready.notes,
    csv: () => mapCsv(r.cells),
    json: () => ({
      levels: Array.from(r.cells.priceBin, (bin, i) => ({ price_bin: bin, side: r.cells.side[i] === 0 ? 'long' : 'short', leverage: r.cells.leverage[i], volume_usd: r.cells.volumeUsd[i] }))
        .filter((l) => l.volume_usd !== 0),
      inputs: inputsJson(src, o.exchanges, ready, statement, {
        symbol: p.symbol, model: p.model, windowDays: p.windowDays, step: p.step, autoStep: o.view.step === null, whaleThreshold: p.whaleThreshold,
        split: p.split, formula: p.formula, tiers: p.tiers, mmr: p.mmr, oiUsd: p.oiUsd, markPrice: p.markPrice,
        window: { from: new Date(r.window.fromHour).toISOString(), to: new Date(r.window.toHour + 3_600_000).toISOString(), hours: r.window.hours, hoursWithData: r.window.hoursWithData },
        entryNotional: r.entryNotional, entryBuyNotional: r.entryBuyNotional, totals: r.totals, months: r.months,
      }),
    }),
  };
}
