/**
 * The open interest and price a command uses, by the app's rule (state/used-figures.ts): typed
 * in, else live from Binance's REST API (the app's client), else the profile's latest OI
 * record and close. Where they came from is said on stderr by the caller.
 */
import type { ManualFigures } from '../../src/lib/binance/manual.ts';
import type { LiveFigure, LiveState } from '../../src/lib/binance/live-state.ts';
import { REFRESH_MS } from '../../src/lib/binance/live.ts';
import { binanceSource } from '../../src/lib/live/binance.ts';
import { figureSourceText } from '../../src/lib/state/statement.ts';
import { usedFigures, type UsedFigures } from '../../src/lib/state/used-figures.ts';
import type { Prepared } from '../../src/lib/engine/api.ts';

export interface FigureOptions {
  /** Binance REST base (a proxy or a test server); the app's default otherwise. */
  restBase: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** The server's: one REST answer per symbol serves its requests until the app would ask again. */
  memo?: FigureMemo;
}

export type FigureMemo = Map<string, { at: number; figure: Promise<LiveFigure> }>;

export function liveFigureMemo(): FigureMemo {
  return new Map();
}

export interface Figures {
  figures: UsedFigures | null;
  /** One line for stderr: where the figures came from, and why not live when they are not. */
  note: string;
}

function liveFigure(symbol: string, o: FigureOptions, now: number): Promise<LiveFigure> {
  const kept = o.memo?.get(symbol);
  if (kept && now - kept.at < REFRESH_MS) return kept.figure;
  const figure = fetchFigure(symbol, o, now);
  o.memo?.set(symbol, { at: now, figure });
  return figure;
}

async function fetchFigure(symbol: string, o: FigureOptions, now: number): Promise<LiveFigure> {
  const timeoutMs = o.timeoutMs ?? 8_000;
  const a = await binanceSource.fetchFigures!(o.restBase, symbol, { fetch: o.fetch, timeoutMs, signal: AbortSignal.timeout(timeoutMs), now: Date.now });
  return { symbol, source: 'live', contracts: a.contracts, markPrice: a.markPrice, oiUsd: a.contracts * a.markPrice, time: a.oiTime, ageMs: Math.max(0, now - a.oiTime) };
}

export async function resolveFigures(symbol: string, manual: ManualFigures | null, prepared: Prepared, o: FigureOptions): Promise<Figures> {
  const now = Date.now();
  let figure: LiveFigure | null = null;
  let why = '';
  if (manual) {
    // Typed in for this run: as of now, not of when the options were read.
    figure = { symbol, source: 'manual', contracts: manual.contracts, markPrice: manual.markPrice, oiUsd: manual.oiUsd, time: now, ageMs: 0 };
  } else {
    try {
      figure = await liveFigure(symbol, o, now);
    } catch (e) {
      // The app's message speaks of the browser and its Settings; here --binance-rest is the setting.
      const text = (e instanceof Error ? e.message : String(e)).replace(' from this browser', '').replace('network, CORS or regional block', 'network or regional block').replace(/\.? Check the API base URL.*$/s, '');
      why = `Binance REST gave no figure (${text}; --binance-rest sets a proxy); `;
    }
  }
  // The app's own rule, with this figure as the live state's.
  const figures = usedFigures({ figure } as LiveState, prepared, now);
  const note = figures ? `${why}open interest and price: ${figureSourceText(figures)}` : `${why}no open interest: the profile has no OI record either.`;
  return { figures, note };
}
