/**
 * Binance archive files become profiles inside the browser (real Chromium, real IndexedDB,
 * the served build): dropped monthly, daily, headerless and checksummed files; fetched from a
 * local archive with a 404, a wrong checksum, a 451 without CORS and a cancel; every bad
 * input refused by name with nothing cached changed; a reload keeps what was built.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startArchiveServer, type ArchiveServer } from '../helpers/archive-server.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { importLines, importRun, mapDrawn, openView, storedFiles, useBinanceMock, type ImportLine } from '../helpers/liqmap-page.ts';
import { generateArchive } from '../../tools/synth/archive.ts';
import { writeSingleEntryZip } from '../../tools/synth/zip-writer.ts';

const siteUrl = inject('siteUrl');
const SYMBOL = 'ARCUSDT';
const FETCHED = 'FETUSDT';
const TRADES = 30_000;

let mock: BinanceMock;
let archive: string;
let server: ArchiveServer;
const contexts: BrowserContext[] = [];

const aggPath = (symbol: string, month: string) => path.join(archive, `data/futures/um/monthly/aggTrades/${symbol}/${symbol}-aggTrades-${month}.zip`);
const metricsPath = (symbol: string, day: string) => path.join(archive, `data/futures/um/daily/metrics/${symbol}/${symbol}-metrics-${day}.zip`);
const csvOf = (zipPath: string) => Object.values(unzipSync(new Uint8Array(readFileSync(zipPath))))[0];

/** The month's trades as daily zips (one day left out), written like the archive's. */
async function dailyZips(symbol: string, month: string, skip: string): Promise<{ name: string; buffer: Buffer }[]> {
  const text = new TextDecoder().decode(csvOf(aggPath(symbol, month)));
  const [header, ...lines] = text.trimEnd().split('\n');
  const byDay = new Map<string, string[]>();
  for (const l of lines) {
    const day = new Date(Number(l.split(',')[5])).toISOString().slice(0, 10);
    if (day !== skip) byDay.set(day, [...(byDay.get(day) ?? []), l]);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-daily-'));
  const out = [];
  for (const [day, rows] of byDay) {
    const stem = `${symbol}-aggTrades-${day}`;
    const file = path.join(dir, `${stem}.zip`);
    await writeSingleEntryZip(file, `${stem}.csv`, [`${header}\n${rows.join('\n')}\n`], { modified: new Date('2026-01-01T00:00:00Z'), comment: 'liqmap-synthetic daily' });
    out.push({ name: `${stem}.zip`, buffer: readFileSync(file) });
  }
  return out;
}

const file = (p: string, name = path.basename(p)) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(p) });

beforeAll(async () => {
  archive = mkdtempSync(path.join(os.tmpdir(), 'liqmap-archive-'));
  const base = { out: archive, trades: TRADES, seed: 'browser-import', header: 'auto' as const, metrics: true, format: 'zip' as const };
  await generateArchive({ ...base, symbols: [SYMBOL], from: '2024-12', to: '2024-12', metrics: false });
  await generateArchive({ ...base, symbols: [SYMBOL, FETCHED], from: '2025-10', to: '2025-11' });
  // FETUSDT 2025-11: a .CHECKSUM that does not match its zip.
  writeFileSync(`${aggPath(FETCHED, '2025-11')}.CHECKSUM`, `${'0'.repeat(64)}  ${FETCHED}-aggTrades-2025-11.zip\n`);
  server = await startArchiveServer(archive);
  mock = await startBinanceMock();
  for (const s of [SYMBOL, FETCHED]) mock.setFigures(s, { openInterest: 50_000, markPrice: 1_000 });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
  await mock?.close();
});

async function freshPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-import-')));
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await useBinanceMock(page, mock.url);
  await page.addInitScript((base) => {
    const saved = JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}');
    if (!saved.archiveBase) localStorage.setItem('liqmap.settings', JSON.stringify({ ...saved, archiveBase: base }));
  }, `${server.origin}/archive`);
  return { page, errors };
}

