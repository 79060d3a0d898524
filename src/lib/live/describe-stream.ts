/** One line per stream for people: connected, silent since, reconnecting in N s, refused, offline. */
import type { StreamState } from './stream-types.ts';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function describeStream(label: string, s: StreamState, now: number): string {
  const bad = s.malformed > 0 ? `; ${s.malformed} malformed message${s.malformed === 1 ? '' : 's'} ignored` : '';
  switch (s.status) {
    case 'connected':
      return `${label}: connected${s.lastMessageAt ? `, last message ${clock(s.lastMessageAt)} UTC` : ', waiting for the first message'}${bad}`;
    case 'connecting':
      return `${label}: connecting…${bad}`;
    case 'offline':
      return `${label}: offline — no attempts until the browser is back online${bad}`;
    case 'stopped':
      return `${label}: stopped`;
    case 'reconnecting': {
      const wait = s.retryAt === null ? '' : `; reconnecting in ${Math.max(0, Math.ceil((s.retryAt - now) / 1000))} s`;
      const what = s.silentSince !== null
        ? `silent since ${clock(s.silentSince)} UTC (treated as dead)`
        : s.refused ? `refused (${s.problem ?? 'no reason given'})` : `disconnected (${s.problem ?? 'closed'})`;
      return `${label}: ${what}${wait}${bad}`;
    }
  }
}
