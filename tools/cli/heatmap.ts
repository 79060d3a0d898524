/** `liqmap heatmap`: the app's heatmap for the given options, as its CSV or as JSON. */
import { matrixCsv } from '../../src/lib/export/csv.ts';
import { daysNeeded, heatmapRequest } from '../../src/lib/state/heatmap-controller.ts';
import { heatmapStatement } from '../../src/lib/state/heatmap-statement.ts';
import { viewMark } from '../../src/lib/state/exchange-request.ts';
import type { FigureOptions } from './figures.ts';
import type { Output } from './levels.ts';
import type { OpenedSource } from './node-engine.ts';
import type { ModelOptions, Namer } from './options.ts';
import { BadInput, inputsJson, prepareSymbol } from './prepare.ts';

const iso = (t: number) => new Date(t).toISOString();

export async function heatmap(src: OpenedSource, o: ModelOptions, name: Namer, fig: FigureOptions): Promise<Output> {
  const view = { ...o.view, view: 'heatmap' as const };
  const ready = await prepareSymbol(src, o, daysNeeded(view), name, fig);
  const { prepared, figures } = ready;
  const request = heatmapRequest(view, figures, prepared, prepared.synthetic, ready.perExchange);
  if (request.kind === 'refused') throw new BadInput(request.problems);
  if (request.kind === 'wait') throw new BadInput([`No open interest for ${view.symbol}: give ${name('oi')} and ${name('price')}.`]);
  const { params: p } = request;
  const r = await src.engine.computeHeatmap(p);
  const price = viewMark(view, figures, ready.perExchange, prepared);
  const statement = heatmapStatement(r, p, figures, price, prepared, prepared.synthetic, undefined, ready.perExchange);
  const n = r.priceBins.length;
  return {
    notes: ready.notes,
    csv: () => matrixCsv(r.times, r.priceBins, r.matrix),
    json: () => ({
      times: Array.from(r.times, iso),
      priceBins: Array.from(r.priceBins),
      matrix: Array.from(r.times, (_, t) => Array.from(r.matrix.subarray(t * n, (t + 1) * n))),
      candles: Array.from(r.times, (t, i) => ({ time: iso(t), open: r.open[i], high: r.high[i], low: r.low[i], close: r.close[i] })),
      liquidated: { long: Array.from(r.consumedLong), short: Array.from(r.consumedShort) },
      inputs: inputsJson(src, o.exchanges, ready, statement, {
        symbol: p.symbol, range: view.range, rangeDays: p.rangeDays, candleMinutes: p.candleMinutes, step: r.step, autoStep: p.step === undefined,
        whaleThreshold: p.whaleThreshold, split: p.split, formula: p.formula, tiers: p.tiers, mmr: p.mmr, oiUsd: p.oiUsd, markPrice: price,
        ...r.inputs, fromTime: iso(r.inputs.fromTime), toTime: iso(r.inputs.toTime),
      }),
    }),
  };
}
