/**
 * The last picture of each chart view, kept in IndexedDB, so that a returning visitor sees it
 * at once, marked with its time, while the engine starts and recomputes it. Only the figure
 * (the plain data its chart library draws) and an image of it are kept, never profiles: one per view,
 * for the view state (the link) it was drawn for, and shown only for that same state.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { isFigure, type Figure } from '../charts/plotly.ts';
import type { ChartPicture } from '../charts/renderer.ts';
import { formatViewState, parseViewState } from './view-state.ts';

export interface SavedFigure<S = Figure> {
  /** The normalised view state (query string) the figure was drawn for. */
  state: string;
  savedAt: number;
  figure: S;
}

/**
 * The same chart as a picture, shown as an image on return before its chart library is even
 * loaded; the figure itself follows when it is. A Plotly chart gives SVG markup
 * (charts/snapshot.ts: the audit), a canvas chart a PNG image (the map, the heatmap). A picture
 * saved by an older version (an SVG of the Plotly heatmap) is still only an image: shown at the
 * same width until the figure is drawn, it runs no script.
 */
export type SavedPicture = ChartPicture & {
  state: string;
  savedAt: number;
  /** The chart's width in CSS pixels when drawn: another width draws another layout. */
  width: number;
};

export interface FigureMemory {
  /** `accepts` tells a figure the view's renderer draws (default: a Plotly figure). */
  load<S = Figure>(search: string, accepts?: (f: unknown) => f is S): Promise<SavedFigure<S> | undefined>;
  save(search: string, figure: unknown, at?: number): Promise<void>;
  loadPicture(search: string): Promise<SavedPicture | undefined>;
  savePicture(search: string, picture: ChartPicture, at?: number): Promise<void>;
}

/** The picture's image, whichever kind it is, for an <img>. */
export const pictureBlob = (p: ChartPicture): Blob => ('svg' in p ? new Blob([p.svg], { type: 'image/svg+xml' }) : p.image);

const isPicture = (p: SavedPicture | undefined): p is SavedPicture =>
  !!p && typeof p.savedAt === 'number' && p.width > 0 && (typeof (p as { svg?: unknown }).svg === 'string' || (p as { image?: unknown }).image instanceof Blob);

/** The view a query string opens and its state in one canonical spelling. */
export function viewKey(search: string): { view: string; state: string } {
  const { state } = parseViewState(search);
  return { view: state.view, state: formatViewState(state) };
}

export function idbFigureMemory(store?: UseStore): FigureMemory {
  let opened: UseStore | undefined;
  const db = () => (opened ??= store ?? createStore('liqmap-figures', 'figures'));
  return {
    async load<S>(search: string, accepts: (f: unknown) => f is S = isFigure as (f: unknown) => f is S) {
      const { view, state } = viewKey(search);
      const saved = await get<SavedFigure<S>>(view, db()).catch(() => undefined);
      return saved && saved.state === state && typeof saved.savedAt === 'number' && accepts(saved.figure) ? saved : undefined;
    },
    // Storage refused (private mode, quota): the next visit simply waits for the engine.
    save: async (search, figure, at = Date.now()) => {
      const { view, state } = viewKey(search);
      await set(view, { state, savedAt: at, figure }, db()).catch(() => undefined);
    },
    // Its own key: read alone, without the figure's arrays, it is on screen sooner.
    async loadPicture(search) {
      const { view, state } = viewKey(search);
      const saved = await get<SavedPicture>(pictureKey(view), db()).catch(() => undefined);
      return isPicture(saved) && saved.state === state ? saved : undefined;
    },
    savePicture: async (search, picture, at = Date.now()) => {
      const { view, state } = viewKey(search);
      await set(pictureKey(view), { ...picture, state, savedAt: at } satisfies SavedPicture, db()).catch(() => undefined);
    },
  };
}

const pictureKey = (view: string) => `${view}:picture`;

let early: { search: string; picture: Promise<SavedPicture | undefined> } | null = null;

/** Start reading the opening view's picture as the page's script starts (src/early-picture.ts), before the app is built. */
export function readPictureEarly(search: string, memory: FigureMemory = idbFigureMemory()): void {
  early = { search, picture: memory.loadPicture(search) };
}

/** The early read for `search`, once (a later chart of the visit reads its own). */
export function takeEarlyPicture(search: string): Promise<SavedPicture | undefined> | null {
  const read = early?.search === search ? early.picture : null;
  early = null;
  return read;
}

/** A picture drawn this much narrower or wider than the chart now has another layout (phone or wide): not shown. */
const WIDTH_TOLERANCE = 0.25;
export const fitsWidth = (picture: SavedPicture, width: number): boolean =>
  width > 0 && Math.abs(width - picture.width) <= WIDTH_TOLERANCE * picture.width;

/** "as of 14:05 UTC, updating": the label of a saved figure shown until its recompute. */
export function asOfText(savedAt: number): string {
  return `as of ${new Date(savedAt).toISOString().slice(11, 16)} UTC, updating`;
}
