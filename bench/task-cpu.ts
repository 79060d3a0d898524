/**
 * The page's main-thread tasks in CPU time (a Chromium trace's RunTask thread durations): the
 * longest task as the thread ran it, which a loaded machine does not stretch the way it
 * stretches wall time (PerformanceObserver's longtask).
 */
import type { Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; usedHeapSizeBefore?: number; usedHeapSizeAfter?: number; type?: string };
}

/** Starts a Chromium trace of `page`; the returned function stops it and resolves with its events and a test for the renderers' main threads. */
export async function traceMainThread(page: Page, categories: string): Promise<() => Promise<{ events: TraceEvent[]; onMain: (e: TraceEvent) => boolean }>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => { for (const x of e.value as unknown as TraceEvent[]) events.push(x); });
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    return { events, onMain: (e) => main.has(`${e.pid}:${e.tid}`) };
  };
}

/** Starts tracing; the returned function stops and resolves with the longest and total task CPU ms of the renderers' main threads. */
export async function traceTasks(page: Page): Promise<() => Promise<{ longestCpuMs: number; totalCpuMs: number }>> {
  const stop = await traceMainThread(page, 'disabled-by-default-devtools.timeline,devtools.timeline,toplevel');
  return async () => {
    const { events, onMain } = await stop();
    const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e) && e.tdur !== undefined);
    return { longestCpuMs: Math.max(0, ...tasks.map((t) => t.tdur! / 1000)), totalCpuMs: tasks.reduce((s, t) => s + t.tdur! / 1000, 0) };
  };
}
