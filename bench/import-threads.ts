/**
 * Whether an archive import keeps both cores busy: the bench's zip (bench/import-browser.ts)
 * imported in Chromium from each build given, in turn, with the tab's threads' CPU read from
 * /proc every 100 ms. Prints per import the CPU seconds of each busy thread (the dedicated
 * workers in start order: engine, import, unpacking), the import and unpacking workers' CPU per
 * 100 ms (centiseconds, `import/unpack`: both near 10 is two cores busy) and their overlap
 * (the sum over windows of the smaller of the two). Unlike bench/profile-import.ts's samples,
 * CPU read from /proc does not count time a thread waited for a core, so it holds up on a
 * loaded machine. Linux only.
 * Usage: npx tsx bench/import-threads.ts <dist> [more dists]; BENCH_ROUNDS (2).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { rendererProcesses, tabRenderer } from './renderers.ts';
import { ensureZip, importEnded } from './import-browser.ts';

const dists = process.argv.slice(2);
if (dists.length === 0) throw new Error('usage: npx tsx bench/import-threads.ts <dist> [more dists]');
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

interface Thread { name: string; cpu: number }

/** CPU seconds of each thread of `pid`, by thread id. */
function threads(pid: number): Map<number, Thread> {
  const out = new Map<number, Thread>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(Number(tid), { name, cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch { /* ended */ }
  }
  return out;
}

const { zip } = await ensureZip(5_000_000);
const browser = await launchBrowser();
const servers = await Promise.all(dists.map((d) => startStaticServer(path.resolve(d))));
try {
  for (let r = 0; r < rounds; r++) {
    for (const [i, server] of servers.entries()) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}?view=data&symbol=BNCHUSDT`);
      await page.getByTestId('upload-input').waitFor({ state: 'attached' });
      // The data view starts the import's workers when it opens: let them come up first.
      await page.waitForTimeout(1500);
      const pid = tabRenderer(rendererProcesses());
      const samples = [threads(pid)];
      const timer = setInterval(() => samples.push(threads(pid)), 100);
      const started = performance.now();
      await page.getByTestId('upload-input').setInputFiles(zip);
      await importEnded(page);
      const wall = (performance.now() - started) / 1000;
      clearInterval(timer);
      samples.push(threads(pid));
      await context.close();
      const first = samples[0];
      const last = samples[samples.length - 1];
      const used = [...last].map(([tid, t]) => ({ tid, name: t.name, cpu: t.cpu - (first.get(tid)?.cpu ?? 0) }))
        .filter((t) => t.cpu >= 0.05).sort((a, b) => a.tid - b.tid);
      const [importer, unpacker] = used.filter((t) => t.name.startsWith('DedicatedWorker')).slice(-2).map((t) => t.tid);
      const windows: number[][] = [];
      for (let k = 1; k < samples.length; k++) windows.push([importer, unpacker].map((tid) => (samples[k].get(tid)?.cpu ?? 0) - (samples[k - 1].get(tid)?.cpu ?? 0)));
      const overlap = windows.reduce((s, w) => s + Math.min(...w), 0);
      console.log(`round ${r + 1} ${dists[i]}: wall ${wall.toFixed(2)} s, tab cpu ${used.reduce((s, t) => s + t.cpu, 0).toFixed(2)} s (${used.map((t) => `${t.name} ${t.cpu.toFixed(2)}`).join(', ')}); overlap ${overlap.toFixed(2)} s; load ${loadavg()[0].toFixed(1)}`);
      console.log(`  import/unpack cs per 100 ms: ${windows.map((w) => w.map((x) => Math.round(x * 100)).join('/')).join(' ')}`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
