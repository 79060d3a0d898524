// The saved figure of each chart view (fake-indexeddb): shown only for the view state it was
// drawn for, one per view, and labelled with its UTC time.
import 'fake-indexeddb/auto';
import { describe, expect, test, vi } from 'vitest';
import { createStore, get, set } from 'idb-keyval';
import { asOfText, fitsWidth, idbFigureMemory, pictureBlob, readPictureEarly, takeEarlyPicture, viewKey } from '../../../src/lib/state/saved-figure.ts';
import { FIGURE_DB, earlyPicture, readSavedPicture } from '../../../src/lib/state/saved-picture.ts';
import type { Figure } from '../../../src/lib/charts/plotly.ts';
import { isMapSpec, MAP_SPEC_KIND } from '../../../src/lib/charts/liquidation-map-figure.ts';

const figure = (y: number): Figure => ({ data: [{ type: 'bar', x: new Float64Array([1, 2]), y: new Float64Array([y, y]) }], layout: { title: { text: `y=${y}` } } });
let n = 0;
const fresh = () => createStore(`liqmap-figures-test-${++n}`, 'figures');
/** Where the chart was on the page. */
const place = { top: 115, left: 328, width: 1056, height: 558, viewport: 1400 };
/** localStorage as a map, until vi.unstubAllGlobals(). */
function stubStorage(): Map<string, string> {
  const kept = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) });
  return kept;
}

