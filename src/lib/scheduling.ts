/**
 * Time and page-visibility seams shared by the live REST figures, the streams and the recorder,
 * so tests and the UI can drive them; and a limit on how many tasks run at once.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Calls through to the globals at call time, so vitest fake timers also apply. */
export const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Visibility {
  isVisible(): boolean;
  /** Calls `listener` whenever visibility may have changed; returns the unhook function. */
  onChange(listener: () => void): () => void;
}

/** The page's visibility (document.visibilityState); always visible outside a browser. */
export function documentVisibility(): Visibility {
  if (typeof document === 'undefined') return { isVisible: () => true, onChange: () => () => {} };
  return {
    isVisible: () => document.visibilityState !== 'hidden',
    onChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** Visibility set by hand (tests, or a UI that tracks it itself). */
export interface ManualVisibility extends Visibility {
  set(visible: boolean): void;
}

export function manualVisibility(initial = true): ManualVisibility {
  let visible = initial;
  const listeners = new Set<() => void>();
  return {
    isVisible: () => visible,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === visible) return;
      visible = next;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** Runs at most `n` of the tasks given to it at once, starting them in call order. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
