/**
 * The alerts of this page: the rule per symbol and what fired, kept in this browser, checked
 * whenever a mark price arrives (the streamed one for the open symbol, the watchlist's for the
 * others; a WebSocket message is delivered in a background tab, where timers are throttled).
 * A due alert shows in the page and, where the user allowed it, as a system notification.
 * Tabs of the same browser share one memory: a tab takes what another saved (its rules, its
 * alerts, shown here too), and a due alert is decided under a lock held by one tab at a time
 * after reading what the others fired, so two tabs on the same mark do not alert twice.
 */
import type { MapCells } from '../model/types.ts';
import { ALERT_EVERY_MS, alertText, alertTitle, dueAlerts, ruleProblem, type AlertRule, type FiredAlert } from './alert-rules.ts';
import { ALERTS_KEY, loadAlertMemory, saveAlertMemory, MAX_WATCHLIST, type AlertMemory } from './alert-store.ts';
import { clustersOf } from './clusters.ts';

/** What the page shows of past alerts. */
const SHOWN_ALERTS = 5;

export class AlertCenter {
  rules = $state<AlertRule[]>([]);
  watchlist = $state<string[]>([]);
  /** Newest first, for the in-page alert; dismissed ones leave it. */
  shown = $state<FiredAlert[]>([]);
  #fired: FiredAlert[] = [];

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage, private readonly notify: (title: string, body: string, tag: string) => void = systemNotification) {
    const m = loadAlertMemory(storage);
    this.rules = m.rules;
    this.#fired = m.fired;
    this.watchlist = m.watchlist;
    // Another tab saved: its rules and watchlist, and what it fired (not to be fired again here).
    globalThis.addEventListener?.('storage', (e: StorageEvent) => {
      if (e.key !== ALERTS_KEY || e.storageArea !== storage) return;
      const m = loadAlertMemory(storage);
      this.rules = m.rules;
      this.watchlist = m.watchlist;
      this.#adoptFired(m.fired);
    });
  }

  ruleOf(symbol: string): AlertRule | null {
    return this.rules.find((r) => r.symbol === symbol) ?? null;
  }

  /** Saves the rule (replacing the symbol's); returns its problem, or null. */
  setRule(rule: AlertRule): string | null {
    const problem = ruleProblem(rule);
    if (problem) return problem;
    this.rules = [...this.rules.filter((r) => r.symbol !== rule.symbol), rule];
    this.#save();
    return null;
  }

  clearRule(symbol: string): void {
    this.rules = this.rules.filter((r) => r.symbol !== symbol);
    this.#save();
  }

  setWatchlist(symbols: string[]): void {
    this.watchlist = [...new Set(symbols)].slice(0, MAX_WATCHLIST);
    this.#save();
  }

  /**
   * Checks `symbol`'s rule against the clusters of its map at `price`; resolves to what fired.
   * `venue`: the exchanges of that map and mark, said in the alert ("Bybit").
   */
  async check(symbol: string, cells: MapCells, step: number, price: number, venue?: string, now = Date.now()): Promise<FiredAlert[]> {
    const rule = this.ruleOf(symbol);
    if (!rule) return [];
    const clusters = clustersOf(cells, step, rule.minUsd);
    // Most marks have nothing due even by this tab's memory: no lock for them.
    if (dueAlerts(rule, clusters, price, this.#fired, now, venue).length === 0) return [];
    return oneTabAtATime(() => {
      // What other tabs fired up to now (their storage event may still be on its way).
      this.#adoptFired(loadAlertMemory(this.storage, now).fired, now);
      const due = dueAlerts(rule, clusters, price, this.#fired, now, venue);
      if (due.length === 0) return due;
      this.#fired = [...this.#fired.filter((f) => now - f.at < ALERT_EVERY_MS), ...due];
      this.shown = [...[...due].reverse(), ...this.shown].slice(0, SHOWN_ALERTS);
      this.#save();
      for (const a of due) this.notify(alertTitle(a), alertText(a), `${a.symbol}-${a.side}-${a.low}`);
      return due;
    });
  }

  /** Alerts another tab fired: remembered (not fired again here) and shown. */
  #adoptFired(fired: FiredAlert[], now = Date.now()): void {
    const known = new Set(this.#fired.map(firedKey));
    const fresh = fired.filter((f) => !known.has(firedKey(f)));
    if (fresh.length === 0) return;
    this.#fired = [...this.#fired.filter((f) => now - f.at < ALERT_EVERY_MS), ...fresh];
    this.shown = [...[...fresh].reverse(), ...this.shown].slice(0, SHOWN_ALERTS);
  }

  /** Alerts of `symbol` in the last hour (the watchlist's alert state). */
  firedWithinHour(symbol: string, now = Date.now()): number {
    return this.#fired.filter((f) => f.symbol === symbol && now - f.at < ALERT_EVERY_MS).length;
  }

  dismiss(a: FiredAlert): void {
    this.shown = this.shown.filter((x) => x !== a);
  }

  #save(): void {
    const memory: AlertMemory = { rules: this.rules, fired: this.#fired, watchlist: this.watchlist };
    saveAlertMemory(JSON.parse(JSON.stringify(memory)), this.storage);
  }
}

const firedKey = (f: FiredAlert) => `${f.symbol}|${f.side}|${f.low}|${f.high}|${f.at}`;

/** Runs `decide` while no other tab of this browser runs one (Web Locks); directly where there are none. */
function oneTabAtATime<T>(decide: () => T): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('liqmap.alerts', decide) : Promise.resolve().then(decide);
}

/** A system notification where the user allowed them; nothing otherwise. */
function systemNotification(title: string, body: string, tag: string): void {
  try {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body, tag });
  } catch {
    // Some browsers allow notifications only from a service worker: the in-page alert remains.
  }
}