describe('saved figures', () => {
  test('a figure comes back for the same view state, also spelled differently in the link', async () => {
    const memory = idbFigureMemory(fresh());
    await memory.save('?window=90&symbol=ETHUSDT', figure(3), Date.UTC(2026, 10, 30, 14, 5));
    const back = await memory.load('?symbol=ETHUSDT&window=90&model=oi');
    expect(back?.state).toBe(viewKey('?symbol=ETHUSDT&window=90').state);
    expect(back?.savedAt).toBe(Date.UTC(2026, 10, 30, 14, 5));
    expect(Array.from(back!.figure.data[0].y as Float64Array)).toEqual([3, 3]);
  });

  test('another view state gets nothing; the map and the heatmap each keep their own last figure', async () => {
    const memory = idbFigureMemory(fresh());
    await memory.save('', figure(1));
    await memory.save('?view=heatmap&range=7d', figure(2));
    expect(await memory.load('?window=7')).toBeUndefined();
    expect((await memory.load(''))?.figure.layout).toEqual({ title: { text: 'y=1' } });
    expect((await memory.load('?view=heatmap&range=7d'))?.figure.layout).toEqual({ title: { text: 'y=2' } });
    await memory.save('?window=7', figure(4));
    expect(await memory.load('')).toBeUndefined();
    expect((await memory.load('?window=7'))?.figure.layout).toEqual({ title: { text: 'y=4' } });
  });

  test('a damaged record is ignored, not drawn', async () => {
    const store = fresh();
    await set('map', { state: '', savedAt: 'yesterday', figure: { data: 'x' } }, store);
    expect(await idbFigureMemory(store).load('')).toBeUndefined();
  });

  test('a figure with a trace this Plotly build cannot draw (a candlestick saved by an older version) is not shown', async () => {
    const memory = idbFigureMemory(fresh());
    const old = figure(5);
    await memory.save('?view=heatmap', { ...old, data: [{ type: 'heatmap', z: [[1]] }, { type: 'candlestick', x: [1], open: [1], high: [2], low: [0], close: [1] }] });
    expect(await memory.load('?view=heatmap')).toBeUndefined();
    await memory.save('?view=heatmap', { ...old, data: [{ type: 'heatmap', z: [[1]] }, { type: 'scatter', mode: 'lines' }, ...old.data] });
    expect((await memory.load('?view=heatmap'))?.figure.data.map((t) => t.type)).toEqual(['heatmap', 'scatter', 'bar']);
  });

  test("a view's picture comes back for its own state only, beside its figure, and only at about the width it was drawn", async () => {
    const memory = idbFigureMemory(fresh());
    await memory.save('?window=7', figure(6));
    await memory.savePicture('?window=7', { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: 900 }, Date.UTC(2026, 10, 30, 8, 0));
    expect(await memory.loadPicture('')).toBeUndefined();
    const back = await memory.loadPicture('?model=oi&window=7');
    expect(back && 'svg' in back ? back.svg : null).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(back?.savedAt).toBe(Date.UTC(2026, 10, 30, 8, 0));
    expect((await memory.load('?window=7'))?.figure.layout).toEqual({ title: { text: 'y=6' } });
    expect(fitsWidth(back!, 1000)).toBe(true);
    expect(fitsWidth(back!, 390)).toBe(false);
    expect(fitsWidth(back!, 0)).toBe(false);
  });

  test("the early read serves the opening view's chart once; another view state reads its own", async () => {
    const memory = idbFigureMemory(fresh());
    await memory.savePicture('', { svg: '<svg/>', width: 800 });
    const read = (search: string) => memory.loadPicture(search);
    readPictureEarly('', read);
    expect(takeEarlyPicture('?view=heatmap')).toBeNull();
    readPictureEarly('', read);
    const early = await takeEarlyPicture('');
    expect(early && 'svg' in early ? early.svg : null).toBe('<svg/>');
    expect(takeEarlyPicture('')).toBeNull();
  });

  test("a canvas chart's picture (an image) and spec come back; an older version's Plotly figure is not taken for the spec", async () => {
    const memory = idbFigureMemory(fresh());
    const image = new Blob([Uint8Array.from([137, 80, 78, 71])], { type: 'image/png' });
    await memory.savePicture('', { image, width: 900 });
    const back = await memory.loadPicture('');
    expect(back && 'image' in back ? [back.image.type, back.image.size] : null).toEqual(['image/png', 4]);
    expect(await pictureBlob(back!).arrayBuffer()).toEqual(await image.arrayBuffer());
    await memory.save('', figure(7));
    expect(await memory.load('', isMapSpec)).toBeUndefined();
    const spec = { kind: MAP_SPEC_KIND, note: '', markPrice: 1, step: 1, x: [1], side: [0], bars: [], curves: [], realised: [] };
    await memory.save('', spec);
    expect((await memory.load('', isMapSpec))?.figure).toEqual(spec);
  });

  test("the early script's plain IndexedDB read finds what the app saved; a first visit's read leaves a database the app can write", async () => {
    indexedDB.deleteDatabase(FIGURE_DB);
    expect(await readSavedPicture('?window=7')).toBeUndefined();
    const memory = idbFigureMemory();
    await memory.savePicture('?window=7', { svg: '<svg/>', width: 1056 }, Date.UTC(2026, 10, 30, 8, 0));
    const back = await readSavedPicture('?model=oi&window=7');
    expect(back && 'svg' in back ? [back.svg, back.savedAt] : null).toEqual(['<svg/>', Date.UTC(2026, 10, 30, 8, 0)]);
    expect(await readSavedPicture('')).toBeUndefined();
  });

  test("the last picture is kept again in localStorage with its chart's place, for its own view state only, if small enough", async () => {
    const kept = stubStorage();
    try {
      const memory = idbFigureMemory(fresh());
      expect(earlyPicture('?window=7')).toBeUndefined();
      await memory.savePicture('?window=7', { svg: '<svg>€</svg>', width: 1056 }, Date.UTC(2026, 10, 30, 8, 0), place);
      const slot = earlyPicture('?model=oi&window=7');
      expect(slot && [slot.place, slot.savedAt]).toEqual([place, Date.UTC(2026, 10, 30, 8, 0)]);
      expect(Buffer.from(slot!.url.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toBe('<svg>€</svg>');
      expect(earlyPicture('')).toBeUndefined(); // saved for window=7
      // One slot: the last view saved. A PNG of a canvas chart too.
      await memory.savePicture('?view=heatmap', { image: new Blob([Uint8Array.from([137, 80, 78, 71])], { type: 'image/png' }), width: 900 }, undefined, place);
      expect(earlyPicture('?window=7')).toBeUndefined();
      expect(earlyPicture('?view=heatmap')?.url).toBe('data:image/png;base64,iVBORw==');
      // Too large for the slot: none (the chart frame shows it from IndexedDB).
      await memory.savePicture('?view=heatmap', { svg: `<svg>${'x'.repeat(600_000)}</svg>`, width: 900 }, undefined, place);
      expect(earlyPicture('?view=heatmap')).toBeUndefined();
      kept.set('liqmap.early-picture', '{"view":"map","state":"","savedAt":1,"place":{"top":"x"},"url":"data:image/png;base64,"}');
      expect(earlyPicture('')).toBeUndefined(); // damaged
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('an unchanged picture is not written again, to localStorage or IndexedDB: only its newer time is, which the reads give', async () => {
    const kept = new Map<string, string>();
    const slotWrites: number[] = [];
    const slotReads: string[] = [];
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => { slotReads.push(k); return kept.get(k) ?? null; },
      setItem: (k: string, v: string) => { if (k === 'liqmap.early-picture') slotWrites.push(v.length); kept.set(k, v); },
      removeItem: (k: string) => void kept.delete(k),
    });
    // Other tabs' writes come as `storage` events.
    const onStorage: ((e: { key: string | null }) => void)[] = [];
    vi.stubGlobal('addEventListener', (type: string, f: (e: { key: string | null }) => void) => { if (type === 'storage') onStorage.push(f); });
    try {
      const store = fresh();
      const memory = idbFigureMemory(store);
      const png = (last: number) => ({ image: new Blob([Uint8Array.from([137, 80, 78, 71, last])], { type: 'image/png' }), width: 900 });
      const at = (minute: number) => Date.UTC(2026, 11, 7, 2, minute);
      await memory.savePicture('?view=heatmap', png(1), at(0), place);
      await memory.savePicture('?view=heatmap', png(1), at(1), place); // the same bytes in a new Blob
      await memory.savePicture('?symbol=BTCUSDT&view=heatmap', png(1), at(2), place); // BTCUSDT is the default: the same state
      expect(slotWrites.length).toBe(1);
      expect(slotReads).toEqual([]); // the slot is not read back to tell
      expect((await get<{ savedAt: number }>('heatmap:picture', store))?.savedAt).toBe(at(0)); // nor the record written again
      expect(earlyPicture('?view=heatmap')?.savedAt).toBe(at(2));
      expect((await memory.loadPicture('?view=heatmap'))?.savedAt).toBe(at(2));
      // Another picture, another place, another view: written.
      await memory.savePicture('?view=heatmap', png(2), at(3), place);
      await memory.savePicture('?view=heatmap', png(2), at(4), { ...place, top: 200 });
      await memory.savePicture('', png(2), at(5), { ...place, top: 200 });
      expect(slotWrites.length).toBe(4);
      expect(earlyPicture('')?.savedAt).toBe(at(5));
      // The slot written by another tab meanwhile: this page's stamp names another time and is ignored.
      await memory.savePicture('', png(2), at(6), { ...place, top: 200 });
      kept.set('liqmap.early-picture', kept.get('liqmap.early-picture')!.replace(`"savedAt":${at(5)}`, `"savedAt":${at(1)}`));
      for (const f of onStorage) f({ key: 'liqmap.early-picture' });
      expect(earlyPicture('')?.savedAt).toBe(at(1));
      kept.set('liqmap.early-picture-at:map', '{"of":');
      expect(earlyPicture('')?.savedAt).toBe(at(1)); // a damaged stamp: the picture's own time
      // So this page, saving its unchanged picture again, writes the slot again, not a stamp.
      await memory.savePicture('', png(2), at(7), { ...place, top: 200 });
      expect(slotWrites.length).toBe(5);
      expect(earlyPicture('')?.savedAt).toBe(at(7));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test("each view's record keeps its newer time once the slot moved on to another view (one stamp per view)", async () => {
    const kept = stubStorage();
    try {
      const memory = idbFigureMemory(createStore(FIGURE_DB, 'figures')); // the database the early script reads
      const at = (minute: number) => Date.UTC(2026, 11, 7, 3, minute);
      await memory.savePicture('?view=heatmap', { svg: '<svg>H</svg>', width: 900 }, at(0), place);
      // An earlier version's one stamp, naming the heatmap's record: ignored, and dropped on the next stamp.
      kept.set('liqmap.early-picture-at', JSON.stringify({ of: at(0), savedAt: at(30) }));
      expect((await memory.loadPicture('?view=heatmap'))?.savedAt).toBe(at(0));
      await memory.savePicture('?view=heatmap', { svg: '<svg>H</svg>', width: 900 }, at(1), place); // unchanged: a stamp
      expect(kept.has('liqmap.early-picture-at')).toBe(false);
      // The slot moves on to the map, whose unchanged saves stamp its own record.
      await memory.savePicture('', { svg: '<svg>M</svg>', width: 900 }, at(2), place);
      await memory.savePicture('', { svg: '<svg>M</svg>', width: 900 }, at(3), place);
      expect((await memory.loadPicture('?view=heatmap'))?.savedAt).toBe(at(1));
      expect((await readSavedPicture('?view=heatmap'))?.savedAt).toBe(at(1)); // the early script's read too
      expect((await memory.loadPicture(''))?.savedAt).toBe(at(3));
      expect(earlyPicture('')?.savedAt).toBe(at(3));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('overlapping saves in one page leave the record at the last picture saved', async () => {
    stubStorage();
    try {
      const store = fresh();
      const memory = idbFigureMemory(store);
      const at = (minute: number) => Date.UTC(2026, 11, 7, 4, minute);
      await memory.savePicture('?view=heatmap', { svg: '<svg>A</svg>', width: 900 }, at(0), place);
      // B (changed) still writing when A is saved again: A is not "unchanged" against a slot B is about to take.
      const b = memory.savePicture('?view=heatmap', { svg: '<svg>B</svg>', width: 900 }, at(1), place);
      const a = memory.savePicture('?view=heatmap', { svg: '<svg>A</svg>', width: 900 }, at(2), place);
      await Promise.all([a, b]);
      const record = await get<{ svg: string; savedAt: number }>('heatmap:picture', store);
      expect([record?.svg, record?.savedAt]).toEqual(['<svg>A</svg>', at(2)]);
      expect(Buffer.from(earlyPicture('?view=heatmap')!.url.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toBe('<svg>A</svg>');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a damaged picture record is ignored', async () => {
    const store = fresh();
    await set('map:picture', { state: '', savedAt: 1, svg: 42, width: 900 }, store);
    expect(await idbFigureMemory(store).loadPicture('')).toBeUndefined();
  });

  test('the label gives the UTC time and says it is being updated', () => {
    expect(asOfText(Date.UTC(2026, 10, 30, 9, 7, 59))).toBe('as of 09:07 UTC, updating');
  });
});
