/**
 * The model options of `levels`, `heatmap` and the server's query parameters, read with the
 * app's own rules: each option is handed to the app's URL parser (view-state.ts) under its URL
 * name, so defaults, ranges and messages are the app's. A problem names the option as the user
 * wrote it (`--window` on the command line, `timeframe` in a query).
 */
import { parseViewState, type ViewState } from '../../src/lib/state/view-state.ts';
import { checkManual, type ManualFigures } from '../../src/lib/binance/manual.ts';
import { tierProblems } from '../../src/lib/model/tiers.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_IDS, isExchange, type ExchangeId } from '../../src/lib/data/profile-schema.ts';

/** The user's names (command line and query) and the app's URL name of each model option. */
const VIEW_NAMES: Record<string, string> = {
  symbol: 'symbol', model: 'model', window: 'window', timeframe: 'window', step: 'step', threshold: 'whale',
  split: 'split', formula: 'formula', tiers: 'tiers', mmr: 'mmr', oi: 'oi', price: 'price', range: 'range',
};
/** The seed's API called the OI model "openinterest". */
const MODEL_ALIASES: Record<string, string> = { openinterest: 'oi' };
export const EXCHANGES: readonly ExchangeId[] = EXCHANGE_IDS;
/** Exchanges the engine can combine today (the multi-exchange engine adds the rest). */
const OTHER_NAMES = ['exchanges', 'oi-usd', 'format'];
export const MODEL_OPTION_NAMES = [...Object.keys(VIEW_NAMES), ...OTHER_NAMES];

export interface ModelOptions {
  view: ViewState;
  exchanges: ExchangeId[];
  /** Open interest and price typed in (both or neither), else null: live or profile figures. */
  manual: ManualFigures | null;
  format: 'csv' | 'json';
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** How a problem names an option: `--window` or `parameter "timeframe"`. */
export type Namer = (name: string) => string;
export const flagName: Namer = (name) => `--${name}`;
export const queryName: Namer = (name) => `parameter "${name}"`;

const APP_PROBLEM = /^URL parameter "([^"]+)" = "(.*)" is not (.*); using the default\.$/s;

function exchangesOf(raw: string | undefined, name: Namer): Parsed<ExchangeId[]> {
  if (raw === undefined) return { ok: true, value: [DEFAULT_EXCHANGE] };
  const list = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = list.filter((x) => !isExchange(x));
  if (!list.length || unknown.length) return { ok: false, problems: [`${name('exchanges')} "${raw}" is not a list of ${EXCHANGES.join(', ')}.`] };
  return { ok: true, value: [...new Set(list)] as ExchangeId[] };
}

