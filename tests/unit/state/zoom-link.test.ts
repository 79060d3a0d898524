import { describe, expect, test } from 'vitest';
import { ZoomLink, fittedZoom } from '../../../src/lib/state/zoom-link.ts';
import { DEFAULT_VIEW, changedView, type ViewState } from '../../../src/lib/state/view-state.ts';
import type { Range, ZoomControl } from '../../../src/lib/charts/canvas-chart.ts';

/** A drawn heatmap's zoom over the times 0-50 (x) and the prices 100-200 (y), as canvas-chart.ts reports it. */
function chart(link: () => ZoomLink): ZoomControl & { sets: Record<string, Range | null>[] } {
  const extents: Record<string, Range> = { x: { min: 0, max: 50 }, y: { min: 100, max: 200 } };
  const ranges: Record<string, Range | null> = { x: null, y: null };
  const sets: Record<string, Range | null>[] = [];
  return {
    ranges, sets,
    extent: (key) => extents[key] ?? null,
    set(next) {
      sets.push(next);
      for (const [k, r] of Object.entries(next)) ranges[k] = r && (r.min > extents[k].min || r.max < extents[k].max) ? r : null;
      link().reported({ ...ranges });
    },
  };
}

function setUp(start: Partial<ViewState> = {}) {
  let view: ViewState = { ...DEFAULT_VIEW, ...start };
  const problems: string[] = [];
  const link = new ZoomLink({ x: 'heatmapZoom', y: 'heatmapZoomY' }, { view: () => view, set: (patch) => (view = changedView(view, patch)), problem: (p) => problems.push(p) });
  const control = chart(() => link);
  return { link, control, problems, view: () => view, change: (patch: Partial<ViewState>) => { view = changedView(view, patch); link.follow(); } };
}

describe('a chart zoom kept in the view', () => {
  test('a zoom is cut to the data; one off it is none; one covering it all is the whole picture', () => {
    const extent = { min: 100, max: 200 };
    expect(fittedZoom({ min: 120, max: 150 }, extent)).toEqual({ min: 120, max: 150 });
    expect(fittedZoom({ min: 50, max: 150 }, extent)).toEqual({ min: 100, max: 150 });
    expect(fittedZoom({ min: 50, max: 250 }, extent)).toBeNull();
    expect(fittedZoom({ min: 10, max: 20 }, extent)).toBeUndefined();
    expect(fittedZoom({ min: 200, max: 300 }, extent)).toBeUndefined();
    expect(fittedZoom({ min: 10, max: 20 }, null)).toBeUndefined();
  });

  test('the chart\'s zooms go into the view; nothing is asked of the chart before it has drawn', () => {
    const { link, control, view } = setUp({ heatmapZoomY: { min: 120, max: 130 } });
    link.follow();
    expect(control.sets).toEqual([]);
    link.drawn(control);
    expect(control.sets).toEqual([{ y: { min: 120, max: 130 } }]);
    expect(control.ranges.y).toEqual({ min: 120, max: 130 });
    // A drag reported by the chart; then a reset.
    link.reported({ x: null, y: { min: 150, max: 160 } });
    expect(view().heatmapZoomY).toEqual({ min: 150, max: 160 });
    link.reported({ x: null, y: null });
    expect(view().heatmapZoomY).toBeNull();
  });

  test('a link\'s zoom partly off the data is cut, wholly off it is dropped with a message naming the parameter', () => {
    const cut = setUp({ heatmapZoomY: { min: 150, max: 400 } });
    cut.link.drawn(cut.control);
    expect(cut.control.ranges.y).toEqual({ min: 150, max: 200 });
    expect(cut.view().heatmapZoomY).toEqual({ min: 150, max: 200 });
    expect(cut.problems).toEqual([]);

    const off = setUp({ heatmapZoomY: { min: 300, max: 400 }, heatmapZoom: { min: 10, max: 20 } });
    off.link.drawn(off.control);
    expect(off.control.ranges).toEqual({ x: { min: 10, max: 20 }, y: null });
    expect(off.view()).toMatchObject({ heatmapZoomY: null, heatmapZoom: { min: 10, max: 20 } });
    expect(off.problems).toEqual(['URL parameter "heatzoomy" = "300,400" lies outside the prices drawn (100 to 200); showing the whole picture.']);
  });

  test('a view whose zoom is dropped (another symbol) shows the chart whole; the back button\'s zoom goes back on', () => {
    const { link, control, change } = setUp({ heatmapZoomY: { min: 120, max: 130 } });
    link.drawn(control);
    change({ symbol: 'ETHUSDT' });
    expect(control.ranges.y).toBeNull();
    change({ heatmapZoomY: { min: 140, max: 170 } });
    expect(control.ranges.y).toEqual({ min: 140, max: 170 });
    // A chart gone asks nothing.
    link.drawn(null);
    change({ heatmapZoomY: null });
    expect(control.ranges.y).toEqual({ min: 140, max: 170 });
  });
});
