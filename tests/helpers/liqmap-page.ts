/**
 * Browser-test helpers for the Data view and offline tests: profile folders served by a second
 * static server, market-like profile rows, and page probes (map drawn, IndexedDB contents).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sha256Hex } from '../../src/lib/data/hash.ts';
import type { ProfileKind } from '../../src/lib/data/profile-schema.ts';
import { DEAD_STREAMS } from '../mock/stream-mock.ts';
import { monthStart, writeProfile, type ProfileRow, type WriteOptions } from './profile-writers.ts';
import type { MapSeries, MapSpec } from '../../src/lib/charts/liquidation-map-figure.ts';

const HOUR = 3_600_000;
const SIZES = [0, 10_000, 100_000, 500_000, 1_000_000];

/**
 * Hourly volume over `hours` hours around `base`, `spread` bins either side, in every size
 * bucket (whale filters find trades); irregular amounts, so files compress like real ones.
 */
export function marketVolumeRows(month: string, hours: number, base: number, step = 10, spread = 3): ProfileRow[] {
  const rows: ProfileRow[] = [];
  for (let h = 0; h < hours; h++) {
    const centre = base + Math.round(Math.sin(h / 7) * 20) * step;
    for (let b = -spread; b <= spread; b++) {
      for (const side of ['buy', 'sell']) {
        for (const size_min of SIZES) {
          const price_bin = centre + b * step;
          const notional = (size_min || 2_000) * (1 + ((h * 7919 + b * 104_729 + size_min) % 1_000_003) / 1_000_003);
          rows.push({ hour: monthStart(month) + h * HOUR, price_bin, side, size_min, notional, quantity: notional / price_bin, trades: 1 + ((h + b + 4) % 5) });
        }
      }
    }
  }
  return rows;
}

export function marketCandleRows(month: string, hours: number, base: number): ProfileRow[] {
  return Array.from({ length: hours * 12 }, (_, i) => {
    const open = base + Math.round(Math.sin(i / 84) * 200);
    return {
      time: monthStart(month) + i * 300_000, open, high: open + 15, low: open - 15, close: open + 5,
      volume: 10 + (i % 7), quote_volume: (10 + (i % 7)) * open, taker_buy_quote_volume: (5 + (i % 3)) * open, trades: 50 + (i % 11),
    };
  });
}

export function marketOiRows(month: string, hours: number, base: number): ProfileRow[] {
  return Array.from({ length: hours * 12 }, (_, i) => ({
    time: monthStart(month) + i * 300_000, open_interest: 50_000 + i, open_interest_usd: (50_000 + i) * base,
  }));
}

export interface ProfileFile {
  name: string;
  kind: ProfileKind;
  symbol: string;
  month: string;
  bytes: Uint8Array;
  rows: number;
}

/** The three kinds of one symbol-month, written by `writer`. */
export async function monthFiles(symbol: string, month: string, o: { hours: number; base: number; spread?: number } & WriteOptions): Promise<ProfileFile[]> {
  const rows = {
    volume: marketVolumeRows(month, o.hours, o.base, 10, o.spread),
    candles: marketCandleRows(month, o.hours, o.base),
    oi: marketOiRows(month, o.hours, o.base),
  };
  const out: ProfileFile[] = [];
  for (const kind of ['volume', 'candles', 'oi'] as const) {
    const bytes = await writeProfile(kind, rows[kind], { ...o, symbol, month, priceStep: 10 });
    out.push({ name: `${symbol}-${month}.${kind}.parquet`, kind, symbol, month, bytes, rows: rows[kind].length });
  }
  return out;
}

export interface ManifestFile extends ProfileFile {
  /** Lie about the sha256 (the file is refused on download). */
  sha256?: string;
}

/** Write files under `dir/<symbol>/` and a manifest.json (named `manifestName`) listing them by relative path. */
export async function writeProfileFolder(files: ManifestFile[], dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-folder-')), manifestName = 'manifest.json'): Promise<string> {
  const entries = [];
  for (const f of files) {
    const rel = `${f.symbol}/${f.name}`;
    mkdirSync(path.join(dir, f.symbol), { recursive: true });
    writeFileSync(path.join(dir, rel), f.bytes);
    entries.push({ symbol: f.symbol, month: f.month, kind: f.kind, path: rel, bytes: f.bytes.length, sha256: f.sha256 ?? (await sha256Hex(f.bytes)), rows: f.rows, synthetic: true });
  }
  writeFileSync(path.join(dir, manifestName), JSON.stringify({ schema: 1, generated: '2025-12-01T00:00:00Z', files: entries }, null, 1));
  return dir;
}

