/**
 * Where a visit's time goes: records a Chromium trace of one visit to the built site (up to
 * the first chart) and prints, per thread, the busiest kinds of work and when each thread
 * was busy. `npx tsx bench/trace-cold-visit.ts [--warm] [out.json]` (needs dist/); --warm
 * traces a reload after a first visit, with its caches and service worker.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchPersistent } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

const warm = process.argv.includes('--warm');
const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(os.tmpdir(), `liqmap-${warm ? 'warm' : 'cold'}-visit-trace.json`);
const server = await startStaticServer(path.resolve(import.meta.dirname, '../dist'));
const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-trace-profile-')));
await context.addInitScript(`localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: 'http://127.0.0.1:9' }))`);
const page = context.pages()[0] ?? (await context.newPage());
const drawn = () => page.waitForFunction(() => !!document.querySelector('.chart[data-drawn]') && !document.querySelector('[aria-busy=true]'), undefined, { timeout: 300_000, polling: 50 });
if (warm) {
  await page.goto(server.url);
  await drawn();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForTimeout(3000);
}
const cdp = await context.newCDPSession(page);
const events: TraceEvent[] = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'toplevel', '__metadata'] } });
const t0 = Date.now();
await (warm ? page.reload() : page.goto(server.url));
await drawn();
console.log(`first chart after ${Date.now() - t0} ms`);
await cdp.send('Tracing.end');
await complete;
writeFileSync(out, JSON.stringify({ traceEvents: events }));
await context.close();
await server.close();

const threadName = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
const start = Math.min(...events.filter((e) => e.name === 'navigationStart' || e.ph === 'X').map((e) => e.ts));
// Top-level tasks only: what kept each thread busy, and when.
const perThread = new Map<string, { busy: number; first: number; last: number; kinds: Map<string, number> }>();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur || e.dur < 1000) continue;
  const key = `${e.pid}:${e.tid}`;
  const name = threadName.get(key) ?? key;
  if (!/CrRendererMain|Worker|ThreadPool|Compositor|V8/.test(name)) continue;
  const t = perThread.get(key) ?? { busy: 0, first: Infinity, last: 0, kinds: new Map() };
  if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
    t.busy += e.dur;
    t.first = Math.min(t.first, e.ts - start);
    t.last = Math.max(t.last, e.ts + e.dur - start);
  } else {
    t.kinds.set(e.name, (t.kinds.get(e.name) ?? 0) + e.dur);
  }
  perThread.set(key, t);
}
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
for (const [key, t] of [...perThread].sort((a, b) => b[1].busy - a[1].busy).slice(0, 8)) {
  if (t.busy < 50_000) continue;
  console.log(`\n${threadName.get(key) ?? key}: busy ${ms(t.busy)}, from ${ms(t.first)} to ${ms(t.last)}`);
  for (const [k, d] of [...t.kinds].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${ms(d).padStart(9)}  ${k}`);
}
console.log(`\ntrace: ${out} (open in chrome://tracing or Perfetto)`);
