/** Bybit's month jobs as the import worker runs them (loaded there only: the page does not carry the build). */
import type { MonthJobs } from '../../types.ts';
import { BYBIT_API_BASE_URL, BYBIT_ARCHIVE_BASE_URL } from '../archive/names.ts';
import { importBybitFetched, importBybitGiven } from './import-job.ts';

export const bybitMonthJobs: MonthJobs = {
  given: (symbol, month, parts, onProgress) => importBybitGiven(symbol, month, { dumps: parts.dumps ?? [], oi: parts.oi ?? [] }, onProgress),
  fetched: (plan, hosts, fetchFn, onProgress, signal) =>
    importBybitFetched(plan, hosts.bybitArchiveBase ?? BYBIT_ARCHIVE_BASE_URL, hosts.bybitApiBase ?? BYBIT_API_BASE_URL, fetchFn, onProgress, signal),
};