/** Point the app at the Binance mock (no real network) before any page script runs; other settings stay. */
export async function useBinanceMock(page: Page, mockUrl: string): Promise<void> {
  await page.addInitScript(([url, streams]) => {
    const saved = JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}');
    localStorage.setItem('liqmap.settings', JSON.stringify({ allowedHosts: [], ...streams, ...saved, binanceBase: url }));
  }, [mockUrl, DEAD_STREAMS] as const);
}

export interface DrawnMap {
  bars: number;
  minX: number;
  maxX: number;
}

/** The map's spec (lib/charts/liquidation-map-figure.ts) as traces: bars only where a tier has volume, curves where defined. */
export function mapTraces(spec: MapSpec): { type: string; name: string; x: number[]; y: number[] }[] {
  const pick = (type: string, t: MapSeries, keep: (v: number | null) => boolean) => {
    const at = t.y.flatMap((v, i) => (keep(v) ? [i] : []));
    return { type, name: t.name, x: at.map((i) => spec.x[i]), y: at.map((i) => t.y[i]!) };
  };
  return [
    ...spec.bars.map((b) => pick('bar', b, (v) => !!v)),
    ...spec.curves.map((c) => pick('scatter', c, (v) => v != null)),
    ...spec.realised.map((r) => pick('bar', r, (v) => !!v)),
  ];
}

/** Wait until the liquidation map of `symbol` is drawn with bars; returns what it shows. */
export async function mapDrawn(page: Page, symbol: string): Promise<DrawnMap> {
  const handle = await page.waitForFunction((s) => {
    const el = document.querySelector('.map-view .chart') as (HTMLElement & { chartSpec?: MapSpec }) | null;
    const spec = el?.chartSpec;
    if (!el?.getAttribute('data-drawn') || spec?.xTitle !== `${s} liquidation price`) return null;
    const xs = spec.x.filter((_, i) => spec.bars.some((b) => !!b.y[i]));
    const bars = spec.bars.reduce((n, b) => n + b.y.filter((v) => !!v).length, 0);
    return xs.length ? { bars, minX: Math.min(...xs), maxX: Math.max(...xs) } : null;
  }, symbol, { timeout: 90_000 });
  return (await handle.jsonValue()) as DrawnMap;
}

export async function openView(page: Page, name: 'Liquidation Map' | 'Heatmap' | 'Data'): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
}

export interface StoredFile {
  sha256: string;
  bytes: number;
  source: string;
  symbol: string;
  month: string;
  kind: string;
}

/** The profile cache as IndexedDB holds it (read independently of the app's code). */
export async function storedFiles(page: Page): Promise<StoredFile[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('liqmap');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      if (!db.objectStoreNames.contains('files')) return [];
      const store = db.transaction('files').objectStore('files');
      const all = <T>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
      const keys = (await all(store.getAllKeys())).map(String);
      const values = await all(store.getAll());
      const byKey = new Map(keys.map((k, i) => [k, values[i]]));
      return keys.filter((k) => k.startsWith('entry:')).map((k) => {
        const e = byKey.get(k) as { sha256: string; source: string; symbol: string; month: string; kind: string };
        const bytes = byKey.get(`bytes:${e.sha256}`) as Uint8Array | undefined;
        return { sha256: e.sha256, bytes: bytes?.length ?? -1, source: e.source, symbol: e.symbol, month: e.month, kind: e.kind };
      }).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
    } finally {
      db.close();
    }
  });
}

/** Wait for the service worker to be active and to control this page. */
export async function swControls(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
    return `${reg.scope} ${navigator.serviceWorker.controller!.scriptURL}`;
  });
}

export type ImportLine = { ok: boolean; text: string };

/** The number of the Data view's last archive import (0 before any). */
export const importRun = (page: Page) => page.evaluate(() => Number(document.querySelector('[data-testid="import"]')?.getAttribute('data-run') ?? 0));

/** Waits until the import after run `before` has finished; returns its lines. */
export async function importLines(page: Page, before: number): Promise<ImportLine[]> {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="import"]');
    return Number(el?.getAttribute('data-run') ?? 0) > n && el?.getAttribute('data-running') === 'false';
  }, before, { timeout: 180_000 });
  return page.getByTestId('import-line').evaluateAll((els) => els.map((e) => ({ ok: e.getAttribute('data-ok') === 'true', text: (e.textContent ?? '').trim().replace(/^[✓✗] /, '') })));
}
