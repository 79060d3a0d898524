/**
 * The one place the command line builds its Engine: the app's engine with Node's deps (an
 * in-memory profile cache and manifest memory, and a fetch that also reads a local folder).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Engine } from '../../src/lib/engine/engine.ts';
import { memoryCache } from '../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../src/lib/data/saved-manifests.ts';
import type { Catalog } from '../../src/lib/engine/api.ts';

/**
 * A local folder is offered to the engine under this origin: manifests must be http(s) and
 * their entries stay inside the manifest's folder (src/lib/data/manifest.ts), so the folder's
 * files keep exactly the rules of a served source.
 */
const FOLDER_ORIGIN = 'http://local-folder.liqmap/';

/**
 * Node's fetch reuses kept-alive sockets that a server may close at that very moment (its
 * keep-alive timeout), failing with "fetch failed"; the browser retries those by itself.
 */
export const retriedFetch: typeof globalThis.fetch = async (input, init) => {
  try {
    return await globalThis.fetch(input, init);
  } catch (e) {
    if (!(e instanceof TypeError) || init?.signal?.aborted) throw e;
    return globalThis.fetch(input, init);
  }
};

/** A fetch that answers FOLDER_ORIGIN URLs from `dir` and everything else from the network. */
export function folderFetch(dir: string | null, net: typeof globalThis.fetch = retriedFetch): typeof globalThis.fetch {
  if (dir === null) return net;
  const root = resolve(dir);
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(FOLDER_ORIGIN)) return net(input, init);
    const rel = decodeURIComponent(new URL(url).pathname.slice(1));
    const file = resolve(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return new Response('outside the source folder', { status: 403 });
    try {
      return new Response(new Uint8Array(await readFile(file)));
    } catch (e) {
      return new Response(`${file}: ${(e as Error).message}`, { status: 404 });
    }
  }) as typeof globalThis.fetch;
}

export interface OpenedSource {
  engine: Engine;
  catalog: Catalog;
  /** What the user gave: the folder or the manifest URL. */
  label: string;
  /** `text` with the folder's internal URLs written as file paths. */
  local(text: string): string;
}

/** `source` is a folder holding manifest.json, or an http(s) URL of a manifest. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** `cacheBytes`: the most the files' bytes kept in memory may hold (least recently used go first); unbounded if absent. */
export function makeEngine(source: string, cacheBytes?: number): Engine {
  return new Engine({
    openCache: async () => memoryCache({ maxBytes: cacheBytes }),
    manifests: memoryManifestMemory(),
    fetch: folderFetch(isUrl(source) ? null : source),
  });
}

/**
 * The folder of a local source: `source` itself, or the folder of a manifest.json given by its
 * path (as a URL source names its manifest). A missing one is said in the command line's terms,
 * not as the app's "HTTP 404, no copy saved in this browser".
 */
export async function sourceFolder(source: string): Promise<string> {
  const what = await stat(source).catch((e: NodeJS.ErrnoException) => e);
  if (!(what instanceof Error) && what.isFile() && basename(source) === 'manifest.json') return dirname(source);
  const manifest = join(source, 'manifest.json');
  const problem = what instanceof Error ? `${source} does not exist` : !what.isDirectory() ? `${source} is not a folder` : (await stat(manifest).then((m) => m.isFile(), () => false)) ? null : `${source} holds no manifest.json`;
  if (problem) throw new Error(`--source: ${problem}. Give the folder that "npm run profiles -- --out DIR" wrote (or public/sample after "npm run sample"), or the http(s) URL of a manifest.json.`);
  return source;
}

/**
 * A URL whose last path segment has no file extension names a folder (`…/profiles/` or
 * `…/profiles`): its manifest.json is meant, as for a local folder.
 */
export function manifestUrl(url: string): string {
  const u = new URL(url);
  if (/\.[a-z0-9]+$/i.test(u.pathname.split('/').pop() ?? '')) return url;
  u.pathname = `${u.pathname.replace(/\/*$/, '')}/manifest.json`;
  return u.href;
}

export async function openSource(given: string, cacheBytes?: number): Promise<OpenedSource> {
  const source = isUrl(given) ? manifestUrl(given) : await sourceFolder(given);
  const engine = makeEngine(source, cacheBytes);
  const url = isUrl(source) ? source : `${FOLDER_ORIGIN}manifest.json`;
  const local = (text: string) => (isUrl(source) ? text : text.replaceAll(FOLDER_ORIGIN, join(source, '/')));
  const catalog = await engine.openSource(url, []);
  // The engine's words are the page's: no copy of a manifest is ever saved here.
  const problems = catalog.problems.map((p) => p.replace(', and no copy is saved in this browser', ''));
  if (!catalog.symbols.length) {
    const todo = problems.length
      ? isUrl(source) ? ' Check the URL (a manifest.json, or the folder holding it) and that this machine reaches it (network, proxy, firewall), or give a local folder.' : ' Rebuild the folder (npm run profiles) or give another one.'
      : ` Build profiles into it (npm run profiles -- --in <archive> --out ${given}).`;
    throw new Error(local(`The source ${given} offers no profiles: ${problems.join(' ') || 'its manifest lists none.'}${todo}`));
  }
  return { engine, catalog, label: given, local };
}
