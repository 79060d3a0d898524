/**
 * `npm run bench`: every benchmark, figures printed and written to bench/results/bench.json.
 * Node: builder throughput against bare native DuckDB, archive fetch throughput, model compute.
 * Chromium (served build): first chart against a bare DuckDB-WASM start and a cold visit's
 * transfer, map recompute, heatmap, upload and cached load, live streams under load, archive import.
 * Node: the command line (`liqmap levels` cold, the server's levels warm).
 * BENCH_ONLY=builder,builder-bybit,fetch,model,cli,first,map,heatmap,data,live,import runs a subset;
 * BENCH_DIST=<dir> benchmarks another build's dist/ in the browser.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (name: string) => !only || only.includes(name);
const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, node ${process.version}` };

function report(name: string, figures: Record<string, unknown>) {
  results[name] = figures;
  console.log(`\n== ${name}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(40)} ${v}`);
}

if (wanted('builder')) report('builder', await (await import('./builder.ts')).benchBuilder());
if (wanted('builder-bybit')) report('builder_bybit', await (await import('./builder-bybit.ts')).benchBuilderBybit());
if (wanted('fetch')) report('fetch', await (await import('./fetch.ts')).benchFetch());
if (wanted('model')) report('model', await (await import('./model.ts')).benchModel());
if (wanted('cli')) report('cli', await (await import('./cli.ts')).benchCli());

if (['first', 'map', 'heatmap', 'data', 'live', 'import'].some(wanted)) {
  // Loaded only when a browser part runs (the Node parts do not need them).
  const { launchBrowser } = await import('../tests/helpers/browser.ts');
  const { startStaticServer } = await import('../tests/helpers/static-server.ts');
  const { trustSource } = await import('./trust-source.ts');
  const { allRenderersMb, mb, privateKb, rendererProcesses, tabRenderer } = await import('./renderers.ts');
  // BENCH_DIST: another build's dist/ (e.g. main's, for a before/after on the same machine).
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
  const server = await startStaticServer(dist);
  const browser = await launchBrowser();
  try {
    if (wanted('first')) report('first_chart', await (await import('./first-chart.ts')).benchFirstChart(dist));
    if (wanted('map')) report('map_browser', await (await import('./map-browser.ts')).benchMapBrowser(browser, server.url));
    // Every part closes the contexts it opened: a page left open keeps its workers running (and
    // its memory held) in this shared browser while the later parts, the import's among them, run.
    const page = async () => (await browser.newContext()).newPage();
    const trustedPage = async (manifestUrl: string) => {
      const context = await browser.newContext();
      await trustSource(context, manifestUrl);
      return context.newPage();
    };
    if (wanted('heatmap')) {
      const { benchHeatmapBrowser } = await import('./heatmap-browser.ts');
      const samplePage = await page();
      report('heatmap_browser_sample', await benchHeatmapBrowser(server.url, samplePage));
      await samplePage.context().close();
      const { withBigProfiles } = await import('./map-browser.ts');
      report('heatmap_browser_btc_sized_12_months', await withBigProfiles(async (url) => {
        const heatmapPage = await trustedPage(url);
        // What the renderers hold with the page still blank (this headless Chromium's own UI has some).
        await new Promise((r) => setTimeout(r, 1000));
        const blank = rendererProcesses();
        const figures = await benchHeatmapBrowser(server.url, heatmapPage, `source=${encodeURIComponent(url)}&oi=80000&price=95000`);
        const after = rendererProcesses();
        const tab = tabRenderer(after);
        const tabPrivate = privateKb(tab);
        // Freed memory the allocators keep until the system asks for it back: a critical
        // memory-pressure signal, as the system sends it, to every process. (Not
        // Memory.forciblyPurgeJavaScriptMemory, used until now: that is Chromium's out-of-memory
        // intervention, which ends the page's scripts and so measured a page no longer alive.)
        const cdp = await heatmapPage.context().newCDPSession(heatmapPage);
        await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
        await new Promise((r) => setTimeout(r, 2000));
        const alive = await heatmapPage.evaluate(() => document.querySelector('.heatmap-view .chart[data-drawn]') !== null);
        const purged = rendererProcesses();
        const out = {
          ...figures,
          // The tab: its renderer process (the page, its engine worker, its service worker).
          tab_rss_mb_after: mb(after.get(tab)!.kb),
          tab_private_mb_after: mb(tabPrivate),
          tab_rss_mb_after_memory_pressure: mb(purged.get(tab)?.kb ?? NaN),
          tab_private_mb_after_memory_pressure: mb(privateKb(tab)),
          // The same process before the app was loaded, when the blank page already ran in it.
          tab_rss_mb_blank_page: mb(blank.get(tab)?.kb ?? NaN),
          // Every renderer of this Chromium, the tab's and the others (as reported before).
          renderer_rss_mb_blank_page: allRenderersMb(blank),
          renderer_rss_mb_after: allRenderersMb(after),
          renderer_rss_mb_after_memory_pressure: allRenderersMb(purged),
          renderers_after: after.size,
          page_alive_after_memory_pressure: alive ? 1 : 0,
          renderers_webui_rss_mb_after: mb([...after.values()].filter((p) => p.webui).reduce((s, p) => s + p.kb, 0)),
        };
        await heatmapPage.context().close();
        return out;
      }));
    }
    if (wanted('data')) {
      const dataPage = await page();
      report('data_browser', await (await import('./data-browser.ts')).benchDataBrowser(server.url, dataPage));
      await dataPage.context().close();
    }
    if (wanted('live')) report('live_browser', await (await import('./live-browser.ts')).benchLiveBrowser(browser, server.url, dist));
    if (wanted('import')) report('import_browser', await (await import('./import-browser.ts')).benchImportBrowser(browser, server.url));
  } finally {
    await browser.close();
    await server.close();
  }
}

mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/bench.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench/results/bench.json');
