/**
 * Settings that belong to this browser rather than to a link: the Binance API base URL, the
 * importer's hosts (Binance's archive, Bybit's dumps and API) and the profile hosts the user allowed. Kept in localStorage; bad stored values are ignored.
 *
 * Power users (and the browser tests, which cannot wait a minute per refresh) may also store
 * `liveRefreshMs` (how often live figures are asked for; default 60 s) and `liveTimeoutMs`
 * (when a request is abandoned; default 10 s). Values below the floors are raised to them,
 * so a typo cannot make the page hammer Binance; the 429/418 pauses apply whatever is set.
 */
import { DEFAULT_BASE_URL, parseBaseUrl } from '../binance/index.ts';
import { readStreamSettings, type StreamSettings } from '../live/stream-settings.ts';
import { ARCHIVE_BASE_URL } from '../archive/names.ts';
import { IMPORT_HOSTS } from '../../exchanges/app-registry.ts';
import type { HostKey, ImportHost } from '../../exchanges/types.ts';

/**
 * The other exchanges' importer hosts under their own keys (AppExchange.import.hosts: Bybit's
 * bybitArchiveBase for its dumps, bybitApiBase for its OI history); loadSettings sets each.
 */
type ExchangeHosts = Partial<Record<Exclude<HostKey, 'archiveBase'>, string>>;

export interface Settings extends StreamSettings, ExchangeHosts {
  binanceBase: string;
  /** Where the archive importer downloads Binance's public files (data.binance.vision or a mirror). */
  archiveBase: string;
  /** Hosts that a manifest may name in absolute file URLs. */
  allowedHosts: string[];
  /** Live refresh interval in ms (≥ MIN_REFRESH_MS); unset = LiveFigures' default. */
  liveRefreshMs?: number;
  /** Live request timeout in ms (≥ MIN_TIMEOUT_MS); unset = the client's default. */
  liveTimeoutMs?: number;
  /** Origins of profile sources the user confirmed or typed (state/link-source.ts; public/csp.js reads them). */
  confirmedSources?: string[];
  /** Months ("SYMBOL YYYY-MM") held both by the source and as an upload, and which copy to use. */
  preferSource?: SourcePreferences;
}

export type SourcePreferences = Record<string, 'upload' | 'remote'>;
const MONTH_KEY_RE = /^[A-Z0-9]{2,20} \d{4}-\d{2}$/;

export const MIN_REFRESH_MS = 1_000;
export const MIN_TIMEOUT_MS = 500;

/** A finite number raised to `floor`, or undefined for anything else. */
function atLeast(value: unknown, floor: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(Math.round(value), floor) : undefined;
}

const KEY = 'liqmap.settings';
const HOST_RE = /^[a-z0-9.-]+(:\d+)?$/;
/** An http(s) origin as URL.origin writes it: scheme, host, optional port, nothing else. */
const ORIGIN_RE = /^https?:\/\/[a-z0-9.-]+(:\d+)?$/;

export function loadSettings(storage: Storage | undefined = globalThis.localStorage): Settings {
  const settings: Settings = {
    binanceBase: DEFAULT_BASE_URL, archiveBase: ARCHIVE_BASE_URL, allowedHosts: [],
  };
  for (const host of IMPORT_HOSTS) settings[host.key] = host.defaultUrl;
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as Partial<Settings>;
    const base = typeof raw.binanceBase === 'string' ? parseBaseUrl(raw.binanceBase) : undefined;
    if (base?.ok) settings.binanceBase = base.url;
    for (const host of IMPORT_HOSTS) {
      const stored = raw[host.key];
      const check = typeof stored === 'string' ? parseHost(host, stored) : undefined;
      if (check?.ok) settings[host.key] = check.url;
    }
    if (Array.isArray(raw.allowedHosts)) settings.allowedHosts = raw.allowedHosts.filter((h) => typeof h === 'string' && HOST_RE.test(h));
    if (Array.isArray(raw.confirmedSources)) {
      const origins = raw.confirmedSources.filter((o) => typeof o === 'string' && ORIGIN_RE.test(o));
      if (origins.length) settings.confirmedSources = origins;
    }
    const refresh = atLeast(raw.liveRefreshMs, MIN_REFRESH_MS);
    const timeout = atLeast(raw.liveTimeoutMs, MIN_TIMEOUT_MS);
    if (refresh !== undefined) settings.liveRefreshMs = refresh;
    if (timeout !== undefined) settings.liveTimeoutMs = timeout;
    Object.assign(settings, readStreamSettings(raw as Record<string, unknown>));
    if (raw.preferSource && typeof raw.preferSource === 'object') {
      const prefer = Object.entries(raw.preferSource).filter(([k, v]) => MONTH_KEY_RE.test(k) && (v === 'upload' || v === 'remote'));
      if (prefer.length) settings.preferSource = Object.fromEntries(prefer);
    }
  } catch {
    // Unreadable settings (private mode, corrupt JSON): defaults.
  }
  return settings;
}

/** The months ("SYMBOL YYYY-MM") for which the user chose the source's copy over their own, as stored now. */
export function sourcePreferredMonths(storage: Storage | undefined = globalThis.localStorage): string[] {
  return Object.entries(loadSettings(storage).preferSource ?? {}).filter(([, v]) => v === 'remote').map(([k]) => k);
}

/** Checks a typed importer host setting (blank = the host's default). */
export function parseHost(host: ImportHost, input: string) {
  return parseBaseUrl(input, host.defaultUrl, host.label);
}

/** A host setting's value: what is set, else its default. */
export const hostBase = (settings: Settings, host: ImportHost): string => settings[host.key] ?? host.defaultUrl;

export function saveSettings(settings: Settings, storage: Storage | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the Content-Security-Policy in force (public/csp.js, built from the settings at page
 * load) lets the page connect to `url`'s origin; true where no policy was set (tests, dev).
 */
export function policyAllows(url: string, doc: Document | undefined = globalThis.document): boolean {
  const policy = doc?.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  if (!policy) return true;
  const connect = policy.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'connect-src') ?? [];
  const origin = new URL(url).origin;
  return connect.includes(origin) || (origin === globalThis.location?.origin && connect.includes("'self'"));
}

/**
 * Save a setting that the page's Content-Security-Policy reads (public/csp.js lists the hosts
 * at load), then reload so the policy allows it. Returns why it could not be kept, or null.
 */
export function saveAndReload(patch: Partial<Settings>): string | null {
  // Onto what is stored now, not the copy read at start-up: the page may have saved since
  // (a source host confirmed on the banner), and that must not be lost.
  if (!saveSettings({ ...loadSettings(), ...patch })) return 'This browser does not let liqmap keep settings.';
  location.reload();
  return null;
}
