/** A Chromium CPU profile (CDP Profiler) of a page, printed as self time per script and the busiest functions. */
import path from 'node:path';
import type { Page } from 'playwright-core';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

/** Starts profiling `page`; the returned function stops and prints the summary. */
export async function profilePage(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await cdp.detach();
    summarise(profile);
    longestBusy(profile);
  };
}

/** The longest stretch of samples without idle (about the longest task), summarised on its own. */
export function longestBusy(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const idle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  let best = [0, 0, 0];
  let start = -1;
  let ms = 0;
  p.samples.forEach((id, i) => {
    if (idle(id)) { if (start >= 0 && ms > best[2]) best = [start, i, ms]; start = -1; ms = 0; return; }
    if (start < 0) start = i;
    ms += (p.timeDeltas[i + 1] ?? 0) / 1000;
  });
  // A stretch still busy at the last sample counts too.
  if (start >= 0 && ms > best[2]) best = [start, p.samples.length, ms];
  const [from, to, busy] = best;
  console.log(`longest busy stretch: ${busy.toFixed(0)} ms`);
  summarise({ nodes: p.nodes, samples: p.samples.slice(from, to), timeDeltas: p.timeDeltas.slice(from + 1, to + 1) }, 25);
}

export function summarise(p: Profile, rows = 40): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const byScript = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const script = f.url ? path.basename(f.url) : f.functionName || '(native)';
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
    const fn = `${f.functionName || '(anon)'} ${script}:${f.lineNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  console.log('self time by script:\n' + top(byScript, 12));
  console.log('busiest functions (self):\n' + top(byFn, 30));
  // Inclusive: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (!f.url) continue;
      const fn = `${f.functionName || '(anon)'} ${path.basename(f.url)}:${f.lineNumber}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      total.set(fn, (total.get(fn) ?? 0) + ms);
    }
  }
  console.log('busiest functions (inclusive):\n' + top(total, rows));
}
