/**
 * The saved picture of a chart view: its record's place in IndexedDB, its format, and a plain
 * IndexedDB read of it. Shared by the page's early script (src/early-picture.ts, which paints it
 * before the app's script has run) and the app (saved-figure.ts writes it and reads the rest),
 * so both agree on one key and one shape. Kept small: the early script carries all it imports.
 */
import type { ChartPicture } from '../charts/renderer.ts';
import { formatViewState, parseViewState } from './view-state.ts';

/** The database and store (idb-keyval's layout: one store, keys are view names). */
export const FIGURE_DB = 'liqmap-figures';
export const FIGURE_STORE = 'figures';
/** The picture has its own key: read alone, without the figure's arrays, it is on screen sooner. */
export const pictureKey = (view: string): string => `${view}:picture`;

/** Where the chart was on the page when its picture was taken (document CSS pixels). */
export interface ChartPlace {
  top: number;
  left: number;
  width: number;
  height: number;
  /** The window's width then: another width lays the page out differently. */
  viewport: number;
}

/**
 * The chart as a picture, shown as an image on return before any chart code is loaded. A Plotly
 * chart gives SVG markup (charts/snapshot.ts), a canvas chart a PNG or WebP image.
 */
export type SavedPicture = ChartPicture & {
  state: string;
  savedAt: number;
  /** The chart's width in CSS pixels when drawn: another width draws another layout. */
  width: number;
  /** Absent in records of older versions: then only the app shows it, in its chart frame. */
  place?: ChartPlace;
};

/** The view a query string opens and its state in one canonical spelling. */
export function viewKey(search: string): { view: string; state: string } {
  const { state } = parseViewState(search);
  return { view: state.view, state: formatViewState(state) };
}

export const isPicture = (p: SavedPicture | undefined): p is SavedPicture =>
  !!p && typeof p.savedAt === 'number' && p.width > 0 && (typeof (p as { svg?: unknown }).svg === 'string' || (p as { image?: unknown }).image instanceof Blob);

/** The picture's image, whichever kind it is, for an <img>. */
export const pictureBlob = (p: ChartPicture): Blob => ('svg' in p ? new Blob([p.svg], { type: 'image/svg+xml' }) : p.image);

/** "as of 14:05 UTC, updating": the label of a saved figure shown until its recompute. */
export function asOfText(savedAt: number): string {
  return `as of ${new Date(savedAt).toISOString().slice(11, 16)} UTC, updating`;
}

/**
 * The picture saved for this view state, read with IndexedDB itself (no library). A missing
 * database is created as idb-keyval would (with its store), so the app's later writes work.
 */
export function readSavedPicture(search: string): Promise<SavedPicture | undefined> {
  const { view, state } = viewKey(search);
  return new Promise((resolve) => {
    let open: IDBOpenDBRequest;
    try {
      open = indexedDB.open(FIGURE_DB);
    } catch {
      return resolve(undefined); // storage refused (private mode)
    }
    open.onupgradeneeded = () => open.result.createObjectStore(FIGURE_STORE);
    open.onerror = () => resolve(undefined);
    open.onsuccess = () => {
      const db = open.result;
      const done = (p?: SavedPicture) => { db.close(); resolve(isPicture(p) && p.state === state ? p : undefined); };
      try {
        const get = db.transaction(FIGURE_STORE, 'readonly').objectStore(FIGURE_STORE).get(pictureKey(view));
        get.onsuccess = () => done(get.result as SavedPicture | undefined);
        get.onerror = () => done();
      } catch {
        done();
      }
    };
  });
}

let early: { search: string; picture: Promise<SavedPicture | undefined> } | null = null;

/** Start reading the opening view's picture (src/early-picture.ts), before the app is built. */
export function readPictureEarly(search: string, read: (search: string) => Promise<SavedPicture | undefined> = readSavedPicture): Promise<SavedPicture | undefined> {
  early = { search, picture: read(search) };
  return early.picture;
}

/** The early read for `search`, once (a later chart of the visit reads its own). */
export function takeEarlyPicture(search: string): Promise<SavedPicture | undefined> | null {
  const read = early?.search === search ? early.picture : null;
  early = null;
  return read;
}
