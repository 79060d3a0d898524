/**
 * The Chromium renderer processes a bench launched (Linux ps and /proc), for its memory and CPU
 * figures: every renderer of this run, and among them the tab's (the one running the page's
 * workers); and whether the browser has gone idle. One walk for the benches that report them
 * (bench/run.ts, bench/import-browser.ts).
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Renderer {
  /** Resident memory, kB. */
  kb: number;
  /** Chromium's own UI (`--top-chrome-webui`), not a page's. */
  webui: boolean;
}

/** Chromium's processes of this run (descendants of this process), by pid: resident kB and command line. */
function chromiumProcesses(): Map<number, { kb: number; args: string[] }> {
  const rows = execSync('ps -eo pid=,ppid=,rss=,args=', { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/)).filter((r) => r.length > 3);
  // Only descendants of this process: other Chromiums on the machine (tests running beside) are not ours.
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of rows) if (ours.has(Number(ppid)) && !ours.has(Number(pid))) { ours.add(Number(pid)); grew = true; }
  }
  const out = new Map<number, { kb: number; args: string[] }>();
  for (const [pid, , rss, ...args] of rows) if (ours.has(Number(pid)) && args.some((a) => /chrom/.test(a))) out.set(Number(pid), { kb: Number(rss), args });
  return out;
}

/**
 * Resident memory of each renderer process of this run, by pid. It spawns ps (which reads every
 * process's command line, blocking this event loop meanwhile): list the renderers with it once,
 * then sample their memory with residentNow.
 */
export function rendererProcesses(): Map<number, Renderer> {
  const out = new Map<number, Renderer>();
  for (const [pid, { kb, args }] of chromiumProcesses()) if (args.includes('--type=renderer')) out.set(pid, { kb, webui: args.includes('--top-chrome-webui') });
  return out;
}

/**
 * Waits until this run's Chromium is idle (under 10% of a core over 200 ms; at most `maxMs`):
 * a new context opens a window whose own UI renderer and the browser process take ~1 s of CPU
 * starting up. A user's browser has its window open already: a bench that times what a page
 * does from its opening waits this out first, then opens the page. Returns the ms waited.
 */
export async function browserIdle(maxMs = 5_000): Promise<number> {
  const pids = [...chromiumProcesses().keys()];
  const started = performance.now();
  for (let before = cpuSeconds(pids); performance.now() - started < maxMs;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = cpuSeconds(pids);
    if (now - before < 0.02) break;
    before = now;
  }
  return performance.now() - started;
}

/**
 * The same renderers' resident memory now, read from /proc/<pid>/status (no process spawned,
 * nothing else read: cheap enough to sample during a timed run); an ended one is left out.
 */
export function residentNow(procs: Map<number, Renderer>): Map<number, Renderer> {
  const out = new Map<number, Renderer>();
  for (const [pid, p] of procs) {
    try {
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) out.set(pid, { kb: Number(kb[1]), webui: p.webui });
    } catch { /* ended */ }
  }
  return out;
}

export const mb = (kb: number) => Math.round(kb / 1024);

/** The sum over every renderer of this run (what the benches reported before they counted the tab alone). */
export const allRenderersMb = (procs: Map<number, { kb: number }>) => mb([...procs.values()].reduce((s, p) => s + p.kb, 0));

/**
 * The renderer process of the tab: the one running a dedicated worker (the engine worker lives
 * in its page's process; the thread is named so in /proc). The other renderers of a headless
 * Chromium are not the tab's: its own UI (the omnibox popup, `--top-chrome-webui`, ~160 MB) and
 * the spare renderer it keeps launched for the next navigation (~75 MB, mostly shared pages).
 */
export function tabRenderer(procs: Map<number, unknown>, otherTabs: ReadonlySet<number> = new Set()): number {
  const withWorker = workerRenderers(procs).filter((pid) => !otherTabs.has(pid));
  if (withWorker.length !== 1) throw new Error(`expected one renderer running a dedicated worker, found ${withWorker.length}`);
  return withWorker[0];
}

/**
 * The renderers running a dedicated worker: pages' tabs. A bench that opens its page while
 * earlier pages of the same browser still run takes these first and passes them to tabRenderer.
 */
export function workerRenderers(procs: Map<number, unknown>): number[] {
  return [...procs.keys()].filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`).some((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').startsWith('DedicatedWorker'));
    } catch {
      return false;
    }
  });
}

/** kB of a process's memory no other process shares (what closing it would give back). */
export function privateKb(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return [...rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)].reduce((s, m) => s + Number(m[1]), 0);
}

/** CPU time the processes have used, seconds (/proc: user + system, in clock ticks of 1/100 s); an ended one counts 0. */
export function cpuSeconds(pids: Iterable<number>): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* ended */ }
  }
  return ticks / 100;
}
