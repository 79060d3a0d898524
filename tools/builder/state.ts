/**
 * What the builder remembers in the output folder (`.liqmap-build.json`): each zip's
 * sha256 by size and mtime (so unchanged inputs are not re-hashed), and per symbol-month the
 * inputs and builder version it was built from and the files it wrote. The manifest is
 * written from it, so it lists every month present.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './parquet-out.ts';

/** Bump when the output of the same inputs changes; every month is then rebuilt. */
export const BUILDER_VERSION = 'liqmap-builder/3';
export const STATE_FILE = '.liqmap-build.json';

// The app's manifest reader owns the entry's shape; the builder writes exactly that.
import type { ManifestEntry } from '../../src/lib/data/manifest.ts';
import { DEFAULT_EXCHANGE, type ProfileKind } from '../../src/lib/data/profile-schema.ts';
import type { ExchangeId } from '../../src/lib/live/events.ts';

export type { ProfileKind };
export type ManifestFile = Omit<ManifestEntry, 'url'>;

/** An input as liqmap.source and the build state name it: a zip by its sha256, a bare CSV by its fingerprint. */
export interface SourceFile {
  name: string;
  sha256?: string;
  /** Bare CSVs: csvFingerprint (size, time, first and last MiB), so they are never read twice. */
  fingerprint?: string;
}

export interface MonthState {
  symbol: string;
  month: string;
  builder: string;
  sources: SourceFile[];
  synthetic: boolean;
  files: ManifestFile[];
}

export interface BuildState {
  hashes: Record<string, { bytes: number; mtimeMs: number; sha256: string }>;
  months: Record<string, MonthState>;
}

/** A symbol-month's key in the state; Binance's keep their first form, so old states stay valid. */
export function monthKey(symbol: string, month: string, exchange: ExchangeId = DEFAULT_EXCHANGE): string {
  return exchange === DEFAULT_EXCHANGE ? `${symbol} ${month}` : `${exchange} ${symbol} ${month}`;
}

export async function loadState(outDir: string): Promise<BuildState> {
  try {
    const s = JSON.parse(await readFile(join(outDir, STATE_FILE), 'utf8')) as BuildState;
    if (s && typeof s.hashes === 'object' && typeof s.months === 'object') return s;
  } catch {
    // No state yet, or unreadable: build everything.
  }
  return { hashes: {}, months: {} };
}

export async function saveState(outDir: string, state: BuildState): Promise<void> {
  await writeFileAtomic(join(outDir, STATE_FILE), `${JSON.stringify(state, null, 1)}\n`);
}

/** True when the month's recorded outputs are all still on disk, unchanged. */
export async function outputsIntact(outDir: string, m: MonthState): Promise<boolean> {
  for (const f of m.files) {
    try {
      const bytes = await readFile(join(outDir, f.path));
      if (bytes.length !== f.bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Before a month's new files replace its old ones: the month leaves the state and the manifest,
 * so that a run stopped while writing them (a crash, a full disk) never leaves a manifest
 * naming a file it does not describe (the pipeline's merge refuses such a folder whole).
 * The month comes back with its new files (saveMonth).
 */
export async function unlistMonth(outDir: string, state: BuildState, key: string): Promise<void> {
  if (!state.months[key]) return;
  delete state.months[key];
  await saveState(outDir, state);
  await writeManifest(outDir, state);
}

/** After each month: the state and the manifest both list what is on disk. */
export async function saveMonth(outDir: string, state: BuildState): Promise<void> {
  await saveState(outDir, state);
  await writeManifest(outDir, state);
}

export function sameSources(a: SourceFile[], b: SourceFile[]): boolean {
  const key = (l: SourceFile[]) => l.map((s) => `${s.name}:${s.sha256 ?? `~${s.fingerprint}`}`).sort().join('|');
  return key(a) === key(b);
}

export async function writeManifest(outDir: string, state: BuildState, generated = new Date()): Promise<ManifestFile[]> {
  // Entries recorded before profiles named their exchange are Binance's.
  const files = Object.values(state.months)
    .flatMap((m) => m.files)
    .map((f) => ({ ...f, exchange: f.exchange ?? DEFAULT_EXCHANGE }))
    .sort(manifestOrder);
  await writeManifestFile(join(outDir, 'manifest.json'), files, generated);
  return files;
}

const KIND_ORDER: Record<ProfileKind, number> = { volume: 0, candles: 1, oi: 2 };

/** Manifest entries in their written order: exchange, symbol, month, kind. */
export function manifestOrder(a: ManifestFile, b: ManifestFile): number {
  return a.exchange.localeCompare(b.exchange) || a.symbol.localeCompare(b.symbol) || a.month.localeCompare(b.month)
    || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

export async function writeManifestFile(path: string, files: ManifestFile[], generated = new Date()): Promise<void> {
  const manifest = { schema: 1, generated: generated.toISOString().replace(/\.\d{3}Z$/, 'Z'), files };
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
