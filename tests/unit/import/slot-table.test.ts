import { describe, expect, it } from 'vitest';
import { SlotTable } from '../../../src/lib/import/slot-table.ts';

describe('SlotTable', () => {
  it('gives each key one slot in first-seen order, through growth, for keys past 2^32', () => {
    const t = new SlotTable();
    const keys = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? i * 7 : 2 ** 40 + i * 4_294_967_296 + i));
    // Counted, not asserted one by one: 100,000 expect calls take most of a minute.
    const first = keys.filter((k, i) => t.slot(k) !== i).length;
    const again = keys.filter((k, i) => t.slot(k) !== i || t.find(k) !== i || t.keyOf(i) !== k).length;
    expect([first, again]).toEqual([0, 0]);
    expect(t.size).toBe(keys.length);
    expect(t.find(3)).toBe(-1);
    expect(t.find(2 ** 52)).toBe(-1);
  });
});
