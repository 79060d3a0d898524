/**
 * Data benchmark in the real browser on the served build, for one month of one symbol
 * (volume, candles, oi written by hyparquet-writer; a symbol the bundled sample lacks, so
 * nothing else loads meanwhile):
 * - upload to first chart, engine warm: from handing the files to the picker until the map
 *   of that symbol is drawn (read, validate, cache, load, switch to the map, compute, draw);
 * - cached load to first chart: from reload until the map is drawn again (DuckDB start,
 *   IndexedDB read, load, compute, draw);
 * - beside them, bare decode: the app's own decoder (src/lib/data/parquet.ts, hyparquet) on the
 *   same volume file in the same page, every column (median of 3), the floor of any load.
 * Wall-clock times measured from Node (a few ms of CDP overhead each).
 * Standalone: `npx vite build && npx tsx bench/data-browser.ts`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { build } from 'vite';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { mapDrawn, monthFiles, openView } from '../tests/helpers/liqmap-page.ts';
import { median } from './stats.ts';

const SYMBOL = 'BNCHUSDT';
const MONTH = '2025-11';
const HOURS = 720;
const BASE = 60_000;
/** Price bins either side of the moving centre: about as many volume rows as a sample BTCUSDT month. */
const SPREAD = 5;
const DECODE_RUNS = 3;

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The app's decoder as a classic script body: the site's CSP forbids importing a blob module,
 * but DevTools evaluation is exempt.
 */
async function decoderScript(): Promise<string> {
  const outDir = path.join(os.tmpdir(), 'liqmap-bench-decoder');
  await build({
    configFile: false, logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', lib: { entry: path.resolve(import.meta.dirname, '../src/lib/data/parquet.ts'), name: 'liqmapParquet', formats: ['iife'], fileName: () => 'decoder.js' } },
  });
  return readFileSync(path.join(outDir, 'decoder.js'), 'utf8');
}

/** ms to decode every column of `bytes` in the page, median of DECODE_RUNS. */
async function bareDecodeMs(page: Page, bytes: Uint8Array): Promise<number> {
  const script = await decoderScript();
  const file = Buffer.from(bytes).toString('base64');
  const times = (await page.evaluate(`(async () => {
    ${script}
    const data = Uint8Array.from(atob(${JSON.stringify(file)}), (c) => c.charCodeAt(0));
    const out = [];
    for (let i = 0; i < ${DECODE_RUNS}; i++) {
      const t0 = performance.now();
      const schema = liqmapParquet.readParquetSchema(data);
      await liqmapParquet.readParquetColumns(schema, schema.fields.map((f) => f.name));
      out.push(performance.now() - t0);
    }
    return out;
  })()`)) as number[];
  return median(times);
}

export async function benchDataBrowser(siteUrl: string, page: Page): Promise<Record<string, number>> {
  const files = await monthFiles(SYMBOL, MONTH, { hours: HOURS, base: BASE, spread: SPREAD, writer: 'hyparquet' });
  const volume = files[0];
  await page.goto(`${siteUrl}?view=data&symbol=${SYMBOL}`);
  await page.getByTestId('offer').waitFor({ timeout: 120_000 });
  // Warm-up: a refused file's verdict comes only once DuckDB is up, so start-up is not timed below.
  await page.getByTestId('upload-input').setInputFiles([{ name: 'warm-up.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from('not parquet') }]);
  await page.locator('[data-testid="verdict"][data-ok="false"]').waitFor({ timeout: 120_000 });

  const t0 = performance.now();
  await page.getByTestId('upload-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="verdict"][data-ok="true"]').length === n, files.length, { timeout: 180_000 });
  const verdictMs = performance.now() - t0;
  await openView(page, 'Liquidation Map');
  await mapDrawn(page, SYMBOL);
  const uploadToChartMs = performance.now() - t0;

  const t1 = performance.now();
  await page.reload();
  await mapDrawn(page, SYMBOL);
  const cachedToChartMs = performance.now() - t1;

  const decodeMs = await bareDecodeMs(page, volume.bytes);
  const out = {
    data_month_bytes: files.reduce((s, f) => s + f.bytes.length, 0),
    data_volume_rows: volume.rows,
    data_upload_to_verdict_ms: round(verdictMs),
    data_upload_to_first_chart_ms: round(uploadToChartMs),
    data_cached_reload_to_first_chart_ms: round(cachedToChartMs),
    data_bare_decode_volume_ms: round(decodeMs),
  };
  console.log(
    `data: one month of ${SYMBOL} (${(out.data_month_bytes / 1e6).toFixed(2)} MB, volume ${volume.rows} rows):\n` +
      `  upload -> verdicts ${out.data_upload_to_verdict_ms} ms, -> first map ${out.data_upload_to_first_chart_ms} ms\n` +
      `  reload with the month cached -> first map ${out.data_cached_reload_to_first_chart_ms} ms\n` +
      `  bare decode (hyparquet) of the volume file in the page: ${out.data_bare_decode_volume_ms} ms (median of ${DECODE_RUNS})`,
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launchBrowser } = await import('../tests/helpers/browser.ts');
  const { startStaticServer } = await import('../tests/helpers/static-server.ts');
  const server = await startStaticServer(path.resolve(import.meta.dirname, '../dist'));
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    console.log(JSON.stringify(await benchDataBrowser(server.url, page), null, 1));
  } finally {
    await browser.close();
    await server.close();
  }
}
