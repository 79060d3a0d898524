/**
 * manifest.json of a remote profile folder (docs/profiles.md): parse, check every entry, and
 * resolve each path against the manifest's URL, refusing paths that leave the folder and
 * absolute URLs to hosts not explicitly allowed. Pure functions.
 */
import type { ExchangeId } from '../live/events.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_IDS_TEXT, MONTH_RE, SCHEMA_VERSION, SYMBOL_RE, isExchange, isKind, type ProfileKind } from './profile-schema.ts';
import { refuse, type Refusal } from './refusal.ts';

export interface ManifestEntry {
  symbol: string;
  month: string;
  kind: ProfileKind;
  path: string;
  bytes: number;
  /** Lower-case hex. */
  sha256: string;
  rows: number;
  synthetic: boolean;
  /** Whose trades the file holds; `binance` when the manifest entry has no such field. */
  exchange: ExchangeId;
  /** `path` resolved against the manifest URL. */
  url: string;
}

export interface Manifest {
  ok: true;
  schema: 1;
  generated?: string;
  /** The manifest's own absolute URL. */
  url: string;
  files: ManifestEntry[];
}

export interface ManifestOptions {
  /** Hosts (e.g. "data.example.org") that entries may name in absolute URLs. */
  allowHosts?: readonly string[];
}

type Check = (v: unknown) => boolean;
const isCount: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const FIELDS: Record<Exclude<keyof ManifestEntry, 'url' | 'exchange'>, [Check, string]> = {
  symbol: [(v) => typeof v === 'string' && SYMBOL_RE.test(v), '2-20 capital letters or digits'],
  month: [(v) => typeof v === 'string' && MONTH_RE.test(v), 'YYYY-MM'],
  kind: [isKind, 'volume, candles or oi'],
  path: [(v) => typeof v === 'string' && v.length > 0, 'a relative path'],
  bytes: [isCount, 'a whole number >= 0'],
  sha256: [(v) => typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v), '64 hex digits'],
  rows: [isCount, 'a whole number >= 0'],
  synthetic: [(v) => typeof v === 'boolean', 'true or false'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse manifest.json text fetched from `manifestUrl` (absolute), or refuse it naming the entry and field. */
export function parseManifest(text: string, manifestUrl: string, options: ManifestOptions = {}): Manifest | Refusal {
  const no = (problem: string) => refuse(manifestUrl, problem);
  let base: URL;
  try {
    base = new URL(manifestUrl);
  } catch {
    return no('the manifest URL is not an absolute URL');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return no('it is not JSON');
  }
  if (!isRecord(json)) return no('it is not a JSON object');
  if (json.schema === undefined) return no('field schema is missing');
  if (json.schema !== SCHEMA_VERSION) return no(`schema ${JSON.stringify(json.schema)} is not supported (this app reads schema ${SCHEMA_VERSION})`);
  if (!Array.isArray(json.files)) return no('field files is missing or not a list');

  const files: ManifestEntry[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of json.files.entries()) {
    const at = `files[${i}]`;
    if (!isRecord(raw)) return no(`${at} is not an object`);
    for (const [field, [ok, want]] of Object.entries(FIELDS)) {
      if (raw[field] === undefined) return no(`${at}: field ${field} is missing`);
      if (!ok(raw[field])) return no(`${at}: field ${field} is ${JSON.stringify(raw[field])}, expected ${want}`);
    }
    if (raw.exchange !== undefined && !isExchange(raw.exchange)) {
      return no(`${at}: field exchange is ${JSON.stringify(raw.exchange)}, expected ${EXCHANGE_IDS_TEXT}`);
    }
    const entry = { ...(raw as Omit<ManifestEntry, 'url'>), exchange: (raw.exchange as ExchangeId | undefined) ?? DEFAULT_EXCHANGE };
    const url = resolveEntryUrl(entry.path, base, options.allowHosts ?? []);
    if (!url.ok) return no(`${at}: path ${JSON.stringify(entry.path)} ${url.problem}`);
    for (const key of [`${entry.exchange} ${entry.symbol} ${entry.month} ${entry.kind}`, url.href]) {
      const first = seen.get(key);
      if (first !== undefined) return no(`${at} repeats files[${first}] (${key})`);
      seen.set(key, i);
    }
    files.push({
      symbol: entry.symbol, month: entry.month, kind: entry.kind, path: entry.path, bytes: entry.bytes,
      sha256: entry.sha256.toLowerCase(), rows: entry.rows, synthetic: entry.synthetic, exchange: entry.exchange, url: url.href,
    });
  }
  const generated = typeof json.generated === 'string' ? json.generated : undefined;
  return { ok: true, schema: 1, ...(generated ? { generated } : {}), url: base.href, files };
}

type Resolved = { ok: true; href: string } | { ok: false; problem: string };

/** Where `path` points, if it stays in the manifest's folder or names an allowed host. */
export function resolveEntryUrl(path: string, base: URL, allowHosts: readonly string[]): Resolved {
  if (path.includes('\\')) return { ok: false, problem: 'contains a backslash' };
  const folder = new URL('./', base);
  folder.search = '';
  folder.hash = '';
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('//');
  if (!absolute && path.startsWith('/')) return { ok: false, problem: 'is absolute; paths must be relative to the manifest' };
  if (!absolute && path.split('/').some((s) => safeDecode(s) === '..')) return { ok: false, problem: 'leaves the manifest folder (..)' };
  let url: URL;
  try {
    url = new URL(path, folder);
  } catch {
    return { ok: false, problem: 'is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: `uses ${url.protocol}, expected https` };
  if (url.protocol === 'http:' && base.protocol === 'https:') return { ok: false, problem: 'is plain http under an https manifest' };
  if (url.href.startsWith(folder.href)) return { ok: true, href: url.href };
  const host = url.host.toLowerCase();
  if (absolute && allowHosts.some((h) => h.toLowerCase() === host || h.toLowerCase() === url.hostname.toLowerCase())) {
    return { ok: true, href: url.href };
  }
  return { ok: false, problem: absolute ? `names host ${host}, which is not in the allowed hosts` : 'leaves the manifest folder' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The entries a view needs: one exchange (default binance) and symbol, optionally some months and kinds. */
export function selectEntries(
  manifest: Manifest,
  want: { symbol: string; exchange?: ExchangeId; months?: readonly string[]; kinds?: readonly ProfileKind[] },
): ManifestEntry[] {
  const exchange = want.exchange ?? DEFAULT_EXCHANGE;
  return manifest.files.filter(
    (f) => f.symbol === want.symbol && f.exchange === exchange && (!want.months || want.months.includes(f.month)) && (!want.kinds || want.kinds.includes(f.kind)),
  );
}
