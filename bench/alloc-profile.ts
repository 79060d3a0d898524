/**
 * Where a page allocates (CDP HeapProfiler sampling, objects collected since counted too): bytes
 * allocated per function, self and inclusive, for finding the garbage behind long GC pauses.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';

interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] }

/** Starts sampling `page`'s allocations; the returned function stops and prints the summary. */
export async function allocationsOf(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return async () => {
    const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } };
    await cdp.detach();
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const name = (n: HeapNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url ? path.basename(n.callFrame.url) : '(native)'}:${n.callFrame.lineNumber}`;
    const walk = (n: HeapNode, stack: Set<string>): number => {
      const fn = name(n);
      self.set(fn, (self.get(fn) ?? 0) + n.selfSize);
      const inner = new Set(stack).add(fn);
      let size = n.selfSize;
      for (const c of n.children) size += walk(c, inner);
      if (!stack.has(fn)) total.set(fn, (total.get(fn) ?? 0) + size);
      return size;
    };
    const all = walk(profile.head, new Set());
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${(v / 1e6).toFixed(1).padStart(7)} MB  ${k}`).join('\n');
    console.log(`allocated in all: ${(all / 1e6).toFixed(0)} MB`);
    console.log('allocating functions (self):\n' + top(self, 30));
    console.log('allocating functions (inclusive):\n' + top(total, 40));
  };
}
