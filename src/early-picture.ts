/**
 * The page's first script, an entry of its own (index.html) a few kilobytes small: a returning
 * visitor's last picture of this view (lib/state/saved-picture.ts, its localStorage copy) is
 * painted where the chart was on the last visit, marked with its time, before the app's script
 * has even run. The app's chart frame gets the IndexedDB read this script starts
 * (takeEarlyPicture), and this picture goes as soon as the app's chart shows the picture or its
 * chart (main.ts).
 */
import { asOfText, earlyPicture, readPictureEarly, type EarlySlot } from './lib/state/saved-picture.ts';

const ID = 'early-picture';

/** How long the app's mount waits at most for this picture's decode. */
const HOLD_MS = 1000;

/**
 * Painted where the chart was. Resolves once it is in the page, decoded (or not shown). The
 * box is in the page before the decode, so a drop meanwhile removes it and it stays empty.
 */
function paint(p: EarlySlot): Promise<void> {
  const { place } = p;
  const box = document.createElement('div');
  box.id = ID;
  box.setAttribute('aria-hidden', 'true');
  Object.assign(box.style, {
    position: 'absolute', top: `${place.top}px`, left: `${place.left}px`, width: `${place.width}px`, height: `${place.height}px`,
    zIndex: '1', pointerEvents: 'none',
  });
  const img = new Image();
  Object.assign(img.style, { width: '100%', height: '100%', objectFit: 'contain', objectPosition: 'left top' });
  // As the app's chart frame labels a saved figure (ChartFrame.svelte's .as-of).
  const label = document.createElement('p');
  label.textContent = asOfText(p.savedAt);
  Object.assign(label.style, {
    position: 'absolute', top: '4px', left: '8px', margin: '0', padding: '2px 8px', borderRadius: '4px',
    background: '#4a3b14', color: '#ffd36b', font: '600 12px system-ui, sans-serif',
  });
  img.src = p.url;
  document.body.append(box);
  return img.decode().then(() => {
    if (!box.isConnected) return;
    box.append(img, label);
    // Marked like a drawn saved figure (the first-chart bench and the saved-figure test wait for it).
    box.setAttribute('data-saved-drawn', String(Date.now()));
  }, () => box.remove());
}

/** The early picture goes: the app's chart now shows the picture or the chart itself. */
export function dropEarlyPicture(): void {
  document.getElementById(ID)?.remove();
}

// The chart frame's own read of the picture from IndexedDB starts now (it shows it if this
// one is not painted: another width, a picture too large for the slot).
void readPictureEarly(location.search);
// Only into the page layout it was taken from (the same window width).
const slot = earlyPicture(location.search);
if (slot && slot.place.viewport === innerWidth) {
  // main.ts imports this module, so the app mounts once the picture is in the page, decoded
  // (normally before the app's script is even loaded): the mount, one long task, would
  // otherwise hold back the decode's answer. The page paints it with the app's first frame.
  // Only the mount waits: the app's code is fetched and evaluated, and the engine worker
  // started (engine-early.ts), meanwhile.
  await Promise.race([paint(slot), new Promise((later) => setTimeout(later, HOLD_MS))]);
}
