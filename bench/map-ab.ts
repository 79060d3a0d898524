/**
 * A/B of two builds on the Liquidation Map's settings change -> drawn (map-browser.ts's
 * recompute, 20 changes a run) on 12 BTC-sized months, interleaved (A, B, B, A, ... so drift
 * and other load fall on both): every change's time pooled per build, medians and p95, the
 * worker's compute beside them, and the load average.
 * `npx tsx bench/map-ab.ts <distA> <distB> [rounds] [days]` (days: 365 unless given).
 */
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { recompute, withBigProfiles } from './map-browser.ts';
import { quantile } from './stats.ts';

const [a, b, roundsArg, daysArg] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: map-ab.ts <distA> <distB> [rounds] [days]');
const rounds = Number(roundsArg ?? 4);
const days = Number(daysArg ?? 365);

const browser = await launchBrowser();
const servers = await Promise.all([a, b].map((d) => startStaticServer(path.resolve(d))));
const drawn: number[][] = [[], []];
const worker: number[][] = [[], []];
const loads: number[] = [];
try {
  await withBigProfiles(async (manifest) => {
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        loads.push(os.loadavg()[0]);
        const run = await recompute(browser, servers[i].url, manifest, days);
        drawn[i].push(...run.drawn);
        worker[i].push(...run.worker);
        console.log(`round ${r + 1} ${'AB'[i]}: change -> drawn median ${run.clickToDrawnMs} p95 ${run.clickToDrawnP95Ms}, worker ${run.computeMs} ms; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      }
    }
  });
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
console.log(`${days} d, ${rounds} rounds; 1-min load average during the runs: median ${quantile(loads, 0.5).toFixed(1)}, max ${Math.max(...loads).toFixed(1)} (${os.cpus().length} cores)`);
[a, b].forEach((d, i) => console.log(`${'AB'[i]} ${d}: change -> drawn median ${quantile(drawn[i], 0.5)} p95 ${quantile(drawn[i], 0.95)} ms (${drawn[i].length} changes), worker median ${quantile(worker[i], 0.5)} ms`));
