/** The shapes around a StreamConnection: its socket seam, timings, options and reported state. */
import type { Timers } from '../scheduling.ts';
import type { Network } from './network.ts';

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface StreamTiming {
  backoffBaseMs: number;
  backoffMaxMs: number;
  silentMs: number;
  /** Age at which a fresh connection replaces the current one (Binance closes at 24 h). */
  rolloverMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { backoffBaseMs: 1_000, backoffMaxMs: 60_000, silentMs: 60_000, rolloverMs: 23 * 3_600_000 };

/** What the owner makes of one message: how many bad items it had, or a refusal. */
export interface MessageVerdict {
  malformed?: string | null;
  malformedItems?: number;
  refused?: string | null;
  /** The exchange does not list what was subscribed (said here for people): the connection ends for good, not retried. */
  unlisted?: string | null;
}

export interface StreamOptions {
  name: string;
  url: string;
  /** Messages to send once open (subscriptions). */
  subscribe?: string[];
  ping?: { everyMs: number; message: string };
  onMessage(text: unknown): MessageVerdict;
  onState?(state: StreamState): void;
  socket: SocketFactory;
  network: Network;
  timing?: Partial<StreamTiming>;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
}

/** `unlisted`: ended for good, the exchange does not list the symbol (`problem` says so); only a new connection (another symbol) asks again. */
export type StreamStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'stopped' | 'unlisted';

export interface StreamState {
  name: string;
  url: string;
  status: StreamStatus;
  /** Why the last connection ended badly (refused, closed, silent); null while all is well. */
  problem: string | null;
  /** The last connection attempt never opened, or the exchange refused the subscription. */
  refused: boolean;
  /** The last attempt never opened (a wrong address, a block, the exchange down): the base URL setting may fix it. */
  unreachable: boolean;
  /** While a silence is why the stream reconnects: the time of its last message (or of opening). */
  silentSince: number | null;
  /** Silences declared since the last message, and when the last one was declared: the
   * status keeps saying so through reconnects until a message proves the stream works. */
  silences: number;
  lastSilenceAt: number | null;
  retryAt: number | null;
  connectedAt: number | null;
  lastMessageAt: number | null;
  messages: number;
  malformed: number;
  lastMalformed: string | null;
  /** Connections that replaced an old one before its 24 h limit. */
  rollovers: number;
}
