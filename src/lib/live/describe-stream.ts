/** One line per stream for people: connected, silent since, reconnecting in N s, refused, offline, symbol not listed. */
import type { StreamState } from './stream-types.ts';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** Silences since the last message: said on every line until the stream speaks, so a reconnect does not hide them. */
function silences(s: StreamState): string {
  if (s.silences === 0 || s.lastSilenceAt === null) return '';
  return `silent ${s.silences} time${s.silences === 1 ? '' : 's'}, last at ${hhmm(s.lastSilenceAt)} UTC`;
}

/** What to do, said where the caller has a setting that may fix it: attempts never open, or a stream keeps going silent. */
export interface StreamHints {
  unreachable?: string;
  silent?: string;
}

export function describeStream(label: string, s: StreamState, now: number, hints: StreamHints = {}): string {
  const bad = s.malformed > 0 ? `; ${s.malformed} malformed message${s.malformed === 1 ? '' : 's'} ignored` : '';
  const silent = silences(s);
  const was = silent ? `${silent}; ` : '';
  switch (s.status) {
    case 'connected': {
      // A message from an earlier connection says nothing about this one.
      const heard = s.lastMessageAt !== null && s.lastMessageAt >= (s.connectedAt ?? 0);
      return `${label}: ${was}connected${heard ? `, last message ${clock(s.lastMessageAt!)} UTC` : ', waiting for the first message'}${bad}`;
    }
    case 'connecting':
      return `${label}: ${was}connecting…${bad}`;
    case 'offline':
      return `${label}: ${was}offline — no attempts until the browser is back online${bad}`;
    case 'stopped':
      return `${label}: stopped`;
    case 'unlisted':
      return `${label}: stopped — ${s.problem ?? 'the exchange does not list this symbol'}${bad}`;
    case 'reconnecting': {
      const wait = s.retryAt === null ? '' : `; reconnecting in ${Math.max(0, Math.ceil((s.retryAt - now) / 1000))} s`;
      // silentSince is set while the silence is why this reconnect happens.
      const what = s.silentSince !== null
        ? `${silent || 'silent'} (treated as dead; nothing heard since ${clock(s.silentSince)} UTC)`
        : `${was}${s.refused ? `refused (${s.problem ?? 'no reason given'})` : `disconnected (${s.problem ?? 'closed'})`}`;
      // Silent again after a reconnect: more likely an address that accepts and sends nothing than a passing fault.
      const hint = s.unreachable ? hints.unreachable : s.silentSince !== null && s.silences >= 2 ? hints.silent : undefined;
      return `${label}: ${what}${wait}${bad}${hint ? `. ${hint}` : ''}`;
    }
  }
}
