/**
 * The last picture of each chart view, kept in IndexedDB, so that a returning visitor sees it
 * at once, marked with its time, while the engine starts and recomputes it. Only the figure
 * (the plain data its chart library draws) and an image of it are kept, never profiles: one per view,
 * for the view state (the link) it was drawn for, and shown only for that same state.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { isFigure, type Figure } from '../charts/plotly.ts';
import type { ChartPicture } from '../charts/renderer.ts';
import { earlySave, FIGURE_DB, FIGURE_STORE, isPicture, pictureKey, viewKey, withLatestTime, type ChartPlace, type SavedPicture } from './saved-picture.ts';

// The picture's record (its key, format and early read) is saved-picture.ts's: the page's early
// script reads it too.
export { asOfText, pictureBlob, readPictureEarly, takeEarlyPicture, viewKey, type ChartPlace, type SavedPicture } from './saved-picture.ts';

export interface SavedFigure<S = Figure> {
  /** The normalised view state (query string) the figure was drawn for. */
  state: string;
  savedAt: number;
  figure: S;
}

export interface FigureMemory {
  /** `accepts` tells a figure the view's renderer draws (default: a Plotly figure). */
  load<S = Figure>(search: string, accepts?: (f: unknown) => f is S): Promise<SavedFigure<S> | undefined>;
  save(search: string, figure: unknown, at?: number): Promise<void>;
  loadPicture(search: string): Promise<SavedPicture | undefined>;
  /** `place`: where the chart is on the page, so the early script can paint it there. */
  savePicture(search: string, picture: ChartPicture, at?: number, place?: ChartPlace): Promise<void>;
}

/**
 * The page's picture saves, one after another: "unchanged" means the same as this page last
 * kept in the early slot (earlySave), which equals its record only once no save is still
 * writing (a changed save landing after an unchanged one was skipped would leave the record
 * at the other picture while the chart shows this one).
 */
let picturesSaved: Promise<unknown> = Promise.resolve();

export function idbFigureMemory(store?: UseStore): FigureMemory {
  let opened: UseStore | undefined;
  const db = () => (opened ??= store ?? createStore(FIGURE_DB, FIGURE_STORE));
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
    async loadPicture(search) {
      const { view, state } = viewKey(search);
      const saved = await get<SavedPicture>(pictureKey(view), db()).catch(() => undefined);
      return isPicture(saved) && saved.state === state ? withLatestTime(view, saved) : undefined;
    },
    savePicture(search, picture, at = Date.now(), place) {
      const run = picturesSaved.then(async () => {
        const { view, state } = viewKey(search);
        // An idle snapshot of a chart drawn the same again (a live tick): only its newer time is
        // written, to its view's stamp, which the record's readers apply.
        const early = place ? await earlySave(search, picture, place) : null;
        if (early?.unchanged) return early.keep(at);
        const saved = await set(pictureKey(view), { ...picture, state, savedAt: at } satisfies SavedPicture, db()).then(() => true, () => false);
        if (saved) early?.keep(at);
      });
      picturesSaved = run.catch(() => undefined);
      return run;
    },
  };
}

/** A picture drawn this much narrower or wider than the chart now has another layout (phone or wide): not shown. */
const WIDTH_TOLERANCE = 0.25;
export const fitsWidth = (picture: SavedPicture, width: number): boolean =>
  width > 0 && Math.abs(width - picture.width) <= WIDTH_TOLERANCE * picture.width;

/** Where a chart element is on the page now, for the early script of the next visit. */
export function chartPlace(el: HTMLElement): ChartPlace {
  const r = el.getBoundingClientRect();
  return { top: r.top + scrollY, left: r.left + scrollX, width: r.width, height: r.height, viewport: innerWidth };
}
