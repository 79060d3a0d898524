/**
 * The profile source: the manifest (fetched, or the copy saved in this browser when the network
 * fails), the user's copies in the cache, and the user's choice of copy per month. It answers
 * what is offered and which files a view loads, without fetching the manifest again.
 */
import type { CacheEntry, ProfileCache } from '../data/cache.ts';
import { parseManifest, type Manifest } from '../data/manifest.ts';
import { errorText } from '../data/refusal.ts';
import type { ManifestMemory } from '../data/saved-manifests.ts';
import { formatUtc } from '../format.ts';
import { browserOffline } from '../online.ts';
import type { CatalogFile, SymbolCatalog } from './api.ts';
import { DEFAULT_EXCHANGE } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import { catalogSymbols, chooseCandidates, type Candidate } from './catalog.ts';

export class ProfileSource {
  manifest: Manifest | null = null;
  /** Months ("SYMBOL YYYY-MM") whose source copy the user chose over an upload. */
  private preferRemote = new Set<string>();

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly manifests: ManifestMemory,
    private readonly cache: () => Promise<ProfileCache>,
  ) {}

  /** Counts open() calls: only the latest may set the manifest. */
  private opened = 0;

  /**
   * Read the manifest at `url`; returns plain-text problems (nothing thrown). When another
   * open() starts before this one's answer arrives, this one leaves the manifest to it: a slow
   * answer of the source left behind must not replace the source chosen after it.
   */
  async open(url: string, allowedHosts: string[]): Promise<string[]> {
    const run = ++this.opened;
    const problems: string[] = [];
    const parse = (text: string) => parseManifest(text, url, { allowHosts: allowedHosts });
    let parsed: ReturnType<typeof parse> | undefined;
    let fresh: string | undefined;
    try {
      const response = await this.fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      fresh = await response.text();
      parsed = parse(fresh);
    } catch (e) {
      const saved = await this.manifests.get(url);
      // Offline, "Failed to fetch" would read as a host at fault.
      const why = browserOffline() ? 'the browser is offline' : errorText(e);
      if (!saved) problems.push(`The profile list ${url} could not be read (${why}), and no copy is saved in this browser.`);
      else {
        parsed = parse(saved.text);
        problems.push(`The profile list ${url} could not be read (${why}); using the copy saved ${formatUtc(saved.savedAt)}.`);
      }
    }
    // A list that arrives but is no manifest (a captive portal's page, a half-published file) does
    // not cost the saved copy: that is used, and both are said.
    if (fresh !== undefined && parsed && !parsed.ok) {
      const saved = await this.manifests.get(url);
      const again = saved && parse(saved.text);
      if (again && again.ok) {
        problems.push(`${parsed.message}; using the copy saved ${formatUtc(saved.savedAt)}.`);
        parsed = again;
        fresh = undefined;
      }
    }
    if (run !== this.opened) return [...problems, `The profile list ${url} was left for a source chosen after it.`];
    this.manifest = null;
    if (parsed?.ok) {
      this.manifest = parsed;
      if (fresh !== undefined) await this.manifests.set(url, fresh);
    } else if (parsed) problems.push(parsed.message);
    return problems;
  }

  setPreferRemote(months: readonly string[]): void {
    this.preferRemote = new Set(months);
  }

  files(): CatalogFile[] {
    return (this.manifest?.files ?? []).map(({ exchange, symbol, month, kind, path, bytes, sha256 }) => ({ exchange, symbol, month, kind, path, bytes, sha256 }));
  }

  async symbols(): Promise<SymbolCatalog[]> {
    return catalogSymbols(this.manifest, await this.cached());
  }

  async candidates(symbol: string, months: string[], exchange: ExchangeId = DEFAULT_EXCHANGE): Promise<Candidate[]> {
    return chooseCandidates(this.manifest, await this.cached(), symbol, months, this.preferRemote, exchange);
  }

  private async cached(): Promise<CacheEntry[]> {
    return (await this.cache()).list();
  }
}
