/**
 * Work that does not serve the first picture (the service worker's precache, Plotly's parse
 * for later views) waits until that picture is shown, so that it does not compete with
 * the download and decode of the first months on a small machine. A view without a chart counts as shown once its
 * data are listed; if nothing is shown at all, the work still runs after a while.
 */
const FALLBACK_MS = 20_000;

let shown = false;
const waiting: (() => void)[] = [];

/** Called by whatever puts the first real picture on screen. Later calls do nothing. */
export function firstViewShown(): void {
  if (shown) return;
  shown = true;
  for (const run of waiting.splice(0)) run();
}

/** Run `work` once the first view is shown (or after FALLBACK_MS), once. */
export function afterFirstView(work: () => void): void {
  if (shown) return work();
  let ran = false;
  const once = () => { if (!ran) { ran = true; work(); } };
  waiting.push(once);
  setTimeout(once, FALLBACK_MS);
}
