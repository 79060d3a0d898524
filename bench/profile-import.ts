/**
 * Where an archive import's time goes, per thread and stage: the bench's zip imported in
 * Chromium with a CPU profile (CDP Profiler) of the page and each of its workers (import,
 * hash, engine), attached before the import worker starts. Prints each thread's busy CPU, its
 * self time per stage (functions mapped to inflate, crc, hash, parse, aggregate, Parquet,
 * IndexedDB and engine load) and its busiest functions.
 * Usage: npx tsx bench/profile-import.ts [zip] (default: bench/import-browser.ts's 5 M-row zip;
 * BENCH_DIST another build's dist/).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { summarise, type Profile } from './cpu-profile.ts';
import { importEnded } from './import-browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const zip = process.argv[2] ?? path.join(root, '.cache/bench-import/archive-5000000/data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11.zip');
const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist');
if (!existsSync(zip)) throw new Error(`no zip at ${zip}: run BENCH_ONLY=import npx tsx bench/run.ts once`);

/**
 * A function's stage, from its name and script (self time only; names as in an unminified
 * build: `npx vite build --minify false --outDir …` and BENCH_DIST). Native `write` is the
 * DecompressionStream's writer, where the platform inflates; native `read` a stream read.
 */
const STAGES: [stage: string, test: RegExp][] = [
  ['hash (sha256)', /sha256|SHA256|noble|^process |rotr|Chi |Maj |\s[0-9a-f]{8}$|wasm/],
  ['crc32', /crc32/],
  ['inflate (native writer.write)', /^write $/],
  ['stream reads (native)', /^read $/],
  ['parse', /plainLine|^line |^field |decimalAt|booleanAt|^emit |LineSplitter|indexOf/],
  ['aggregate', /^add(Trade)? |binIndex|^slot |^find |rehash|^grow |^bigger |slotOf|recache/],
  ['profile columns', /^volume |^candles |^pick |cleanDecimal|sort/],
  ['Parquet write', /parquet|Parquet|encode|write[A-Z]|Statistics|Dictionary|compressInput|append(Uint|Bytes|Varint|Int)|toBigInt|PageBoundaries|emitLiteral|compareValues|unconvert|^ensure |BitPacked|snappy/],
  ['stream plumbing (push, messages)', /^push |postMessage|onmessage|^out |^data |^handle /],
  ['garbage collection', /\(garbage collector\)/],
  ['idle', /\(idle\)/],
  ['program (native, unattributed)', /\(program\)/],
];

function stageOf(fn: string): string {
  for (const [stage, test] of STAGES) if (test.test(fn)) return stage;
  return 'other';
}

/** Self ms per stage, and when each stage was first and last seen (ms since `t0`, the page profile's start). */
function stageSplit(p: Profile & { startTime?: number }, t0: number): Map<string, { ms: number; from: number; to: number }> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { ms: number; from: number; to: number }>();
  let at = ((p.startTime ?? t0) - t0) / 1000;
  p.samples.forEach((id, i) => {
    at += (p.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)!.callFrame;
    const fn = `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}`;
    const st = stageOf(fn);
    const e = out.get(st) ?? { ms: 0, from: at, to: at };
    e.ms += (p.timeDeltas[i] ?? 0) / 1000;
    e.to = at;
    out.set(st, e);
  });
  return out;
}

/** A CDP session: the page's, or a worker's reached through its parent (nested workers too). */
interface Session {
  name: string;
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, listener: (params: Record<string, unknown>) => void): void;
}

function childOf(parent: Session, sessionId: string, name: string): Session {
  let nextId = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  const listeners = new Map<string, ((p: Record<string, unknown>) => void)[]>();
  parent.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message as string) as { id?: number; result?: unknown; method?: string; params?: Record<string, unknown> };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
    else if (m.method) for (const l of listeners.get(m.method) ?? []) l(m.params ?? {});
  });
  return {
    name,
    send: (method, params = {}) => new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void parent.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    }),
    on: (event, l) => listeners.set(event, [...(listeners.get(event) ?? []), l]),
  };
}

/** Profiles every worker `s` starts (and theirs), from their first line. */
async function profileWorkers(s: Session, found: Session[]): Promise<void> {
  s.on('Target.attachedToTarget', async (e) => {
    const info = e.targetInfo as { type: string; url: string };
    const c = childOf(s, e.sessionId as string, `${info.type} ${path.basename(info.url)}`);
    found.push(c);
    await c.send('Profiler.enable');
    await c.send('Profiler.setSamplingInterval', { interval: 500 });
    await c.send('Profiler.start');
    await profileWorkers(c, found);
    await c.send('Runtime.runIfWaitingForDebugger');
  });
  await s.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

async function main(): Promise<void> {
  const server = await startStaticServer(dist);
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}?view=data&symbol=BNCHUSDT`);
  await page.getByTestId('upload-input').waitFor({ state: 'attached' });
  const cdp: CDPSession = await context.newCDPSession(page);
  const root: Session = {
    name: 'page',
    send: (method, params) => cdp.send(method as never, params as never) as Promise<unknown>,
    on: (event, l) => cdp.on(event as never, l as never),
  };
  const children: Session[] = [];
  await profileWorkers(root, children);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const started = performance.now();
  await page.getByTestId('upload-input').setInputFiles(zip);
  await importEnded(page);
  const seconds = (performance.now() - started) / 1000;
  console.log(`import: ${seconds.toFixed(2)} s wall; ${(await page.getByTestId('import-lines').textContent())?.slice(0, 200)}`);
  const threads: [string, Profile][] = [['page', ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile]];
  for (const c of children) {
    const r = (await c.send('Profiler.stop')) as { profile?: Profile } | undefined;
    if (r?.profile) threads.push([c.name, r.profile]);
  }
  const t0 = (threads[0][1] as Profile & { startTime: number }).startTime;
  for (const [name, p] of threads) {
    const split = stageSplit(p, t0);
    const busy = [...split].filter(([k]) => k !== 'idle').reduce((s, [, v]) => s + v.ms, 0);
    console.log(`\n===== ${name}: busy ${busy.toFixed(0)} ms`);
    console.log([...split].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => `  ${v.ms.toFixed(0).padStart(7)} ms  ${k.padEnd(32)} seen ${(v.from / 1000).toFixed(2)}..${(v.to / 1000).toFixed(2)} s`).join('\n'));
    if (busy > 100 && process.env.PROFILE_DETAIL !== '0') summarise(p, 25);
  }
  await browser.close();
  await server.close();
}

await main();
