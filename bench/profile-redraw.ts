/**
 * Where a chart redraw's main-thread time goes: a CPU profile (Chromium, CDP Profiler) of map
 * recomputes (whale threshold changes, 365 d) and heatmap range clicks (1y <-> 30d) on 12
 * BTC-sized months, printed as self time per script and the busiest functions.
 * `npx tsx bench/profile-redraw.ts [map|heatmap]` (needs dist/).
 */
import path from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { withBigProfiles } from './map-browser.ts';
import { trustSource } from './trust-source.ts';
import { summarise, type Profile } from './cpu-profile.ts';

const which = process.argv[2] ?? 'map';
const server = await startStaticServer(path.resolve(import.meta.dirname, '..', process.env.DIST ?? 'dist'));
const browser = await launchBrowser();

await withBigProfiles(async (manifest) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  await trustSource(context, manifest);
  const page = await context.newPage();
  const q = `source=${encodeURIComponent(manifest)}&oi=80000&price=95000`;
  const drawnStamp = () => page.evaluate(() => document.querySelector('.chart[data-drawn]')?.getAttribute('data-drawn') ?? '0');
  const waitNew = (prev: string) => page.waitForFunction((p) => { const s = document.querySelector('.chart[data-drawn]')?.getAttribute('data-drawn'); return s && s !== p && !document.querySelector('[aria-busy=true]'); }, prev, { timeout: 600_000 });
  await page.goto(`${server.url}?${q}${which === 'map' ? '&window=365' : '&view=heatmap&range=30d'}`);
  await waitNew('0');
  const act = async (i: number) => {
    const prev = await drawnStamp();
    if (which === 'map') await page.getByLabel('Whale threshold').selectOption(i % 2 ? '500000' : '1000000');
    else await page.click(`button[data-range="${i % 2 ? '30d' : '1y'}"]`);
    await waitNew(prev);
  };
  await act(0); await act(1);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  for (let i = 0; i < 6; i++) await act(i);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  console.log(`${which}: 6 redraws in ${Date.now() - t0} ms`);
  summarise(profile, Number(process.env.ROWS ?? 40));
});
await browser.close();
await server.close();
