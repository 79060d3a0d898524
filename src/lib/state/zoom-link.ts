/**
 * A chart's zoom as part of the view, so a link and an export show what the user sees: the
 * chart reports each zoom (a drag, a pan, a pinch, a key; ZOOM_EVENT) and the view takes it
 * without a new history entry; once the chart has drawn its data, it is made to show the view's
 * zoom (a link's, the back button's, none after another symbol), kept inside the data drawn.
 * view-state.ts owns the parameters; the chart (canvas-chart.ts ChartZoom) the zoom on screen.
 */
import type { Range, ZoomControl } from '../charts/canvas-chart.ts';
import { ZOOM_PARAMS, formatZoom, sameZoom, type ViewState, type ZoomKey, type ZoomRange } from './view-state.ts';

export interface ZoomLinkDeps {
  view: () => ViewState;
  /** Sets the view's zoom without a new history entry. */
  set: (patch: Partial<ViewState>) => void;
  /** Says why a link's zoom is not shown. */
  problem: (text: string) => void;
}

/**
 * A zoom kept inside the data's extent: the part of it on the data, null when that is all of
 * the data (the whole picture), undefined when none of it is (nothing to show).
 */
export function fittedZoom(want: ZoomRange, extent: Range | null): ZoomRange | null | undefined {
  if (!extent) return undefined;
  const min = Math.max(want.min, extent.min);
  const max = Math.min(want.max, extent.max);
  // A sliver of the data (under a millionth of it) is no picture either.
  if (!(max - min > (extent.max - extent.min) * 1e-6)) return undefined;
  return min <= extent.min && max >= extent.max ? null : { min, max };
}

/** What an axis holds, for a message: prices or times. */
const axisWords = (key: ZoomKey) => (key === 'heatmapZoom' ? 'the times drawn' : 'the prices drawn');

export class ZoomLink {
  #control: ZoomControl | null = null;

  /** `axes`: the view's zoom of each chart axis (uPlot scale key). */
  constructor(private readonly axes: Readonly<Record<string, ZoomKey>>, private readonly deps: ZoomLinkDeps) {}

  /** The chart's zoom changed (ZOOM_EVENT's detail): the view takes it. */
  readonly reported = (ranges: Readonly<Record<string, Range | null>>): void => {
    const view = this.deps.view();
    const patch: Partial<Record<ZoomKey, ZoomRange | null>> = {};
    for (const [axis, key] of Object.entries(this.axes)) {
      if (axis in ranges && !sameZoom(ranges[axis], view[key])) patch[key] = ranges[axis] ? { ...ranges[axis] } : null;
    }
    if (Object.keys(patch).length) this.deps.set(patch);
  };

  /** The chart drew the view's data (its zoom), or is gone (null). */
  drawn(control: ZoomControl | null): void {
    this.#control = control;
    this.follow();
  }

  /**
   * Makes the drawn chart show the view's zoom. A zoom partly off the data is cut to it; one
   * wholly off it (a link made on other months) is dropped, saying so, and the whole picture shows.
   */
  follow(): void {
    // Read first, chart or not: an effect that calls this follows the view from its first run.
    const view = this.deps.view();
    const control = this.#control;
    if (!control) return;
    const target: Record<string, Range | null> = {};
    const patch: Partial<Record<ZoomKey, ZoomRange | null>> = {};
    for (const [axis, key] of Object.entries(this.axes)) {
      const want = view[key];
      if (sameZoom(want, control.ranges[axis] ?? null)) continue;
      if (!want) { target[axis] = null; continue; }
      const extent = control.extent(axis);
      const fit = fittedZoom(want, extent);
      if (fit === undefined && extent) {
        this.deps.problem(`URL parameter "${ZOOM_PARAMS[key]}" = "${formatZoom(key, want)}" lies outside ${axisWords(key)} (${formatZoom(key, extent).replace(',', ' to ')}); showing the whole picture.`);
      }
      if (fit === undefined && !extent) continue;
      target[axis] = fit ?? null;
      if (!sameZoom(fit ?? null, want)) patch[key] = fit ?? null;
    }
    if (Object.keys(patch).length) this.deps.set(patch);
    if (Object.keys(target).length) control.set(target);
  }
}

/** The map's zoom (its price axis) and the heatmap's (time and price), each kept in the view. */
export function chartZoomLinks(deps: ZoomLinkDeps): { map: ZoomLink; heatmap: ZoomLink } {
  return {
    map: new ZoomLink({ x: 'mapZoom' }, deps),
    heatmap: new ZoomLink({ x: 'heatmapZoom', y: 'heatmapZoomY' }, deps),
  };
}
