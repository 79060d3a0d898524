/**
 * The saved picture of a chart view: its record's key in IndexedDB, its format, a plain
 * IndexedDB read of it, and the last one again in localStorage with where on the page its
 * chart was. Shared by the page's early script (src/early-picture.ts, which paints it before
 * the app's script has run) and the app (saved-figure.ts writes it and reads the rest), so
 * both agree on one key and one shape. Kept small: the early script carries all it imports.
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
 * chart gives SVG markup (charts/snapshot.ts: the audit), a canvas chart a PNG image (the map,
 * the heatmap). A picture saved by an older version (an SVG of the Plotly heatmap) is still only
 * an image: shown at the same width until the figure is drawn, it runs no script.
 */
export type SavedPicture = ChartPicture & {
  state: string;
  savedAt: number;
  /** The chart's width in CSS pixels when drawn: another width draws another layout. */
  width: number;
};

/**
 * The last saved picture again, with where its chart was, in localStorage: read at once (the
 * page's csp.js has already loaded the origin's storage), where IndexedDB takes a hundred
 * milliseconds and more to open at a page's start. One slot, the last view saved, and only a
 * picture small enough; any other is shown by the app's chart frame from IndexedDB.
 */
const SLOT_KEY = 'liqmap.early-picture';
/**
 * A newer time of a view's picture ({of: its record's savedAt, savedAt}): an idle snapshot of an
 * unchanged chart writes only this, not the ~100 KB picture again. One per view: the record of a
 * view the slot has moved on from keeps its newer time (one stamp for all named only the slot's).
 */
const stampKey = (view: string): string => `liqmap.early-picture-at:${view}`;
/** The one stamp of earlier versions, which named only the slot's picture: dropped. */
const OLD_STAMP_KEY = 'liqmap.early-picture-at';
/** Characters of data URL at most (localStorage holds about 5 M per site, the settings too). */
const SLOT_MAX_CHARS = 700_000;

export interface EarlySlot {
  view: string;
  state: string;
  savedAt: number;
  place: ChartPlace;
  /** The picture as a data: URL. */
  url: string;
}

/** What this page last wrote to the slot, to tell an unchanged picture. */
let kept: { view: string; state: string; place: string; bytes: Uint8Array; savedAt: number } | null = null;
/**
 * Whether another tab wrote the slot since this page did (its `storage` event): followed so an
 * idle snapshot need not read back the slot's ~100 KB and more of text to check.
 */
let slotTaken = false;
let following = false;
function followOtherTabs(): void {
  if (following || typeof addEventListener !== 'function') return;
  following = true;
  addEventListener('storage', (e: StorageEvent) => {
    if (e.key === SLOT_KEY || e.key === null) slotTaken = true;
  });
}

/** The early slot's part of saving `picture`: unchanged, or to be written once its record is. */
export interface EarlySave {
  /** The picture is the one this page last kept in the slot, for the same view state and place. */
  unchanged: boolean;
  /** Writes the slot (changed) or only the picture's newer time (unchanged). */
  keep(savedAt: number): void;
}

/** Reads `picture`'s bytes once and tells whether the slot already holds it. */
export async function earlySave(search: string, picture: ChartPicture, place: ChartPlace): Promise<EarlySave> {
  const { view, state } = viewKey(search);
  const blob = pictureBlob(picture);
  if (blob.size * 4 > SLOT_MAX_CHARS * 3) {
    return { unchanged: false, keep: () => { kept = null; tryStorage(() => localStorage.removeItem(SLOT_KEY)); } };
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const where = JSON.stringify(place);
  // Only while the slot still holds it: another tab may have written the slot since.
  const was = kept;
  if (was && !slotTaken && was.view === view && was.state === state && was.place === where && sameBytes(was.bytes, bytes)) {
    return {
      unchanged: true,
      keep: (savedAt) => tryStorage(() => {
        localStorage.setItem(stampKey(view), JSON.stringify({ of: was.savedAt, savedAt }));
        localStorage.removeItem(OLD_STAMP_KEY);
      }),
    };
  }
  return {
    unchanged: false,
    keep: (savedAt) => {
      kept = null;
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const url = `data:${blob.type};base64,${btoa(binary)}`;
      if (!tryStorage(() => localStorage.setItem(SLOT_KEY, JSON.stringify({ view, state, savedAt, place, url } satisfies EarlySlot)))) return;
      kept = { view, state, place: where, bytes, savedAt };
      slotTaken = false;
      followOtherTabs();
    },
  };
}

/** Storage refused or full: the next visit shows the picture once the app is up. */
function tryStorage(write: () => void): boolean {
  try {
    write();
    return true;
  } catch {
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The slot's picture if it was saved for this view state, with the newest time it was saved again. */
export function earlyPicture(search: string): EarlySlot | undefined {
  try {
    const slot = JSON.parse(localStorage.getItem(SLOT_KEY) ?? 'null') as EarlySlot | null;
    const { view, state } = viewKey(search);
    const p = slot?.place;
    const whole = !!p && [p.top, p.left, p.width, p.height, p.viewport].every(Number.isFinite) && typeof slot.savedAt === 'number' && /^data:image\//.test(slot.url);
    if (!whole || slot.view !== view || slot.state !== state) return undefined;
    return { ...slot, savedAt: latestTime(view, slot.savedAt) };
  } catch {
    return undefined; // storage refused or damaged: no early picture
  }
}

/**
 * The picture record of `view` with the newest time it was saved again: an unchanged picture's
 * record is not written again (earlySave), only its view's stamp, which names the record's time.
 */
export function withLatestTime(view: string, p: SavedPicture): SavedPicture {
  const savedAt = latestTime(view, p.savedAt);
  return savedAt === p.savedAt ? p : { ...p, savedAt };
}

/** The newest time the view's picture (saved at `of`) was saved again, else `of`. */
function latestTime(view: string, of: number): number {
  try {
    const stamp = JSON.parse(localStorage.getItem(stampKey(view)) ?? 'null') as { of?: unknown; savedAt?: unknown } | null;
    return stamp?.of === of && typeof stamp.savedAt === 'number' && stamp.savedAt > of ? stamp.savedAt : of;
  } catch {
    return of; // a damaged stamp: the picture's own time
  }
}

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
      const done = (p?: SavedPicture) => { db.close(); resolve(isPicture(p) && p.state === state ? withLatestTime(view, p) : undefined); };
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
