/**
 * Bybit's open-interest history answer (GET /v5/market/open-interest, docs/bybit.md): one
 * page's records and the cursor of the next. liqmap's OI is one side, as Binance's is: the
 * rule is bybitOneSideOi's, the same for the live tickers.
 */
import { bybitOneSideOi } from '../live/bybit-messages.ts';
import { bybitOiUrl } from './names.ts';

export interface BybitOiRecord {
  /** Start of the 5-minute interval, ms. */
  time: number;
  /** One side's open interest, base units. */
  oneSide: number;
}

export interface BybitOiPage {
  records: BybitOiRecord[];
  /** Empty when this was the last page. */
  nextCursor: string;
}

interface OiItem {
  openInterest?: unknown;
  singleOpenInterest?: unknown;
  timestamp?: unknown;
}

/** Parses one answer; throws an Error naming `where` and the problem (Bybit's retMsg when retCode != 0). */
export function parseBybitOiPage(text: string, where: string): BybitOiPage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: the answer is not JSON ("${text.slice(0, 120)}")`);
  }
  const o = json as { retCode?: unknown; retMsg?: unknown; result?: { list?: unknown; nextPageCursor?: unknown } };
  if (typeof o !== 'object' || o === null || o.retCode === undefined) throw new Error(`${where}: the answer has no retCode`);
  if (o.retCode !== 0) throw new Error(`${where}: Bybit answered retCode ${String(o.retCode)}: ${String(o.retMsg ?? '')}`);
  const list = o.result?.list;
  if (!Array.isArray(list)) throw new Error(`${where}: the answer has no result.list`);
  const records: BybitOiRecord[] = [];
  for (const [i, raw] of (list as OiItem[]).entries()) {
    const time = Number(raw?.timestamp);
    const oneSide = bybitOneSideOi(raw ?? {});
    if (!Number.isSafeInteger(time) || !(oneSide >= 0)) {
      throw new Error(`${where}: result.list[${i}] is not an open-interest record (${JSON.stringify(raw).slice(0, 120)})`);
    }
    records.push({ time, oneSide });
  }
  const cursor = o.result?.nextPageCursor;
  return { records, nextCursor: typeof cursor === 'string' ? cursor : '' };
}

/** A day's pages as the builder keeps them (docs/bybit.md): the answers as received. */
export interface BybitOiDayFile {
  symbol: string;
  day: string;
  pages: unknown[];
}

/** The records of a kept day file, oldest first, without repeats; throws naming `where`. */
export function bybitOiDayRecords(text: string, where: string): BybitOiRecord[] {
  let file: BybitOiDayFile;
  try {
    file = JSON.parse(text) as BybitOiDayFile;
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  if (!file || !Array.isArray(file.pages)) throw new Error(`${where}: no pages`);
  const byTime = new Map<number, number>();
  file.pages.forEach((p, i) => {
    for (const r of parseBybitOiPage(JSON.stringify(p), `${where} page ${i + 1}`).records) byTime.set(r.time, r.oneSide);
  });
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([time, oneSide]) => ({ time, oneSide }));
}

/** More pages than a day can have (288 records, 200 a page): a cursor that never ends is an error. */
const MAX_PAGES = 20;

/**
 * One UTC day's open-interest history, page by page along nextPageCursor (the builder's and the
 * browser's pager): the answers as received, ready to keep as a BybitOiDayFile. `getText` asks
 * for one URL (the caller's HTTP rules); a bad page or retCode != 0 throws naming the URL.
 */
export async function fetchBybitOiDay(getText: (url: string) => Promise<string>, apiBase: string, symbol: string, day: string): Promise<{ pages: unknown[]; records: number }> {
  const start = Date.parse(`${day}T00:00:00Z`);
  const pages: unknown[] = [];
  let records = 0;
  let cursor = '';
  do {
    if (pages.length >= MAX_PAGES) throw new Error(`${symbol} ${day} open interest: more than ${MAX_PAGES} pages for one day; the API's cursor does not end`);
    const url = bybitOiUrl(apiBase, symbol, start, start + 86_400_000 - 1, cursor);
    const text = await getText(url);
    const page = parseBybitOiPage(text, url);
    pages.push(JSON.parse(text));
    records += page.records.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { pages, records };
}
