import { expect, test } from 'vitest';
import { formatBytes, sourceLabel } from '../../../src/lib/data/describe.ts';

test('formatBytes picks a unit a reader understands', () => {
  expect([0, 999, 1500, 2_345_678, 3.2e9].map(formatBytes)).toEqual(['0 B', '999 B', '1.5 kB', '2.3 MB', '3.20 GB']);
  expect(formatBytes(undefined)).toBe('—');
});

test('sourceLabel names uploads, the bundled sample and remote folders', () => {
  const sample = 'https://me.github.io/liqmap/sample/manifest.json';
  expect(sourceLabel('upload', sample)).toBe('your upload');
  expect(sourceLabel(`remote:${sample}`, sample)).toBe('bundled sample');
  expect(sourceLabel('remote:https://data.example.org/p/manifest.json', sample)).toBe('data.example.org/p/');
  expect(sourceLabel('remote:not a url', sample)).toBe('not a url');
});
