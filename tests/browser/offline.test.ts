/**
 * The installed app: the service worker precaches the build (shell, workers, the bundled
 * sample's manifest), the app opens and draws with the network off, and a new deployment waits for the
 * user's "Reload" instead of mixing versions. Each test serves the build itself, so it can
 * take the site offline.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { mapDrawn, monthFiles, openView, swControls, useBinanceMock, writeProfileFolder } from '../helpers/liqmap-page.ts';

const distDir = inject('distDir');
const REMOTE = { symbol: 'RMTUSDT', base: 42_000 };

let mock: BinanceMock;
const servers: StaticServer[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mock = await startBinanceMock();
  mock.setFigures(REMOTE.symbol, { openInterest: 50_000, markPrice: REMOTE.base });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  for (const s of servers) await s.close();
  await mock?.close();
});

async function serve(root: string, base?: string): Promise<StaticServer> {
  const s = await startStaticServer(root, base);
  servers.push(s);
  return s;
}

async function freshPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-offline-')));
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await useBinanceMock(page, mock.url);
  return { context, page, errors };
}

/** Candles on the heatmap once it is drawn (its chart code from the precache, months from IndexedDB). */
async function heatmapCandles(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const chart = document.querySelector('.heatmap-view .chart[data-drawn]') as (HTMLElement & { chartSpec?: { times?: ArrayLike<number> } }) | null;
    const candles = chart?.chartSpec?.times?.length ?? 0;
    return chart?.querySelector('canvas') && candles > 0 ? candles : null;
  }, undefined, { timeout: 90_000 });
  return (await handle.jsonValue()) as number;
}

