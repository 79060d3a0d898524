/**
 * Bybit's open-interest history as its REST API answers it (docs/bybit.md), drawn from the
 * market model: `openInterest` is both sides (twice the model's one side); answers for days
 * from SINGLE_FROM on also carry `singleOpenInterest`, as Bybit's newer answers do.
 */
import { BYBIT_OI_PAGE_LIMIT } from '../archive/names.ts';
import type { BybitOiDayFile } from '../archive/open-interest.ts';
import type { MonthMarket } from '../../../../tools/synth/market.ts';

export const SINGLE_FROM = '2025-10-01';

export interface OiItem {
  openInterest: string;
  singleOpenInterest?: string;
  timestamp: string;
}

/** The 288 records of a day, oldest first. */
export function bybitOiItems(market: MonthMarket, day: string): OiItem[] {
  const start = Date.parse(`${day}T00:00:00Z`);
  const out: OiItem[] = [];
  for (let t = start; t < start + 86_400_000; t += 300_000) {
    const oneSide = market.openInterest[(t - market.start) / 60_000];
    const item: OiItem = { openInterest: (2 * oneSide).toFixed(3), timestamp: String(t) };
    if (day >= SINGLE_FROM) item.singleOpenInterest = oneSide.toFixed(4);
    out.push(item);
  }
  return out;
}

export interface OiQuery {
  symbol: string;
  startTime?: number;
  endTime?: number;
  limit?: number;
  cursor?: string;
}

/** One answer for `items` (any order): those in [startTime, endTime], newest first, one page from the cursor on. */
export function bybitOiAnswer(items: readonly OiItem[], q: OiQuery, serverTime = 0): object {
  const limit = Math.min(BYBIT_OI_PAGE_LIMIT, q.limit ?? 50);
  const below = q.cursor ? Number(q.cursor.replace(/^before-/, '')) : Infinity;
  const hits = items
    .filter((x) => Number(x.timestamp) >= (q.startTime ?? -Infinity) && Number(x.timestamp) <= (q.endTime ?? Infinity) && Number(x.timestamp) < below)
    .sort((a, b) => Number(b.timestamp) - Number(a.timestamp));
  const page = hits.slice(0, limit);
  const nextPageCursor = hits.length > limit ? `before-${page[page.length - 1].timestamp}` : '';
  return {
    retCode: 0, retMsg: 'OK',
    result: { symbol: q.symbol, category: 'linear', list: page, nextPageCursor },
    retExtInfo: {}, time: serverTime,
  };
}

/** A day's pages as the builder keeps them after fetching. */
export function bybitOiDayFile(symbol: string, day: string, items: readonly OiItem[]): BybitOiDayFile {
  const start = Date.parse(`${day}T00:00:00Z`);
  const q = { symbol, startTime: start, endTime: start + 86_400_000 - 1, limit: BYBIT_OI_PAGE_LIMIT };
  const pages: object[] = [];
  let cursor = '';
  do {
    const a = bybitOiAnswer(items, { ...q, cursor }) as { result: { nextPageCursor: string } };
    pages.push(a);
    cursor = a.result.nextPageCursor;
  } while (cursor);
  return { symbol, day, pages };
}
