/** Plain-text status lines for a LiveState (the UI inserts them as text). */
import { formatAge } from '../format.ts';
import type { LiveState } from './live.ts';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * One line saying where the figure comes from, how old it is, what failed and what happens
 * next. Pass a fresh `now` to keep the age ticking between state changes.
 */
export function describeLiveState(state: LiveState, now = state.now): string {
  const { figure, error, pause } = state;
  const parts: string[] = [];
  if (!figure) {
    parts.push(state.symbol ? `No Binance open interest figure for ${state.symbol} yet.` : 'No symbol chosen.');
    // The first answer can take up to the timeout (10 s): say it is on its way (a retry after a failure says the failure).
    if (state.symbol && state.loading && !error) parts.push('Asking Binance…');
  } else if (figure.source === 'manual') {
    parts.push(`Figures typed in by hand ${formatAge(now - figure.time)} ago.`);
  } else {
    const what = figure.source === 'live' ? 'Live from Binance' : 'Last good figure from Binance (cached)';
    parts.push(`${what}, ${formatAge(now - figure.time)} old.`);
  }
  // Offline, a failed attempt says nothing about Binance or the base URL: the browser is the cause.
  if (pause?.reason === 'offline') parts.push('The browser is offline: no requests until it is back online.');
  else if (error && error.kind !== 'aborted') parts.push(`Latest attempt failed: ${error.message}`);
  if (pause?.reason === 'rate-limited' && pause.until !== null) {
    parts.push(`Next request at ${clock(pause.until)} UTC.`);
  } else if (pause?.reason === 'hidden') {
    parts.push('Paused while the page is hidden.');
  } else if (pause?.reason === 'bad-symbol' || pause?.reason === 'bad-base-url') {
    parts.push('Not retrying until the setting is changed.');
  }
  // The charts do not wait for it: they fall back on the profile's own latest OI record (used-figures.ts).
  if (!figure && error) parts.push("Meanwhile the charts use the profile's latest OI record and close, where it has one; or type the figures in by hand.");
  return parts.join(' ');
}
