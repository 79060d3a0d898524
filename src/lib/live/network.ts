/** Seams for the streams: the browser's online state and the per-frame flush, so tests can drive them. */
import { manualVisibility } from '../scheduling.ts';

export interface Network {
  isOnline(): boolean;
  /** Calls `listener` on every online/offline event; returns the unhook function. */
  onChange(listener: () => void): () => void;
}

/** navigator.onLine with the window's online/offline events; always online outside a browser. */
export function browserNetwork(): Network {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return { isOnline: () => true, onChange: () => () => {} };
  return {
    isOnline: () => navigator.onLine !== false,
    onChange(listener) {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
  };
}

export interface ManualNetwork extends Network {
  set(online: boolean): void;
}

/** Online state set by hand (tests): the same switch as the page-visibility seam. */
export function manualNetwork(initial = true): ManualNetwork {
  const flag = manualVisibility(initial);
  return { isOnline: flag.isVisible, onChange: flag.onChange, set: flag.set };
}

/** Runs `fn` once before the next paint (requestAnimationFrame), or soon outside a browser. */
export type FrameScheduler = (fn: () => void) => void;

export const nextFrame: FrameScheduler = (fn) => {
  // A hidden tab gets no frames: fall back to a timer so recording never stalls.
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    let done = false;
    const once = () => { if (!done) { done = true; fn(); } };
    requestAnimationFrame(once);
    setTimeout(once, 250);
  } else {
    setTimeout(fn, 16);
  }
};
