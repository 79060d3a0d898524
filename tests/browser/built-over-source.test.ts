/**
 * A month built in this browser from an archive file, which the source (the bundled sample) also
 * has: the Data view's offer names that copy "your build", tagged "built", not "your upload"
 * (nothing was uploaded; the cache list says "built in this browser").
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { importLines, importRun } from '../helpers/liqmap-page.ts';
import { generateArchive } from '../../tools/synth/archive.ts';

let app: AppFixture;
let zip: string;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
  const out = mkdtempSync(path.join(os.tmpdir(), 'liqmap-built-over-'));
  await generateArchive({ out, symbols: ['BTCUSDT'], from: '2025-10', to: '2025-10', trades: 20_000, seed: 'built-over-source', header: 'auto', metrics: false, format: 'zip' });
  zip = path.join(out, 'data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-10.zip');
});
afterAll(async () => app?.close());

test('a month built here over the source\'s month is called your build, not your upload', async () => {
  const { page } = await app.open('?view=data', { waitForChart: false });
  await page.getByTestId('offer').waitFor();
  const run = await importRun(page);
  await page.getByTestId('upload-input').setInputFiles([{ name: path.basename(zip), mimeType: 'application/zip', buffer: readFileSync(zip) }]);
  expect((await importLines(page, run)).filter((l) => !l.ok)).toEqual([]);

  const note = page.getByTestId('upload-over-remote');
  await expect.poll(() => note.textContent()).toContain('Binance BTCUSDT 2025-10: your build of volume, candles is used, not the source\'s file.');
  expect(await note.getByRole('radio', { name: 'your build' }).isChecked()).toBe(true);
  const row = page.locator('[data-testid="offer-row"][data-exchange="binance"][data-symbol="BTCUSDT"][data-month="2025-10"]');
  expect(await row.locator('.badge').allTextContents()).toEqual(['built', 'built']);
  expect(await page.getByTestId('cache').textContent()).toContain('built in this browser');
});
