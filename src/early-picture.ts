/**
 * The page's first script, an entry of its own (index.html) a few kilobytes small: a returning
 * visitor's last picture of this view (lib/state/saved-picture.ts) is read from IndexedDB and
 * painted where the chart was on the last visit, marked with its time, before the app's script
 * has even loaded. The app's chart frame takes the same read over (takeEarlyPicture), and this
 * picture goes as soon as the app's chart shows the picture or its chart (main.ts).
 */
import { asOfText, pictureBlob, readPictureEarly, type SavedPicture } from './lib/state/saved-picture.ts';

const ID = 'early-picture';
/** The app's chart came first (a read slower than the engine): the picture is not painted late. */
let dropped = false;

/**
 * How long the app's mount waits at most for this picture to be on screen (IndexedDB is
 * normally read in tens of milliseconds; a stuck one must not hold the app back).
 */
const HOLD_MS = 1000;

/** Painted only into the page layout it was taken from: the same window width. Resolves once it is on screen (or not shown). */
function paint(p: SavedPicture): Promise<void> {
  const place = p.place;
  if (dropped || !place || place.viewport !== innerWidth || document.getElementById(ID)) return Promise.resolve();
  const box = document.createElement('div');
  box.id = ID;
  box.setAttribute('aria-hidden', 'true');
  Object.assign(box.style, {
    position: 'absolute', top: `${place.top}px`, left: `${place.left}px`, width: `${place.width}px`, height: `${place.height}px`,
    zIndex: '1', pointerEvents: 'none',
  });
  const img = new Image();
  const url = URL.createObjectURL(pictureBlob(p));
  Object.assign(img.style, { width: '100%', height: '100%', objectFit: 'contain', objectPosition: 'left top' });
  // As the app's chart frame labels a saved figure (ChartFrame.svelte's .as-of).
  const label = document.createElement('p');
  label.textContent = asOfText(p.savedAt);
  Object.assign(label.style, {
    position: 'absolute', top: '4px', left: '8px', margin: '0', padding: '2px 8px', borderRadius: '4px',
    background: '#4a3b14', color: '#ffd36b', font: '600 12px system-ui, sans-serif',
  });
  img.src = url;
  document.body.append(box);
  return img.decode().then(() => {
    if (!box.isConnected) return;
    box.append(img, label);
    // Marked like a drawn saved figure (the first-chart bench and the saved-figure test wait for it).
    box.setAttribute('data-saved-drawn', String(Date.now()));
    return new Promise<void>((painted) => requestAnimationFrame(() => setTimeout(painted)));
  }, () => box.remove()).finally(() => URL.revokeObjectURL(url));
}

/** The early picture goes: the app's chart now shows the picture or the chart itself. */
export function dropEarlyPicture(): void {
  dropped = true;
  document.getElementById(ID)?.remove();
}

const shown = readPictureEarly(location.search).then((p) => (p ? paint(p) : undefined));
// main.ts imports this module, so the app mounts once the picture is on screen (or there is
// none): the app's mount, one long task, would otherwise hold back the read's answer and the
// paint. Only the mount waits: the app's code is fetched and evaluated, and the engine worker
// started (engine-early.ts), meanwhile.
await Promise.race([shown, new Promise((later) => setTimeout(later, HOLD_MS))]);
