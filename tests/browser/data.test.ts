/**
 * The Data view in real Chromium against the served build: a remote profile folder on a second
 * static server, uploads written by other writers than the builder, bad files, the cache
 * manager. Real IndexedDB in a persistent profile per test.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { sha256Hex } from '../../src/lib/data/hash.ts';
import { writeProfile } from '../helpers/profile-writers.ts';
import { mapDrawn, marketCandleRows, marketVolumeRows, monthFiles, openView, storedFiles, useBinanceMock, writeProfileFolder, type ProfileFile } from '../helpers/liqmap-page.ts';

const siteUrl = inject('siteUrl');
const REMOTE = { symbol: 'RMTUSDT', base: 42_000 };
const UPLOAD = { symbol: 'UPLUSDT', base: 7_000 };

let mock: BinanceMock;
let folder: StaticServer;
let remoteFiles: ProfileFile[];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mock = await startBinanceMock();
  mock.setFigures(REMOTE.symbol, { openInterest: 50_000, markPrice: REMOTE.base });
  mock.setFigures(UPLOAD.symbol, { openInterest: 80_000, markPrice: UPLOAD.base });
  remoteFiles = await monthFiles(REMOTE.symbol, '2025-11', { hours: 72, base: REMOTE.base, writer: 'hyparquet' });
  const dir = await writeProfileFolder(remoteFiles);
  // Same files plus October's volume listed with a sha256 no file has.
  const [october] = await monthFiles(REMOTE.symbol, '2025-10', { hours: 24, base: REMOTE.base, writer: 'hyparquet' });
  await writeProfileFolder([...remoteFiles, { ...october, sha256: await sha256Hex(new TextEncoder().encode('another file')) }], dir, 'bad-sha-manifest.json');
  folder = await startStaticServer(dir, '/p/');
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await folder?.close();
  await mock?.close();
});

async function freshPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-data-')));
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await useBinanceMock(page, mock.url);
  return { page, errors };
}

const parquetRequests = (s: StaticServer) => s.requests.filter((r) => r.endsWith('.parquet'));
const cacheRows = (page: Page) => page.getByTestId('cache-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sha256')).sort());

/** Upload through the file picker; resolves with each file's verdict once all are shown. */
async function pick(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<{ ok: boolean; text: string }[]> {
  await page.getByTestId('upload-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  return verdicts(page, files.map((f) => f.name));
}

async function verdicts(page: Page, names: string[]): Promise<{ ok: boolean; text: string }[]> {
  const handle = await page.waitForFunction((wanted) => {
    const items = [...document.querySelectorAll('[data-testid="verdict"]')].map((li) => ({ ok: li.getAttribute('data-ok') === 'true', text: li.textContent ?? '' }));
    return items.length === wanted.length && wanted.every((n, i) => items[i].text.includes(n)) ? items : null;
  }, names, { timeout: 60_000 });
  return (await handle.jsonValue()) as { ok: boolean; text: string }[];
}

describe('remote profile folder', () => {
  test('set as the source in the Data view, it is offered and drawn, and a second visit downloads no profile again', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${REMOTE.symbol}`);
    // A wrong address first: the panel says why nothing is offered and what to do, not "no profiles yet".
    await page.getByLabel('Profile list (manifest.json URL)').fill(`${folder.url}nope/manifest.json`);
    await page.getByRole('button', { name: 'Use this source' }).click();
    await expect.poll(() => page.getByTestId('offer-empty').textContent()).toContain(`The profile list ${folder.url}nope/manifest.json could not be read`);
    expect(await page.getByTestId('offer-empty').textContent()).toMatch(/Check the address above .* or press "Use bundled sample"/);
    await page.getByLabel('Profile list (manifest.json URL)').fill(`${folder.url}manifest.json`);
    await page.getByRole('button', { name: 'Use this source' }).click();
    await expect.poll(() => page.getByTestId('current-source').textContent()).toContain(`${folder.url}manifest.json`);
    const row = page.locator(`[data-testid="offer-row"][data-symbol="${REMOTE.symbol}"][data-month="2025-11"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('volume, candles, oi');
    // The symbol's months download for the charts while this view is open: its lists follow.
    await expect.poll(() => row.textContent()).toMatch(/cached$/);
    await expect.poll(() => page.getByTestId('cache-row').count()).toBe(3);

    await openView(page, 'Liquidation Map');
    const map = await mapDrawn(page, REMOTE.symbol);
    expect(map.minX).toBeGreaterThan(REMOTE.base * 0.5);
    expect(map.maxX).toBeLessThan(REMOTE.base * 1.5);
    expect(parquetRequests(folder).length).toBe(3);
    const cached = await storedFiles(page);
    expect(cached.map((f) => f.sha256).sort()).toEqual((await Promise.all(remoteFiles.map((f) => sha256Hex(f.bytes)))).sort());

    const before = folder.requests.length;
    await page.reload();
    await openView(page, 'Liquidation Map');
    expect(await mapDrawn(page, REMOTE.symbol)).toEqual(map);
    const since = folder.requests.slice(before);
    expect(since).toContain('/p/manifest.json');
    expect(since.filter((r) => r.endsWith('.parquet'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  test('a file whose sha256 differs from the manifest is refused with a message naming it, and the rest is drawn', async () => {
    const { page } = await freshPage();
    const manifest = `${folder.url}bad-sha-manifest.json`;
    await page.goto(`${siteUrl}?symbol=${REMOTE.symbol}&source=${encodeURIComponent(manifest)}`);
    // A source from a link is loaded once the user says so (link-source.test.ts covers the banner).
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await mapDrawn(page, REMOTE.symbol);
    // The source has the month: its file was refused, so the map does not say the source lacks it.
    await expect.poll(() => page.getByTestId('map-missing').textContent()).toMatch(/month 2025-10, which this source has but whose files could not be loaded/);

    await openView(page, 'Data');
    const refused = page.getByTestId('refused');
    await refused.waitFor();
    const text = (await refused.textContent()) ?? '';
    expect(text).toContain(`${REMOTE.symbol}/${REMOTE.symbol}-2025-10.volume.parquet`);
    expect(text).toContain('sha256');
    expect((await storedFiles(page)).filter((f) => f.month === '2025-10')).toEqual([]);

    // Another source that cannot be read: the notices are of it alone, not the refusal of the source before.
    await page.getByLabel('Profile list (manifest.json URL)').fill(`${folder.url}nope/manifest.json`);
    await page.getByRole('button', { name: 'Use this source' }).click();
    await expect.poll(() => page.locator('.notices').textContent(), { timeout: 30_000 }).toContain(`${folder.url}nope/manifest.json could not be read`);
    await expect.poll(() => page.getByTestId('prepare-problem').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.locator('.notices').textContent()).not.toContain('2025-10.volume.parquet');
  });
});

describe('the default source', () => {
  test('that cannot be read says what to do on every view, and Try again reads it once it answers', async () => {
    const { page, errors } = await freshPage();
    let answer = false;
    await page.route(/\/sample\/manifest\.json$/, (r) => (answer ? r.continue() : r.fulfill({ status: 404, body: 'not found' })));
    await page.goto(`${siteUrl}?symbol=BTCUSDT`);
    const problem = page.getByTestId('source-problem');
    await expect.poll(() => problem.textContent(), { timeout: 30_000 }).toContain('This view reads its profiles from the sample bundled with this site. Try again in a moment');
    expect(await problem.textContent()).toContain('can be used on the Data view');
    expect(await page.locator('.notices').textContent()).toContain('sample/manifest.json could not be read (HTTP 404)');

    // The Data view's panel says it too, without pointing at "Use bundled sample": disabled, as the sample is the source already.
    await openView(page, 'Data');
    const empty = page.getByTestId('offer-empty');
    await expect.poll(() => empty.textContent(), { timeout: 30_000 }).toContain('can be used here');
    expect(await empty.textContent()).not.toContain('Use bundled sample');
    expect(await page.getByRole('button', { name: 'Use bundled sample' }).isDisabled()).toBe(true);

    answer = true;
    await problem.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid="offer-row"][data-symbol="BTCUSDT"]').first().waitFor();
    expect(await problem.count()).toBe(0);
    await openView(page, 'Liquidation Map');
    await mapDrawn(page, 'BTCUSDT');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('allowed hosts', () => {
  test('are saved for this browser only when every entry is a host name, then the page reloads with them', async () => {
    const { page } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${UPLOAD.symbol}`);
    const input = page.getByLabel(/Allowed hosts for absolute file URLs/);
    await input.fill('data.example.org, <b>bad</b>');
    await page.getByRole('button', { name: 'Save hosts and reload' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Not host names' }).textContent()).toContain('<b>bad</b>');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}').allowedHosts)).toEqual([]);

    await input.fill('data.example.org, cdn.example.net:8443');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save hosts and reload' }).click()]);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}').allowedHosts)).toEqual(['data.example.org', 'cdn.example.net:8443']);
    await expect.poll(() => page.getByLabel(/Allowed hosts for absolute file URLs/).inputValue()).toBe('data.example.org, cdn.example.net:8443');
  });
});

describe('uploads', () => {
  test('files from hyparquet-writer and DuckDB are accepted, offered and drawn; bad files are refused by name and change nothing', async () => {
    const { page, errors } = await freshPage();
    // A symbol the bundled sample lacks: nothing downloads in the background while we compare.
    await page.goto(`${siteUrl}?view=data&symbol=${UPLOAD.symbol}`);
    await page.getByTestId('offer').waitFor();

    const november = await monthFiles(UPLOAD.symbol, '2025-11', { hours: 48, base: UPLOAD.base, writer: 'hyparquet', compression: 'gzip', rowGroupSize: 500 });
    const october = await monthFiles(UPLOAD.symbol, '2025-10', { hours: 48, base: UPLOAD.base, writer: 'duckdb', compression: 'zstd' });
    const good = await pick(page, [...november, ...october]);
    expect(good.map((v) => v.ok)).toEqual([true, true, true, true, true, true]);
    expect(good[0].text).toContain(`${UPLOAD.symbol}-2025-11.volume.parquet: ${UPLOAD.symbol} 2025-11 volume, 3,360 rows, kept in this browser.`);

    // Dropped on the drop zone: a month the bundled sample also has.
    const btcVolume = await writeProfile('volume', marketVolumeRows('2025-11', 24, 90_000), { writer: 'duckdb', symbol: 'BTCUSDT', month: '2025-11' });
    const dropName = 'BTCUSDT-2025-11.volume.parquet';
    await page.getByTestId('dropzone').evaluate((el, { name, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { name: dropName, b64: Buffer.from(btcVolume).toString('base64') });
    expect((await verdicts(page, [dropName]))[0].ok).toBe(true);
    // The same file dropped a little beside the zone: not taken, and not left to the browser, which would
    // open it in place of the app.
    const strayOpened = await page.locator('legend', { hasText: 'Upload profiles or archive files' }).evaluate((el, name) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(8)], name));
      return el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dropName);
    expect(strayOpened).toBe(false);

    for (const month of ['2025-10', '2025-11']) {
      const row = page.locator(`[data-testid="offer-row"][data-symbol="${UPLOAD.symbol}"][data-month="${month}"]`);
      await row.waitFor();
      expect(await row.locator('.badge.upload').count()).toBe(3);
    }
    const note = page.getByTestId('upload-over-remote');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/BTCUSDT 2025-11: your upload of volume is used, not the source's file/);

    await openView(page, 'Liquidation Map');
    const map = await mapDrawn(page, UPLOAD.symbol);
    expect(map.minX).toBeGreaterThan(UPLOAD.base * 0.5);
    expect(map.maxX).toBeLessThan(UPLOAD.base * 1.5);

    await openView(page, 'Data');
    await page.getByTestId('cache').waitFor();
    const storedBefore = await storedFiles(page);
    expect(storedBefore.length).toBe(7);
    const rowsBefore = await cacheRows(page);
    const totalBefore = await page.getByTestId('cache-total').textContent();

    const valid = november[0].bytes;
    const rows = marketVolumeRows('2025-11', 12, UPLOAD.base);
    const titleBefore = await page.title();
    const bad = [
      { name: `${UPLOAD.symbol}-2025-09.volume.parquet`, bytes: new Uint8Array(0), problem: 'empty' },
      { name: 'random.parquet', bytes: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251), problem: 'not a Parquet file' },
      { name: `truncated-${UPLOAD.symbol}-2025-11.volume.parquet`, bytes: valid.slice(0, Math.floor(valid.length / 2)), problem: 'truncated' },
      { name: 'other-schema.parquet', bytes: await writeProfile('candles', marketCandleRows('2025-11', 2, UPLOAD.base), { symbol: UPLOAD.symbol, metadata: { 'liqmap.kind': 'volume', 'liqmap.price_step': '10' } }), problem: 'columns are those of a candles file' },
      { name: 'wrong-type.parquet', bytes: await writeProfile('volume', rows, { symbol: UPLOAD.symbol, types: { price_bin: 'STRING' } }), problem: 'price_bin' },
      { name: 'lying-metadata.parquet', bytes: await writeProfile('volume', rows, { symbol: UPLOAD.symbol, month: '2025-07' }), problem: 'month' },
      { name: 'zero-rows.parquet', bytes: await writeProfile('volume', [], { writer: 'duckdb', symbol: UPLOAD.symbol }), problem: 'no rows' },
      { name: `"><img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>.parquet`, bytes: valid.slice(0, 100), problem: 'Parquet' },
    ];
    const refused = await pick(page, bad);
    for (const [i, v] of refused.entries()) {
      expect(v.ok, bad[i].name).toBe(false);
      expect(v.text).toContain(`${bad[i].name} was refused`);
      expect(v.text).toContain(bad[i].problem);
    }
    expect(await page.title()).toBe(titleBefore);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await storedFiles(page)).toEqual(storedBefore);
    expect(await cacheRows(page)).toEqual(rowsBefore);
    expect(await page.getByTestId('cache-total').textContent()).toBe(totalBefore);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
  test('leaving while an upload is read asks first, not after it; a file the browser cannot read is named, and the drop zone works again', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${UPLOAD.symbol}`);
    await page.getByTestId('offer').waitFor();
    const files = await monthFiles(UPLOAD.symbol, '2025-11', { hours: 24, base: UPLOAD.base, writer: 'duckdb' });
    // The user's disk, held by the test: reads wait until it opens the gate, or fail as for a file
    // moved away since it was chosen (Chromium's NotReadableError).
    await page.evaluate(() => {
      const w = window as unknown as { gate: Promise<void>; open: () => void; failing: 'head' | 'body' | null };
      w.gate = new Promise((resolve) => (w.open = resolve));
      w.failing = null;
      const notReadable = () => new DOMException('The requested file could not be read', 'NotReadableError');
      const { stream, arrayBuffer } = Blob.prototype;
      Blob.prototype.arrayBuffer = function () {
        return w.failing === 'head' ? Promise.reject(notReadable()) : arrayBuffer.call(this);
      };
      Blob.prototype.stream = function () {
        const inner = stream.call(this).getReader();
        return new ReadableStream({
          async pull(c) {
            await w.gate;
            if (w.failing === 'body') throw notReadable();
            const { done, value } = await inner.read();
            if (done) c.close();
            else c.enqueue(value);
          },
        });
      };
    });
    const leaveAsked = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    expect(await leaveAsked()).toBe(false);

    await page.getByTestId('upload-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
    await page.getByRole('status').filter({ hasText: 'Reading files' }).waitFor();
    expect(await leaveAsked()).toBe(true);
    await page.evaluate(() => (window as unknown as { open: () => void }).open());
    expect((await verdicts(page, files.map((f) => f.name))).map((v) => v.ok)).toEqual([true, true, true]);
    expect(await leaveAsked()).toBe(false);

    const alert = page.getByRole('alert').filter({ hasText: 'The upload failed' });
    for (const failing of ['head', 'body'] as const) {
      await page.evaluate((f) => ((window as unknown as { failing: string }).failing = f), failing);
      await page.getByTestId('upload-input').setInputFiles({ name: `moved-${failing}.parquet`, mimeType: 'application/octet-stream', buffer: Buffer.from(files[0].bytes) });
      await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain(`moved-${failing}.parquet could not be read (The requested file could not be read)`);
      expect(await page.getByTestId('dropzone').isEnabled()).toBe(true);
      expect(await leaveAsked()).toBe(false);
    }
    expect((await storedFiles(page)).length).toBe(3);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

describe('cache manager', () => {
  test('deletes one file, then all of them, each only after confirming; reports the answer to "keep persistently"', async () => {
    const { page } = await freshPage();
    await page.goto(`${siteUrl}?view=data&symbol=${UPLOAD.symbol}`);
    await page.getByTestId('offer').waitFor();
    const files = await monthFiles(UPLOAD.symbol, '2025-11', { hours: 24, base: UPLOAD.base, writer: 'duckdb' });
    expect((await pick(page, files)).every((v) => v.ok)).toBe(true);
    await expect.poll(() => cacheRows(page)).toHaveLength(3);
    expect((await storedFiles(page)).length).toBe(3);

    const oi = await sha256Hex(files[2].bytes);
    // One file is not one click from gone either: Delete asks, naming what it costs; Escape keeps it.
    const question = page.getByTestId('cache-confirm').getByRole('alert');
    await page.getByRole('button', { name: `Delete ${files[2].name}` }).click();
    expect(await question.textContent()).toMatch(new RegExp(`^Delete ${files[2].name} \\(oi, ${UPLOAD.symbol} 2025-11, .+\\)\\? 1 upload must be uploaded again\\.$`));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Delete ${files[2].name}`);
    expect(await page.getByTestId('cache-confirm').count()).toBe(0);
    expect((await storedFiles(page)).length).toBe(3);
    await page.getByRole('button', { name: `Delete ${files[2].name}` }).click();
    await page.getByRole('button', { name: `Yes, delete ${files[2].name}` }).click();
    await expect.poll(() => cacheRows(page)).toHaveLength(2);
    // The focus stays in the list, on a remaining row's Delete (not lost to the page's top).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^Delete .+\.parquet$/);
    const left = await storedFiles(page);
    expect(left.map((f) => f.kind).sort()).toEqual(['candles', 'volume']);
    expect(left.some((f) => f.sha256 === oi)).toBe(false);

    // By keyboard: the confirmation takes the focus on its safe answer, and Escape gives it back.
    await page.getByRole('button', { name: 'Delete all…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Delete all 2 files' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Delete all 2 files' }).textContent()).toContain('2 uploads must be uploaded again.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect((await storedFiles(page)).length).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete all…');
    expect(await cacheRows(page)).toHaveLength(2);
    await page.getByRole('button', { name: 'Delete all…' }).click();
    await page.getByRole('button', { name: 'Yes, delete all' }).click();
    await expect.poll(() => cacheRows(page)).toHaveLength(0);
    expect(await storedFiles(page)).toEqual([]);
    expect(await page.getByTestId('cache-total').textContent()).toMatch(/^\s*0 files, 0 B of profiles/);

    await page.getByTestId('persist').click();
    await expect.poll(() => page.getByTestId('persist-state').textContent()).toMatch(/Granted|Declined/);
    const granted = await page.evaluate(() => navigator.storage.persisted());
    expect(await page.getByTestId('persist-state').textContent()).toContain(granted ? 'Granted' : 'Declined');
  });
});
