/**
 * Settings that belong to this browser rather than to a link: the Binance API base URL and
 * the profile hosts the user allowed. Kept in localStorage; bad stored values are ignored.
 */
import { DEFAULT_BASE_URL, parseBaseUrl } from '../binance/index.ts';

export interface Settings {
  binanceBase: string;
  /** Hosts that a manifest may name in absolute file URLs. */
  allowedHosts: string[];
}

const KEY = 'liqmap.settings';
const HOST_RE = /^[a-z0-9.-]+(:\d+)?$/;

export function loadSettings(storage: Storage | undefined = globalThis.localStorage): Settings {
  const settings: Settings = { binanceBase: DEFAULT_BASE_URL, allowedHosts: [] };
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as Partial<Settings>;
    const base = typeof raw.binanceBase === 'string' ? parseBaseUrl(raw.binanceBase) : undefined;
    if (base?.ok) settings.binanceBase = base.url;
    if (Array.isArray(raw.allowedHosts)) settings.allowedHosts = raw.allowedHosts.filter((h) => typeof h === 'string' && HOST_RE.test(h));
  } catch {
    // Unreadable settings (private mode, corrupt JSON): defaults.
  }
  return settings;
}

export function saveSettings(settings: Settings, storage: Storage | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
}