async function drop(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<ImportLine[]> {
  const before = await importRun(page);
  await page.getByTestId('upload-input').setInputFiles(files);
  return importLines(page, before);
}

const built = async (page: Page) => (await storedFiles(page)).filter((f) => f.source === 'built');

describe('dropped archive files', () => {
  test('monthly (with .CHECKSUM), headerless bare CSV and daily zips (without) are built, cached as built here, drawn, and kept over a reload', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${SYMBOL}`);
    await page.getByTestId('offer').waitFor();

    const october = aggPath(SYMBOL, '2025-10');
    const headerless = { name: `${SYMBOL}-aggTrades-2024-12.csv`, mimeType: 'text/csv', buffer: Buffer.from(csvOf(aggPath(SYMBOL, '2024-12'))) };
    expect(headerless.buffer.subarray(0, 12).toString()).not.toContain('agg_trade_id');
    const metrics = ['2025-10-30', '2025-10-31'].map((d) => file(metricsPath(SYMBOL, d)));
    let lines = await drop(page, [file(october), file(`${october}.CHECKSUM`), headerless, ...metrics]);
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(lines.map((l) => l.text).join('\n')).toMatch(new RegExp(`${SYMBOL} 2024-12: built in this browser from ${TRADES.toLocaleString('en-US')} trades`));
    expect(lines.map((l) => l.text).join('\n')).toMatch(new RegExp(`${SYMBOL} 2025-10: built in this browser from ${TRADES.toLocaleString('en-US')} trades \\(volume .* rows, candles .* rows, oi 576 rows\\)`));

    const dailies = await dailyZips(SYMBOL, '2025-11', '2025-11-05');
    lines = await drop(page, dailies.map((d) => ({ ...d, mimeType: 'application/zip' })));
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(lines.at(-1)!.text).toContain(`${SYMBOL} 2025-11: built in this browser from daily files (2025-11-01–2025-11-04, 2025-11-06–2025-11-30)`);
    expect((await built(page)).map((f) => `${f.month} ${f.kind}`).sort()).toEqual(['2024-12 candles', '2024-12 volume', '2025-10 candles', '2025-10 oi', '2025-10 volume', '2025-11 candles', '2025-11 volume']);
    expect(await page.locator('[data-testid="cache"]').textContent()).toContain('built in this browser');

    await openView(page, 'Liquidation Map');
    const map = await mapDrawn(page, SYMBOL);
    expect(map.bars).toBeGreaterThan(0);
    const windowRow = page.locator('.map-view dt', { hasText: /^Window$/ }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => windowRow.textContent()).toContain('2025-11 from daily files 2025-11-01–2025-11-04, 2025-11-06–2025-11-30, missing 2025-11-05');

    // A later monthly file replaces the month built from dailies.
    await openView(page, 'Data');
    lines = await drop(page, [file(aggPath(SYMBOL, '2025-11'))]);
    expect(lines.at(-1)!.text).toMatch(new RegExp(`${SYMBOL} 2025-11: built in this browser from ${TRADES.toLocaleString('en-US')} trades`));
    // The earlier build goes once the new files' full reads pass, in the background after the answer.
    await expect.poll(async () => (await built(page)).filter((f) => f.month === '2025-11').map((f) => f.kind).sort(), { timeout: 10_000 }).toEqual(['candles', 'volume']);
    const after = await built(page);

    await page.reload();
    await openView(page, 'Liquidation Map');
    expect((await mapDrawn(page, SYMBOL)).bars).toBeGreaterThan(0);
    await expect.poll(() => windowRow.textContent()).not.toContain('from daily files');
    expect(await built(page)).toEqual(after);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 240_000);

  test('bad archive input is refused with a message naming the file and the problem, and nothing cached changes', async () => {
    const { page } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${SYMBOL}`);
    await page.getByTestId('offer').waitFor();
    const good = readFileSync(aggPath(SYMBOL, '2025-10'));
    expect((await drop(page, [{ name: path.basename(aggPath(SYMBOL, '2025-10')), mimeType: 'application/zip', buffer: good }])).every((l) => l.ok)).toBe(true);
    const before = await storedFiles(page);

    const corrupt = Buffer.from(readFileSync(aggPath(SYMBOL, '2024-12')));
    const fetched = readFileSync(aggPath(FETCHED, '2025-10'));
    const truncated = fetched.subarray(0, fetched.length - 300);
    for (let i = 2000; i < 2400; i++) corrupt[i] ^= 0x5a;
    const csv = new TextDecoder().decode(csvOf(aggPath(SYMBOL, '2025-10')));
    const badLines = csv.split('\n').map((l, i) => (i > 0 && i <= 1001 ? l.replace(/,(true|false)$/, ',perhaps') : l)).join('\n');
    const otherMetrics = new TextDecoder().decode(csvOf(metricsPath(SYMBOL, '2025-11-02'))).replaceAll(SYMBOL, 'ETHUSDT');
    const bad = [
      { name: `${SYMBOL}-aggTrades-2024-12.zip`, buffer: corrupt, problem: /corrupt|cannot be inflated/ },
      { name: `${FETCHED}-aggTrades-2025-10.zip`, buffer: truncated, problem: /the zip is truncated/ },
      { name: `${SYMBOL}-aggTrades-2025-07.zip`, buffer: Buffer.from(zipSync({ 'notes.txt': strToU8('hello') })), problem: /the zip holds no CSV/ },
      { name: `${SYMBOL}-aggTrades-2025-06.csv`, buffer: Buffer.from(csv), problem: /has trades outside 2025-06/ },
      { name: `${SYMBOL}-aggTrades-2025-10.csv`, buffer: Buffer.from(badLines), problem: /1,001 bad lines, more than the limit of 1,000: .*line 2: is_buyer_maker "perhaps" is not true or false/ },
      { name: `${SYMBOL}-aggTrades-2025-04.csv`, buffer: Buffer.alloc(0), problem: /the file is empty/ },
    ];
    // A wrong checksum, and metrics rows of another symbol (with a good aggTrades file of their month).
    const wrongSum = { name: `${SYMBOL}-aggTrades-2025-11.zip`, buffer: readFileSync(aggPath(SYMBOL, '2025-11')) };
    const lines = await drop(page, [
      ...bad.map((b) => ({ name: b.name, mimeType: 'application/octet-stream', buffer: b.buffer })),
      { ...wrongSum, mimeType: 'application/zip' },
      { name: `${wrongSum.name}.CHECKSUM`, mimeType: 'text/plain', buffer: Buffer.from(`${'1'.repeat(64)}  ${wrongSum.name}\n`) },
      { name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync({ 'a.csv': strToU8('x') })) },
    ]);
    const refused = lines.filter((l) => !l.ok).map((l) => l.text);
    for (const b of bad) {
      const line = refused.find((t) => t.includes(b.name));
      expect(line, b.name).toBeDefined();
      expect(line).toMatch(b.problem);
    }
    expect(refused.find((t) => t.includes(wrongSum.name))).toMatch(/checksum mismatch/);
    expect(refused.some((t) => t.includes('notes.zip: not an archive file name'))).toBe(true);
    // Metrics rows of another symbol refuse their month (its aggTrades file is good).
    const other = await drop(page, [file(aggPath(SYMBOL, '2025-11')), { name: `${SYMBOL}-metrics-2025-11-02.csv`, mimeType: 'text/csv', buffer: Buffer.from(otherMetrics) }]);
    expect(other.at(-1)).toEqual({ ok: false, text: `${SYMBOL}-metrics-2025-11-02.csv: rows of ETHUSDT, expected ${SYMBOL}. ${SYMBOL} 2025-11 was not built; nothing kept in this browser changed.` });
    expect(await storedFiles(page)).toEqual(before);
  }, 240_000);
});