describe('the build as a web app', () => {
  test('manifest and service worker use relative URLs, list PNG icons of the stated sizes, and precache the shell, workers and the sample manifest but not DuckDB-WASM', () => {
    const manifest = JSON.parse(readFileSync(path.join(distDir, 'manifest.webmanifest'), 'utf8'));
    expect(manifest.name).toBe('liqmap');
    expect(manifest.start_url).toBe('./');
    expect(manifest.scope).toBe('./');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const pngs = manifest.icons.filter((i: { type: string }) => i.type === 'image/png');
    expect(pngs.map((i: { sizes: string }) => i.sizes).sort()).toEqual(['192x192', '512x512', '512x512']);
    for (const icon of pngs) {
      const png = readFileSync(path.join(distDir, icon.src));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    expect(readFileSync(path.join(distDir, 'index.html'), 'utf8')).toContain('<link rel="manifest" href="./manifest.webmanifest">');

    const sw = readFileSync(path.join(distDir, 'sw.js'), 'utf8');
    const precached = new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]));
    for (const pattern of [/^assets\/engine\.worker-.*\.js$/, /^index\.html$/]) {
      expect([...precached].some((u) => pattern.test(u)), String(pattern)).toBe(true);
    }
    // The SQL console's DuckDB-WASM is fetched when the console first opens (then cached by a runtime route), never precached.
    for (const pattern of [/duckdb-eh-.*\.wasm$/, /duckdb-browser-eh\.worker-.*\.js$/, /console\.worker-.*\.js$/]) {
      expect([...precached].filter((u) => pattern.test(u)), String(pattern)).toEqual([]);
    }
    const sample = JSON.parse(readFileSync(path.join(distDir, 'sample/manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect(sample.files.length).toBeGreaterThan(0);
    // Profile months are cached in IndexedDB when a view uses them, not precached.
    expect(sample.files.map((f) => `sample/${f.path}`).filter((u) => precached.has(u))).toEqual([]);
    expect(precached.has('sample/manifest.json')).toBe(true);
    // One Plotly build draws the audit; the map and the heatmap are drawn by uPlot in their own
    // chunks and the one they share (uPlot and its styles), precached too, so all work offline.
    expect([...precached].filter((u) => /plotly/.test(u))).toEqual([expect.stringMatching(/^assets\/plotly-cartesian\.min-.*\.js$/)]);
    // Compared by kind: sorted by name, their order would follow the content hashes.
    const kinds = (name: string) => [...precached].map((u) => new RegExp(`^assets/${name}-[^/]*\\.(css|js)$`).exec(u)?.[1]).filter(Boolean).sort();
    expect(kinds('map-canvas')).toEqual(['css', 'js']);
    expect(kinds('heatmap-canvas')).toEqual(['css', 'js']);
    expect(kinds('canvas-chart')).toEqual(['css', 'js']);
    expect([...precached].some((u) => u.startsWith('/') || /^https?:/.test(u))).toBe(false);
  });
});

describe('offline', () => {
  test('after one online visit, a reload with the network off opens the app and draws from cached profiles', async () => {
    const site = await serve(distDir);
    const files = await monthFiles(REMOTE.symbol, '2025-11', { hours: 72, base: REMOTE.base, writer: 'duckdb' });
    const folder = await serve(await writeProfileFolder(files), '/p/');
    const { context, page, errors } = await freshPage();

    // The bundled sample, seen once online: its month is kept in IndexedDB.
    await page.goto(site.url);
    await mapDrawn(page, 'BTCUSDT');
    await page.goto(`${site.url}?symbol=${REMOTE.symbol}&source=${encodeURIComponent(`${folder.url}manifest.json`)}`);
    await page.getByRole('button', { name: 'Load', exact: true }).click(); // confirmed: the reload below does not ask again
    const online = await mapDrawn(page, REMOTE.symbol);
    const control = await swControls(page);
    expect(control).toBe(`${site.url} ${site.url}sw.js`);

    await context.setOffline(true);
    site.setOffline(true);
    folder.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'liqmap' }).waitFor();
    expect(await mapDrawn(page, REMOTE.symbol)).toEqual(online);
    await expect.poll(() => page.locator('.notices').textContent()).toContain('using the copy saved');

    await openView(page, 'Heatmap');
    expect(await heatmapCandles(page)).toBeGreaterThan(0);

    // The bundled sample: its manifest from the service worker's precache, its month from IndexedDB.
    await openView(page, 'Data');
    await page.getByRole('button', { name: 'Use bundled sample' }).click();
    await page.getByRole('combobox', { name: 'Symbol', exact: true }).selectOption('BTCUSDT');
    await openView(page, 'Liquidation Map');
    const sample = await mapDrawn(page, 'BTCUSDT');
    expect(sample.bars).toBeGreaterThan(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('back online', () => {
  test('a month whose download the network cut off comes in once the network is back, without a reload', async () => {
    const site = await serve(distDir);
    const { context, page, errors } = await freshPage();
    await page.goto(site.url);
    await mapDrawn(page, 'BTCUSDT');

    // Offline, a symbol this browser has not kept yet: its downloads fail, and the notices say so.
    await context.setOffline(true);
    site.setOffline(true);
    await page.getByRole('combobox', { name: 'Symbol', exact: true }).selectOption('ETHUSDT');
    const notices = page.locator('.notices');
    await expect.poll(() => notices.textContent(), { timeout: 60_000 }).toMatch(/ETHUSDT-\d{4}-\d{2}\.volume\.parquet could not be downloaded: the browser is offline; it is asked for again once it is back online/);
    // Not BTCUSDT's picture left under ETHUSDT: the view says nothing of ETHUSDT loaded.
    const unavailable = page.getByTestId('view-unavailable');
    await expect.poll(() => unavailable.getByRole('alert').textContent(), { timeout: 30_000 }).toBe('No profile month of ETHUSDT could be loaded: the files and why are listed above.');
    expect(await page.locator('.map-view .chart').count()).toBe(0);

    site.setOffline(false);
    await context.setOffline(false);
    expect((await mapDrawn(page, 'ETHUSDT')).bars).toBeGreaterThan(0);
    expect(await notices.count() ? await notices.textContent() : '').not.toContain('could not be downloaded');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('the offline note', () => {
  test('on a phone it is a bar along the screen\'s bottom: the page is not pushed down, its end scrolls clear of the bar, and it goes away by itself', async () => {
    const site = await serve(distDir);
    const { page, errors } = await freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    // Where the note and the page are the moment it shows (it goes by itself: no waiting on it).
    await page.addInitScript(() => {
      const w = window as unknown as { noteSeen?: unknown };
      new MutationObserver((_, observer) => {
        const note = document.querySelector('[data-testid="offline-ready"]');
        if (!note) return;
        observer.disconnect();
        const r = note.getBoundingClientRect();
        const main = document.querySelector('main')!.getBoundingClientRect();
        w.noteSeen = {
          note: [r.left, r.top, r.right, r.bottom], screen: [innerWidth, innerHeight],
          headerTop: document.querySelector('header')!.getBoundingClientRect().top,
          // The page's end and the document's, from the top of the document.
          pageEnd: main.bottom + scrollY, documentEnd: document.documentElement.scrollHeight,
          button: note.querySelector('button')?.textContent ?? '',
        };
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(site.url);
    await mapDrawn(page, 'BTCUSDT');
    type Seen = { note: number[]; screen: number[]; headerTop: number; pageEnd: number; documentEnd: number; button: string };
    const seen = await (await page.waitForFunction(() => (window as unknown as { noteSeen?: unknown }).noteSeen, undefined, { timeout: 60_000 })).jsonValue() as Seen;
    expect(seen.button).toBe('OK');
    const [l, t, r, b] = seen.note;
    // Across the screen, on its bottom edge; the header stays at the top (the bar pushed it 39 px down).
    expect([l, r, b]).toEqual([0, seen.screen[0], seen.screen[1]]);
    expect(b - t).toBeGreaterThan(20);
    expect(seen.headerTop).toBe(0);
    // The document reaches past the page's end by the bar's height: scrolled to the end, nothing lies under it.
    expect(seen.documentEnd - seen.pageEnd).toBeGreaterThanOrEqual(b - t - 1); // scrollHeight is a whole number
    await expect.poll(() => page.getByTestId('offline-ready').count(), { timeout: 30_000 }).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('updates', () => {
  test('on a phone the prompt is out of reach while the settings dialog is open (inert, no focus, not read), and back once it closes', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'liqmap-deploy-'));
    cpSync(distDir, root, { recursive: true });
    const site = await serve(root);
    const { page, errors } = await freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url);
    await swControls(page);
    await mapDrawn(page, 'BTCUSDT');
    const sw = readFileSync(path.join(root, 'sw.js'), 'utf8');
    writeFileSync(path.join(root, 'sw.js'), sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1deployment2"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor();
    const reload = prompt.getByRole('button', { name: 'Reload' });
    // Chromium's own accessibility tree, which a screen reader reads (Playwright's snapshot ignores inert).
    const cdp = await page.context().newCDPSession(page);
    const read = async (name: string) => {
      const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: { ignored: boolean; name?: { value?: unknown } }[] };
      return nodes.some((n) => !n.ignored && n.name?.value === name);
    };
    /** Whether the Reload button takes the focus, and whether a screen reader can read it. */
    const reachable = async () => [await reload.evaluate((b: HTMLElement) => { b.focus(); return document.activeElement === b; }), await read('Reload')];
    expect(await reachable()).toEqual([true, true]);

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Settings' }).count()).toBe(1);
    expect(await prompt.evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
    expect(await reachable()).toEqual([false, false]);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Settings' }).count()).toBe(0);
    expect(await reachable()).toEqual([true, true]);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  test('a new deployment is offered, not swapped in: the page keeps its version until "Reload"', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'liqmap-deploy-'));
    cpSync(distDir, root, { recursive: true });
    const site = await serve(root);
    const { page } = await freshPage();
    await page.goto(site.url);
    await swControls(page);
    await page.getByRole('heading', { name: 'liqmap' }).waitFor();

    // Deployment 2: a changed index.html, and a service worker whose precache says so.
    const deployment = () => page.evaluate(() => document.querySelector('meta[name="deployment"]')?.getAttribute('content') ?? '1');
    writeFileSync(path.join(root, 'index.html'), readFileSync(path.join(root, 'index.html'), 'utf8').replace('</head>', '<meta name="deployment" content="2"></head>'));
    const sw = readFileSync(path.join(root, 'sw.js'), 'utf8');
    const next = sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1deployment2"');
    expect(next).not.toBe(sw);
    writeFileSync(path.join(root, 'sw.js'), next);

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-prompt').waitFor();
    expect(await deployment()).toBe('1');
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByRole('heading', { name: 'liqmap' }).waitFor();
    expect(await deployment()).toBe('2');
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
  });
});
