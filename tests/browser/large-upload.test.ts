/**
 * A very large upload (300 MB) shows its reading progress, is refused by name without
 * crashing the tab or the engine, and leaves the cache and the chart as they were.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { mkdtempSync, openSync, writeSync, closeSync, ftruncateSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { mapDrawn, openView, storedFiles } from '../helpers/liqmap-page.ts';

const SIZE = 300 * 1024 * 1024;
let app: AppFixture;
let dir: string;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
  dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-large-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a 300 MB file is read with progress, refused by name, and changes nothing', async () => {
  // Parquet magic at both ends, nothing readable between: it passes the first check only.
  const file = path.join(dir, 'BTCUSDT-2025-11.volume.parquet');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, SIZE);
  writeSync(fd, Buffer.from('PAR1'), 0, 4, 0);
  writeSync(fd, Buffer.from('PAR1'), 0, 4, SIZE - 4);
  closeSync(fd);

  const { page, errors } = await app.open();
  const before = await mapDrawn(page, 'BTCUSDT');
  await openView(page, 'Data');
  await page.getByTestId('cache').waitFor();
  const cachedBefore = await storedFiles(page);
  expect(cachedBefore.length).toBeGreaterThan(0);
  await page.evaluate(() => {
    const w = window as unknown as { __sawReading?: boolean };
    new MutationObserver(() => { if (document.querySelector('.reading progress')) w.__sawReading = true; })
      .observe(document.body, { childList: true, subtree: true });
  });

  await page.getByTestId('upload-input').setInputFiles(file);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ timeout: 120_000 });
  expect(await verdict.getAttribute('data-ok')).toBe('false');
  expect(await verdict.textContent()).toContain('BTCUSDT-2025-11.volume.parquet was refused');
  expect(await page.evaluate(() => (window as unknown as { __sawReading?: boolean }).__sawReading)).toBe(true);
  expect(await storedFiles(page)).toEqual(cachedBefore);

  await openView(page, 'Liquidation Map');
  expect(await mapDrawn(page, 'BTCUSDT')).toEqual(before);
  expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  await page.context().close();
});