describe('fetched from the archive', () => {
  test('a host typed but not saved is not passed over in silence: the fetch says to save it first', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${FETCHED}`);
    await page.getByTestId('offer').waitFor();
    await page.getByLabel('Archive base URL').fill(`${server.origin}/mirror/`);
    const before = await importRun(page);
    await page.locator('input[name="archive-symbol"]').fill(FETCHED);
    await page.getByTestId('archive-fetch').click();
    await expect.poll(() => page.locator('.fetch [role=alert]').innerText().catch(() => ''))
      .toBe(`The Archive base URL typed (${server.origin}/mirror) is not saved: press Save beside it first, or the fetch would use ${server.origin}/archive.`);
    expect(await importRun(page)).toBe(before); // nothing fetched from the old host
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  async function fetchMonths(page: Page, from: string, to: string): Promise<ImportLine[]> {
    await page.locator('input[name="archive-symbol"]').fill(FETCHED);
    await page.locator('input[name="archive-from"]').fill(from);
    await page.locator('input[name="archive-to"]').fill(to);
    const before = await importRun(page);
    await page.getByTestId('archive-fetch').click();
    return importLines(page, before);
  }

  test('builds the published month, refuses a wrong checksum, names a month not published yet; a 451 without CORS points at the setting; a cancel keeps what was built', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${FETCHED}`);
    await page.getByTestId('offer').waitFor();
    const lines = await fetchMonths(page, '2025-10', '2025-12');
    const text = lines.map((l) => `${l.ok ? 'ok' : 'bad'} ${l.text}`).join('\n');
    expect(text).toMatch(new RegExp(`ok ${FETCHED} 2025-10: built in this browser from ${TRADES.toLocaleString('en-US')} trades \\(volume .*, oi 8,928 rows\\)`));
    expect(text).toMatch(new RegExp(`bad ${FETCHED}-aggTrades-2025-11.zip: checksum mismatch`));
    expect(text).toMatch(new RegExp(`ok 31 daily aggTrades files not published yet, skipped \\(${FETCHED}-aggTrades-2025-12-01.zip … ${FETCHED}-aggTrades-2025-12-31.zip\\)`));
    expect(text).toMatch(new RegExp(`ok ${FETCHED} 2025-12: no aggTrades file published yet`));
    const kept = (await built(page)).map((f) => `${f.month} ${f.kind}`).sort();
    expect(kept).toEqual(['2025-10 candles', '2025-10 oi', '2025-10 volume']);

    // The host refuses this browser (451, no CORS headers): the message points at the setting.
    await page.getByLabel('Archive base URL').fill(`${server.origin}/blocked`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const blocked = await fetchMonths(page, '2025-10', '2025-10');
    expect(blocked.at(-1)!.ok).toBe(false);
    expect(blocked.at(-1)!.text).toMatch(/did not answer from this browser \(network, CORS or regional block\).*Set "Archive base URL"/);

    // A slow host: cancel while the zip streams; the month built before stays.
    await page.getByLabel('Archive base URL').fill(`${server.origin}/slow`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('input[name="archive-symbol"]').fill(FETCHED);
    await page.locator('input[name="archive-from"]').fill('2025-10');
    await page.locator('input[name="archive-to"]').fill('2025-10');
    const before = await importRun(page);
    await page.getByTestId('archive-fetch').click();
    await page.waitForFunction(() => /rows/.test(document.querySelector('[data-testid="import-progress"]')?.textContent ?? '') && !/: 0 B/.test(document.querySelector('[data-testid="import-progress"]')?.textContent ?? ''), null, { timeout: 60_000 });
    // Away from the data view and back, twice, mid-import: the same import is shown and cancelled
    // there, and no import worker is started again (one importer for the page).
    for (let i = 0; i < 2; i++) {
      await openView(page, 'Liquidation Map');
      await openView(page, 'Data');
    }
    // A reload or a closed tab mid-import: the browser asks first (the page cancels beforeunload); not once it ended.
    const leaveAsked = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    expect(await leaveAsked()).toBe(true);
    await page.getByTestId('import-cancel').click();
    const cancelled = await importLines(page, before);
    expect(await leaveAsked()).toBe(false);
    expect(cancelled.at(-1)!.text).toBe('Cancelled. Months built before the cancel are kept.');
    expect((await built(page)).map((f) => `${f.month} ${f.kind}`).sort()).toEqual(kept);
    // The cancel ended the one import worker: none left idle.
    await expect.poll(() => page.workers().filter((w) => /\/import\.worker-/.test(w.url())).length).toBe(0);

    await page.reload();
    expect(JSON.parse(await page.evaluate(() => localStorage.getItem('liqmap.settings') ?? '{}')).archiveBase).toBe(`${server.origin}/slow`);
    expect((await built(page)).map((f) => `${f.month} ${f.kind}`).sort()).toEqual(kept);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 240_000);
});

