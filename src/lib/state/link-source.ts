/**
 * A profile source that arrives with a link (`?source=` in the page's URL) is not fetched
 * until the user confirms its host on a banner: a link must not make the page download from,
 * and announce the visitor to, a host they never chose. No confirmation is asked for the
 * site's own origin, the build's default source, or a host this browser confirmed before
 * (by the banner, or by typing a source in the Data view): those are kept in the settings as
 * `confirmedSources` (origins).
 *
 * public/csp.js applies the same rule to the Content-Security-Policy (it runs before any module
 * and cannot import this file): it lists a `?source=` origin only when it is in `confirmedSources`.
 */
import { defaultManifestUrl } from '../data/default-source.ts';
import { loadSettings, saveSettings, type Settings } from './settings.ts';
import type { ViewState } from './view-state.ts';

/** "https://data.example.org" of a source URL, or null when it is not an http(s) URL. */
export function sourceOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Whether a source read from the URL must be confirmed before it is fetched. */
export function needsConfirmation(source: string | null, confirmed: readonly string[], pageUrl: string): boolean {
  if (source === null) return false;
  const origin = sourceOrigin(source);
  if (origin === null) return true;
  if (origin === new URL(pageUrl).origin || source === defaultManifestUrl(pageUrl)) return false;
  return !confirmed.includes(origin);
}

/**
 * The view to open from a URL: an unconfirmed link source is held back (the current source,
 * that is the default, is used meanwhile) and returned as `pending` for the banner.
 */
export function holdLinkSource(state: ViewState, settings: Pick<Settings, 'confirmedSources'>, pageUrl: string): { state: ViewState; pending: string | null } {
  if (!needsConfirmation(state.source, settings.confirmedSources ?? [], pageUrl)) return { state, pending: null };
  return { state: { ...state, source: null }, pending: state.source };
}

/** Remembers the source's origin as confirmed in this browser; false when settings cannot be kept. */
export function confirmSource(source: string): boolean {
  const origin = sourceOrigin(source);
  if (origin === null) return false;
  const settings = loadSettings();
  const confirmed = settings.confirmedSources ?? [];
  if (confirmed.includes(origin)) return true;
  return saveSettings({ ...settings, confirmedSources: [...confirmed, origin] });
}
