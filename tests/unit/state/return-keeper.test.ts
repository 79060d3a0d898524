import { describe, expect, test } from 'vitest';
import { ReturnKeeper, type KeeperClock } from '../../../src/lib/state/return-keeper.ts';

/** A clock moved by hand: timers run when `advance` passes them. */
function manualClock(): KeeperClock & { advance(ms: number): void } {
  let now = 1_000_000;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    later(run, ms) {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    cancel: (id) => void timers.delete(id),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(id);
        t.run();
      }
    },
  };
}

function setup() {
  const clock = manualClock();
  const kept: [string, number, boolean][] = [];
  const keeper = new ReturnKeeper<number>((key, item, hidden) => kept.push([key, item, hidden]), clock, 60_000);
  return { clock, kept, keeper };
}

describe('ReturnKeeper', () => {
  test('keeps the first figure at once, then the newest of a live view once a minute', () => {
    const { clock, kept, keeper } = setup();
    keeper.offer('?view=map', 1);
    expect(kept).toEqual([['?view=map', 1, false]]);
    clock.advance(5_000);
    keeper.offer('?view=map', 2);
    clock.advance(5_000);
    keeper.offer('?view=map', 3);
    clock.advance(49_999);
    expect(kept).toHaveLength(1);
    clock.advance(1);
    expect(kept).toEqual([['?view=map', 1, false], ['?view=map', 3, false]]);
    // Nothing newer: nothing more is kept.
    clock.advance(120_000);
    expect(kept).toHaveLength(2);
  });

  test('keeps a figure of another view state at once, and the pending one is not kept after it', () => {
    const { clock, kept, keeper } = setup();
    keeper.offer('?view=map', 1);
    clock.advance(1_000);
    keeper.offer('?view=map', 2);
    keeper.offer('?view=map&window=7', 3);
    expect(kept).toEqual([['?view=map', 1, false], ['?view=map&window=7', 3, false]]);
    clock.advance(120_000);
    expect(kept).toHaveLength(2);
  });

  test('keeps the newest at once when the page is hidden; nothing when it was kept already', () => {
    const { clock, kept, keeper } = setup();
    keeper.offer('?view=heatmap', 1);
    clock.advance(2_000);
    keeper.offer('?view=heatmap', 2);
    keeper.flush();
    expect(kept).toEqual([['?view=heatmap', 1, false], ['?view=heatmap', 2, true]]);
    keeper.flush();
    clock.advance(120_000);
    expect(kept).toHaveLength(2);
  });

  test('keeps nothing more once stopped', () => {
    const { clock, kept, keeper } = setup();
    keeper.offer('?view=map', 1);
    clock.advance(1_000);
    keeper.offer('?view=map', 2);
    keeper.stop();
    keeper.flush();
    clock.advance(120_000);
    expect(kept).toEqual([['?view=map', 1, false]]);
  });
});
