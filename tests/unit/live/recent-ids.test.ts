// The lately seen ids that drop the overlap of two connections: the last `limit` first sights.
import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../src/lib/recent-ids.ts';

describe('RecentIds', () => {
  it('knows the last `limit` ids first seen and forgets older ones, oldest first', () => {
    const ids = new RecentIds(3);
    expect(['a', 'b', 'a', 'c'].map((id) => ids.firstSight(id))).toEqual([true, true, false, true]);
    expect(ids.firstSight('d')).toBe(true); // a goes
    expect(['b', 'c', 'd'].map((id) => ids.firstSight(id))).toEqual([false, false, false]);
    expect(ids.firstSight('a')).toBe(true); // seen again after it was forgotten; b goes
    expect(['b', 'c'].map((id) => ids.firstSight(id))).toEqual([true, true]); // b back in: c went, then c back: d went
    expect(['a', 'b', 'c', 'd'].map((id) => ids.firstSight(id))).toEqual([false, false, false, true]);
  });
});
