/**
 * Results derived from profile files, kept across visits under keys that name the files'
 * sha256 (engine/first-picture.ts decides what is kept and when it still holds).
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

export interface DerivedMemory {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** IndexedDB; a failing store (private mode, quota) just remembers nothing. */
export function idbDerivedMemory(store: UseStore = createStore('liqmap-derived', 'derived')): DerivedMemory {
  return {
    get: (key) => get(key, store).catch(() => undefined),
    set: (key, value) => set(key, value, store).catch(() => undefined),
  };
}

export function memoryDerivedMemory(): DerivedMemory {
  const kept = new Map<string, unknown>();
  return { get: async (key) => kept.get(key), set: async (key, value) => void kept.set(key, value) };
}
