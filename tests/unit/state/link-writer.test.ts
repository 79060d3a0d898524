import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { LinkWriter, WRITE_MS } from '../../../src/lib/state/link-writer.ts';

const writes: string[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  writes.length = 0;
  const location = { search: '', pathname: '/liqmap/' };
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, url: string) => { writes.push(url); location.search = url.startsWith('?') ? url : ''; } });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('a pan\'s many steps make one history write per interval, of the last step', () => {
  let step = 0;
  const writer = new LinkWriter(() => `?mapzoom=${step},${step + 10}`);
  for (step = 1; step <= 100; step++) writer.replace();
  step = 100;
  expect(writes).toEqual([]);
  vi.advanceTimersByTime(WRITE_MS);
  expect(writes).toEqual(['?mapzoom=100,110']);
  // Nothing pending, nothing written; an unchanged address is not written again.
  vi.advanceTimersByTime(WRITE_MS * 4);
  writer.replace();
  vi.advanceTimersByTime(WRITE_MS);
  expect(writes).toHaveLength(1);
});

test('flush writes a pending change at once (before a new history entry); the bare view is the bare path', () => {
  let search = '?mapzoom=1,2';
  const writer = new LinkWriter(() => search);
  writer.replace();
  writer.flush();
  expect(writes).toEqual(['?mapzoom=1,2']);
  search = '';
  writer.replace();
  writer.stop();
  vi.advanceTimersByTime(WRITE_MS);
  expect(writes).toHaveLength(1);
  writer.flush();
  expect(writes).toEqual(['?mapzoom=1,2', '/liqmap/']);
});
