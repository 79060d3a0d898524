/**
 * The last good manifest.json text per URL, so that a remote source still lists its months
 * (all of whose files are cached) with the network off.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

export interface SavedManifest { text: string; savedAt: number }

export interface ManifestMemory {
  get(url: string): Promise<SavedManifest | undefined>;
  set(url: string, text: string): Promise<void>;
}

export function idbManifestMemory(store: UseStore = createStore('liqmap-manifests', 'manifests')): ManifestMemory {
  return {
    get: (url) => get<SavedManifest>(url, store).catch(() => undefined),
    set: (url, text) => set(url, { text, savedAt: Date.now() }, store).catch(() => undefined),
  };
}

export function memoryManifestMemory(): ManifestMemory {
  const saved = new Map<string, SavedManifest>();
  return {
    get: async (url) => saved.get(url),
    set: async (url, text) => { saved.set(url, { text, savedAt: Date.now() }); },
  };
}
