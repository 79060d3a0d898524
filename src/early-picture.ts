/**
 * Imported first by main.ts, so it runs before the rest of the app's code is evaluated: the
 * returning visitor's saved chart image (lib/state/saved-figure.ts) is being read from
 * IndexedDB while the app is built, and paints as soon as its chart frame exists.
 */
import { readPictureEarly } from './lib/state/saved-figure.ts';

readPictureEarly(location.search);
