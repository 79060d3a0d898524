/**
 * A/B of two builds of the heatmap, interleaved (A, B, B, A, ... so drift and other load fall on
 * both): the live replay's longest main-thread task on the heatmap view (live-browser.ts) and the
 * range click -> drawn times on 12 BTC-sized months (heatmap-browser.ts), with medians, p95 and
 * the load average; the live runs also trace the main thread's tasks in CPU time (task-cpu.ts),
 * which a loaded machine does not stretch. `full`: the live replay onto a full liquidation buffer
 * (live-browser.ts's FULL_BUFFER streamed in first).
 * `npx tsx bench/heatmap-ab.ts <distA> <distB> [rounds] [live,full,click]`.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { sampleLastCandle, sampleLastClose } from '../tests/browser/app-fixture.ts';
import { startStreamMock } from '../tests/mock/stream-mock.ts';
import { FULL_BUFFER, liveRun } from './live-browser.ts';
import { benchHeatmapBrowser } from './heatmap-browser.ts';
import { withBigProfiles } from './map-browser.ts';
import { trustSource } from './trust-source.ts';
import { traceTasks } from './task-cpu.ts';
import { quantile } from './stats.ts';

const [a, b, roundsArg, whatArg] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: heatmap-ab.ts <distA> <distB> [rounds] [live,full,click]');
const dists = [path.resolve(a), path.resolve(b)];
const rounds = Number(roundsArg ?? 4);
const what = (whatArg ?? 'live,click').split(',');

const samples = new Map<string, number[]>();
const add = (k: string, v: number) => samples.set(k, [...(samples.get(k) ?? []), v]);
const loads: number[] = [];

const browser: Browser = await launchBrowser();
const servers = await Promise.all(dists.map((d) => startStaticServer(d)));
const streams = await startStreamMock();
try {
  const close = await sampleLastClose(dists[0], 'BTCUSDT', '2025-11');
  const lastCandle = await sampleLastCandle(dists[0], 'BTCUSDT', '2025-11');
  await withBigProfiles(async (manifest) => {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [1, 0] : [0, 1];
      for (const i of order) {
        const tag = i === 0 ? 'A' : 'B';
        loads.push(os.loadavg()[0]);
        for (const [kind, prefilled] of [['live', 0], ['full', FULL_BUFFER]] as const) {
          if (!what.includes(kind)) continue;
          let cpu = { longestCpuMs: NaN, totalCpuMs: NaN };
          const traced = async (page: Parameters<typeof traceTasks>[0]) => { const stop = await traceTasks(page); return async () => { cpu = await stop(); }; };
          const idBase = (kind === 'live' ? 40_000_000 : 80_000_000) + r * 1_000_000 + i * 500_000;
          const run = await liveRun(browser, servers[i].url, streams, close, lastCandle, 'heatmap', idBase, traced, '', prefilled);
          add(`${tag} ${kind} longest task ms`, run.longest);
          add(`${tag} ${kind} longest task CPU ms (trace)`, cpu.longestCpuMs);
          add(`${tag} ${kind} main-thread CPU ms in all (trace)`, cpu.totalCpuMs);
          add(`${tag} ${kind} markers drawn`, run.markers);
          add(`${tag} ${kind} early picture slot writes`, run.slotWrites);
        }
        if (what.includes('click')) {
          const context = await browser.newContext();
          await trustSource(context, manifest);
          const out = await benchHeatmapBrowser(servers[i].url, await context.newPage(), `source=${encodeURIComponent(manifest)}&oi=80000&price=95000`);
          add(`${tag} click 90d -> drawn ms (median of 3)`, out.heatmap_90d_click_to_drawn_ms);
          add(`${tag} click 1y -> drawn ms (median of 3)`, out.heatmap_1y_click_to_drawn_ms);
          await context.close();
        }
        console.log(`round ${r + 1} ${tag} done, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      }
    }
  });
} finally {
  await streams.close();
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
console.log(`A = ${dists[0]}\nB = ${dists[1]}\n${rounds} rounds; 1-min load average during the runs: median ${quantile(loads, 0.5).toFixed(1)}, max ${Math.max(...loads).toFixed(1)} (${os.cpus().length} cores)`);
for (const [k, xs] of [...samples].sort()) console.log(`${k.padEnd(44)} median ${quantile(xs, 0.5).toFixed(0).padStart(6)}  p95 ${quantile(xs, 0.95).toFixed(0).padStart(6)}  [${xs.map((x) => x.toFixed(0)).join(', ')}]`);
