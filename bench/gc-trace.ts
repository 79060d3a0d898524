/**
 * The page's garbage collections on the main thread (a Chromium trace's V8 GC events): each
 * pause of at least 5 ms with its kind (MinorGC: a scavenge of the young objects; MajorGC: a
 * mark-compact of the whole heap, whose pause grows with what the page holds) and the heap
 * before and after, then the count and sum per kind; GC_ARGS=1 adds why each major GC ran and
 * the time per GC phase.
 */
import type { Page } from 'playwright-core';
import { traceMainThread } from './task-cpu.ts';

/** Starts tracing `page`; the returned function stops and prints its main thread's GC pauses. */
export async function gcPausesOf(page: Page): Promise<() => Promise<void>> {
  const stop = await traceMainThread(page, 'devtools.timeline,disabled-by-default-v8.gc,v8');
  return async () => {
    const { events, onMain } = await stop();
    const gcs = events.filter((e) => (e.name === 'MinorGC' || e.name === 'MajorGC') && e.ph === 'X' && onMain(e));
    const t0 = Math.min(...gcs.map((e) => e.ts));
    const mb = (b?: number) => (b === undefined ? '?' : (b / 1e6).toFixed(0));
    for (const e of gcs) if ((e.dur ?? 0) >= 5_000) console.log(`  ${((e.ts - t0) / 1e6).toFixed(2).padStart(6)} s  ${e.name.padEnd(8)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  heap ${mb(e.args?.usedHeapSizeBefore)} -> ${mb(e.args?.usedHeapSizeAfter)} MB`);
    if (process.env.GC_ARGS) {
      // Why each major GC ran, and the time of the GC phases (which part of a pause grew).
      for (const e of gcs) if (e.name === 'MajorGC') console.log(`  MajorGC: ${e.args?.type ?? '?'}`);
      const phases = new Map<string, number>();
      for (const e of events) if (onMain(e) && /GC|Mark|Sweep|Scaven|Heap/.test(e.name)) phases.set(e.name, (phases.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
      console.log([...phases].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
    }
    for (const kind of ['MinorGC', 'MajorGC']) {
      const ms = gcs.filter((e) => e.name === kind).map((e) => (e.dur ?? 0) / 1000);
      console.log(`${kind}: ${ms.length} pauses, ${ms.reduce((s, x) => s + x, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...ms).toFixed(1)} ms`);
    }
  };
}
