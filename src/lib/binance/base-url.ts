/** The user-set API base URL: Binance by default, or any same-shape proxy. */

export const DEFAULT_BASE_URL = 'https://fapi.binance.com';

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Validates a typed base URL (REST, archive, or with `schemes` ['wss:', 'ws:'] a WebSocket base).
 * Blank means the default. No credentials, query or fragment (the client appends paths and its
 * own query); a path prefix is kept (a proxy may live under one). Trailing slashes are stripped.
 */
export function parseBaseUrl(input: string, fallback = DEFAULT_BASE_URL, label = 'API base URL', schemes = ['https:', 'http:']): BaseUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: true, url: fallback };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `"${text}" is not a URL; it should look like ${fallback}` };
  }
  if (!schemes.includes(url.protocol)) {
    return { ok: false, error: `${label} must start with ${schemes.map((x) => `${x}//`).join(' or ')}, not ${url.protocol}//` };
  }
  if (url.username || url.password) {
    return { ok: false, error: `${label} must not contain a user name or password` };
  }
  if (url.search || text.includes('?')) {
    return { ok: false, error: `${label} must not contain a query (?…); the app adds its own` };
  }
  if (url.hash || text.includes('#')) {
    return { ok: false, error: `${label} must not contain a fragment (#…)` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}
