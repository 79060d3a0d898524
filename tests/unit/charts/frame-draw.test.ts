import { describe, expect, test } from 'vitest';
import { LatestPerFrame, type Frames } from '../../../src/lib/charts/frame-draw.ts';

/** Frames fired by hand; draws that finish when told. */
function harness() {
  const frames: (() => void)[] = [];
  const manual: Frames = { request: (fn) => void frames.push(fn) };
  const drawn: string[] = [];
  const finish: (() => void)[] = [];
  const drawer = new LatestPerFrame<string>((item) => new Promise<void>((done) => { drawn.push(item); finish.push(done); }), manual);
  const frame = () => frames.splice(0).forEach((f) => f());
  const settle = async () => { finish.splice(0).forEach((f) => f()); await new Promise((r) => setTimeout(r, 0)); };
  return { drawer, frames, drawn, frame, settle };
}

describe('LatestPerFrame', () => {
  test('figures pushed before their frame replace each other: one draw, of the newest', () => {
    const h = harness();
    h.drawer.push('a');
    h.drawer.push('b');
    h.drawer.push('c');
    expect(h.frames.length).toBe(1);
    expect(h.drawn).toEqual([]);
    h.frame();
    expect(h.drawn).toEqual(['c']);
  });

  test('figures pushed during a draw wait for it, then the newest is drawn in the next frame', async () => {
    const h = harness();
    h.drawer.push('a');
    h.frame();
    h.drawer.push('b');
    h.drawer.push('c');
    expect(h.frames.length).toBe(0); // no second Plotly call while one runs
    await h.settle();
    expect(h.frames.length).toBe(1);
    h.frame();
    expect(h.drawn).toEqual(['a', 'c']);
    await h.settle();
    expect(h.frames.length).toBe(0);
  });

  test('nothing is drawn after stop', () => {
    const h = harness();
    h.drawer.push('a');
    h.drawer.stop();
    h.frame();
    h.drawer.push('b');
    h.frame();
    expect(h.drawn).toEqual([]);
  });
});
