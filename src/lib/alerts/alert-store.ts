/**
 * What the alerts and the watchlist keep in this browser (localStorage 'liqmap.alerts'): the
 * rule per symbol, the alerts of the last hour (so a reload does not alert again), and the
 * watchlist's symbols. Bad stored values are dropped, never thrown.
 */
import { SYMBOL_RE } from '../data/profile-schema.ts';
import { ALERT_EVERY_MS, ruleProblem, type AlertRule, type FiredAlert } from './alert-rules.ts';

export interface AlertMemory {
  rules: AlertRule[];
  fired: FiredAlert[];
  watchlist: string[];
}

export const ALERTS_KEY = 'liqmap.alerts';
export const MAX_WATCHLIST = 12;

const isFired = (f: unknown): f is FiredAlert => {
  const x = f as FiredAlert;
  return !!x && typeof x.symbol === 'string' && (x.side === 'long' || x.side === 'short') && [x.low, x.high, x.usd, x.price, x.distancePct, x.at].every(Number.isFinite)
    && (x.venue === undefined || typeof x.venue === 'string');
};

export function loadAlertMemory(storage: Storage | undefined = globalThis.localStorage, now = Date.now()): AlertMemory {
  const memory: AlertMemory = { rules: [], fired: [], watchlist: [] };
  try {
    const raw = JSON.parse(storage?.getItem(ALERTS_KEY) ?? '{}') as Partial<AlertMemory>;
    if (Array.isArray(raw.rules)) memory.rules = raw.rules.filter((r) => r && typeof r.symbol === 'string' && SYMBOL_RE.test(r.symbol) && ruleProblem(r) === null);
    if (Array.isArray(raw.fired)) memory.fired = raw.fired.filter((f) => isFired(f) && now - f.at < ALERT_EVERY_MS);
    if (Array.isArray(raw.watchlist)) memory.watchlist = [...new Set(raw.watchlist.filter((s) => typeof s === 'string' && SYMBOL_RE.test(s)))].slice(0, MAX_WATCHLIST);
  } catch {
    // Unreadable (private mode, corrupt JSON): nothing kept.
  }
  return memory;
}

export function saveAlertMemory(memory: AlertMemory, storage: Storage | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(ALERTS_KEY, JSON.stringify(memory));
    return true;
  } catch {
    return false;
  }
}
