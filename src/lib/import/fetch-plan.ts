/**
 * What to download from the archive for a symbol and months (or the last N days): per month,
 * the monthly aggTrades file where the month is over (its daily files if the monthly one is
 * not published yet), the daily files up to yesterday for the current month, and the daily
 * metrics of every day asked for.
 */
import { daysOfMonth, monthRange } from '../archive/names.ts';

export interface MonthPlan {
  symbol: string;
  month: string;
  /** Try the monthly aggTrades file first (the month is over). */
  monthly: boolean;
  /** Days whose daily files are wanted (aggTrades when there is no monthly file, metrics always). */
  days: string[];
}

const DAY_MS = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `today` is now (ms); nothing from today or later is published yet. */
export function planMonths(symbol: string, from: string, to: string, today: number): MonthPlan[] {
  const yesterday = dayOf(today - DAY_MS);
  const current = dayOf(today).slice(0, 7);
  return monthRange(from, to)
    .filter((m) => m <= current)
    .map((month) => ({ symbol, month, monthly: month < current, days: daysOfMonth(month).filter((d) => d <= yesterday) }))
    .filter((p) => p.days.length > 0);
}

/** The months that hold the last `n` days before today (whole months: profiles are monthly). */
export function planLastDays(symbol: string, n: number, today: number): MonthPlan[] {
  const first = dayOf(today - n * DAY_MS).slice(0, 7);
  const last = dayOf(today - DAY_MS).slice(0, 7);
  return planMonths(symbol, first, last, today);
}