function positiveNumber(raw: string): number | undefined {
  const n = Number(raw);
  return /^\d*\.?\d+([eE][+-]?\d+)?$/.test(raw) && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** What is asked: the liquidation map (levels) or the heatmap. */
export type ModelCommand = 'levels' | 'heatmap';

/**
 * Options the other command uses and this one does not: refused, not ignored (a --range 7d on
 * levels gave the 30-day map, a --window 7 or --model trades on the heatmap changed nothing).
 */
function unusedHere(command: ModelCommand, get: (name: string) => string | undefined, name: Namer): string[] {
  if (command === 'levels') {
    return get('range') === undefined ? [] : [`${name('range')} is the heatmap's span; the map's lookback is ${name('window')} (days, e.g. 7).`];
  }
  const problems = ['window', 'timeframe'].filter((w) => get(w) !== undefined)
    .map((w) => `${name(w)} is the map's lookback; the heatmap spans ${name('range')} (12h, 24h, 3d, 7d, 30d, 90d, 180d or 1y).`);
  const model = get('model');
  // The heatmap walks open interest: oi (openinterest) is what it does, trades is not.
  if (model !== undefined && (MODEL_ALIASES[model] ?? model) === 'trades') problems.push(`${name('model')} "trades" is the map's; the heatmap always walks open interest (leave ${name('model')} out).`);
  return problems;
}

/** Read the model options of `command` from `get` (argv or a query); `given` lists the names present. */
export function readModelOptions(command: ModelCommand, given: readonly string[], get: (name: string) => string | undefined, name: Namer, defaultFormat: 'csv' | 'json'): Parsed<ModelOptions> {
  const problems: string[] = [];
  for (const g of given) if (!MODEL_OPTION_NAMES.includes(g)) problems.push(`${name(g)} is not an option here.`);
  // Empty would read as absent (the default symbol's answer for symbol=): refused by name.
  for (const g of given) if (MODEL_OPTION_NAMES.includes(g) && get(g)?.trim() === '') problems.push(`${name(g)} is empty: give it a value, or leave it out.`);
  problems.push(...unusedHere(command, get, name));
  const q = new URLSearchParams();
  const userName = new Map<string, string>();
  for (const [user, app] of Object.entries(VIEW_NAMES)) {
    let v = get(user);
    if (v === undefined) continue;
    if (user === 'model') v = MODEL_ALIASES[v] ?? v;
    // Two names of one option (window and timeframe): neither is picked silently.
    if (userName.has(app)) problems.push(`Give ${name(userName.get(app)!)} or ${name(user)}, not both: they are the same option.`);
    q.set(app, v);
    userName.set(app, user);
  }
  if (!q.has('symbol')) problems.push(`${name('symbol')} is required (a symbol like BTCUSDT).`);
  const parsed = parseViewState(`?${q}`);
  for (const p of parsed.problems) {
    const m = APP_PROBLEM.exec(p);
    problems.push(m ? `${name(userName.get(m[1]) ?? m[1])} "${m[2]}" is not ${m[3]}.` : p);
  }
  // Tiers the URL reader takes but the model refuses (weights not summing to 1, a leverage twice)
  // were said in the model's words, without naming the option.
  if (get('tiers') !== undefined && !parsed.problems.some((p) => APP_PROBLEM.exec(p)?.[1] === 'tiers')) {
    for (const p of tierProblems(parsed.state.tiers)) problems.push(`${name('tiers')} "${get('tiers')}": ${p}`);
  }
  const exchanges = exchangesOf(get('exchanges'), name);
  if (!exchanges.ok) problems.push(...exchanges.problems);
  const format = get('format') ?? defaultFormat;
  if (format !== 'csv' && format !== 'json') problems.push(`${name('format')} "${format}" is not csv or json.`);
  const manual = manualFigures(parsed.state, get('oi') !== undefined, get('oi-usd'), name, problems);
  if (manual && exchanges.ok && !exchanges.value.includes('binance')) {
    // As in the app's form, typed-in figures are Binance's; without Binance they would be ignored.
    problems.push(`${name('oi')}, ${name('oi-usd')} and ${name('price')} are Binance's figures, and ${name('exchanges')} "${exchanges.value.join(',')}" leaves Binance out: each exchange's profile figures are used. Leave them out, or add binance.`);
  }
  if (problems.length || !exchanges.ok) return { ok: false, problems };
  return { ok: true, value: { view: { ...parsed.state, exchanges: exchanges.value }, exchanges: exchanges.value, manual, format: format as 'csv' | 'json' } };
}

/** Figures typed in are whole, as in the app: a price with open interest in contracts or USD. */
function manualFigures(view: ViewState, oiGiven: boolean, oiUsdRaw: string | undefined, name: Namer, problems: string[]): ManualFigures | null {
  const oiUsd = oiUsdRaw === undefined ? undefined : positiveNumber(oiUsdRaw);
  if (oiUsdRaw !== undefined && oiUsd === undefined) problems.push(`${name('oi-usd')} "${oiUsdRaw}" is not a positive number of USD.`);
  const oi = view.manualOi ?? undefined;
  if (oi === undefined && oiUsd === undefined && view.manualPrice === null) return null;
  if (oi !== undefined && oiUsdRaw !== undefined) {
    problems.push(`Give ${name('oi')} (contracts) or ${name('oi-usd')} (USD), not both.`);
    return null;
  }
  if (view.manualPrice === null) {
    problems.push(`${name(oi !== undefined ? 'oi' : 'oi-usd')} needs ${name('price')}: typed-in figures are whole (open interest and price).`);
    return null;
  }
  if (oi === undefined && oiUsd === undefined) {
    // A given but refused open interest was named above; the price does not need it named again.
    if (oiUsdRaw === undefined && !oiGiven) problems.push(`${name('price')} needs ${name('oi')} or ${name('oi-usd')}: typed-in figures are whole (open interest and price).`);
    return null;
  }
  const checked = checkManual({ markPrice: view.manualPrice, contracts: oi, oiUsd }, Date.now());
  if (!checked.ok) problems.push(checked.error);
  return checked.ok ? checked.figures : null;
}
