/**
 * The browser asks before the page goes (reload, closed tab, another address) while work that
 * would be lost is running: an archive import, an upload being read and checked. One owner, so
 * overlapping work (an upload that runs an import) keeps asking until the last of it ends.
 */

let running = 0;

/** Cancelling beforeunload makes the browser ask, in its own words (pages cannot set the text any more). */
function askBeforeLeaving(e: Event): void {
  e.preventDefault();
}

/** Runs `work`; until it settles, leaving the page asks first. */
export async function askingBeforeLeaving<T>(work: () => Promise<T>): Promise<T> {
  if (running++ === 0) globalThis.addEventListener?.('beforeunload', askBeforeLeaving);
  try {
    return await work();
  } finally {
    if (--running === 0) globalThis.removeEventListener?.('beforeunload', askBeforeLeaving);
  }
}
