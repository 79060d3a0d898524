import { expect, test } from 'vitest';
import { monthRange } from '../../../src/lib/archive/names.ts';
import { monthsForWindow } from '../../../src/lib/engine/months.ts';

test('month ranges cross year ends', () => {
  expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  expect(() => monthRange('2025-03', '2025-02')).toThrow('after');
});

test('a window touches exactly the months its hours fall in', () => {
  const last = Date.parse('2025-11-30T23:00:00Z');
  expect(monthsForWindow(last, 0.5)).toEqual(['2025-11']);
  expect(monthsForWindow(last, 30)).toEqual(['2025-11']);
  expect(monthsForWindow(last, 31)).toEqual(['2025-10', '2025-11']);
  expect(monthsForWindow(last, 90)).toEqual(['2025-09', '2025-10', '2025-11']);
  expect(monthsForWindow(Date.parse('2025-03-01T05:00:00Z'), 1)).toEqual(['2025-02', '2025-03']);
  expect(monthsForWindow(last, 365)).toHaveLength(12);
  expect(monthsForWindow(last, 366)).toHaveLength(13);
});
