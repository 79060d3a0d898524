/**
 * One WebSocket kept alive: jittered exponential backoff capped at a minute, an application
 * ping where the exchange wants one (protocol pings are answered by the browser itself), a
 * stream silent for `silentMs` while open is treated as dead and reported (Binance's legacy
 * URL accepts subscriptions and sends nothing), no attempts while offline and one on
 * `online`, and a second connection opened before the 24 h limit that takes over on its
 * first message, so the tape has no gap (the caller drops the overlap's duplicates). A
 * subscription the exchange refuses because it does not list the symbol ends the connection
 * for good (status `unlisted`): asking again would be refused again, forever.
 * Every time constant is injectable so tests run in seconds.
 */
import { globalTimers, type Timers } from '../scheduling.ts';
import { DEFAULT_TIMING, type MessageVerdict, type SocketLike, type StreamOptions, type StreamState, type StreamTiming } from './stream-types.ts';

export * from './stream-types.ts';

interface Link {
  socket: SocketLike;
  opened: boolean;
  heard: boolean;
}

export class StreamConnection {
  private readonly timing: StreamTiming;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  private current: Link | null = null;
  /** The replacement opened before the 24 h limit, until its first message. */
  private next: Link | null = null;
  private failures = 0;
  private retryTimer: unknown;
  private silenceTimer: unknown;
  private pingTimer: unknown;
  private rolloverTimer: unknown;
  private readonly unhookNetwork: () => void;
  private readonly s: StreamState;

  constructor(private readonly opts: StreamOptions) {
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.timers = opts.timers ?? globalTimers;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.s = {
      name: opts.name, url: opts.url, status: 'connecting', problem: null, refused: false, unreachable: false, silentSince: null, silences: 0, lastSilenceAt: null, retryAt: null,
      connectedAt: null, lastMessageAt: null, messages: 0, malformed: 0, lastMalformed: null, rollovers: 0,
    };
    this.unhookNetwork = opts.network.onChange(() => this.networkChanged());
    if (opts.network.isOnline()) this.connect();
    else this.set({ status: 'offline' });
  }

  getState(): StreamState {
    return { ...this.s };
  }

  /** Stopped by its owner, or told by the exchange that the symbol is not listed: no more attempts. */
  private ended(): boolean {
    return this.s.status === 'stopped' || this.s.status === 'unlisted';
  }

  stop(): void {
    this.unhookNetwork();
    this.dropLinks();
    this.clear('retryTimer');
    this.set({ status: 'stopped', retryAt: null });
  }

  /**
   * The exchange does not list what this connection asks for (its stream said so, or its REST
   * API): the connection ends for good, `problem` saying why; only a new one asks again.
   */
  endUnlisted(problem: string): void {
    if (this.s.status === 'stopped') return;
    this.dropLinks();
    this.clear('retryTimer');
    this.set({ status: 'unlisted', problem, refused: true, unreachable: false, silentSince: null, retryAt: null });
  }

  private set(patch: Partial<StreamState>): void {
    Object.assign(this.s, patch);
    try {
      this.opts.onState?.(this.getState());
    } catch {
      // A broken listener must not stop the connection.
    }
  }

  private clear(name: 'retryTimer' | 'silenceTimer' | 'pingTimer' | 'rolloverTimer'): void {
    if (this[name] !== undefined) this.timers.clearTimeout(this[name]);
    this[name] = undefined;
  }

  private open(): Link {
    const link: Link = { socket: this.opts.socket(this.opts.url), opened: false, heard: false };
    const { socket } = link;
    socket.onopen = () => this.opened(link);
    socket.onmessage = (ev) => this.message(link, ev.data);
    socket.onclose = () => this.closed(link);
    socket.onerror = () => this.closed(link);
    return link;
  }

  private connect(): void {
    this.clear('retryTimer');
    if (this.current || this.ended()) return;
    this.set({ status: 'connecting', retryAt: null });
    try {
      this.current = this.open();
    } catch (e) {
      // A URL the browser refuses outright (bad scheme, CSP): counts as a failed attempt.
      this.current = null;
      this.failed(`could not open ${this.opts.url}: ${e instanceof Error ? e.message : String(e)}`, true, true);
    }
  }

  private opened(link: Link): void {
    if (link !== this.current && link !== this.next) return;
    link.opened = true;
    for (const m of this.opts.subscribe ?? []) link.socket.send(m);
    if (link === this.next) return;
    const now = this.now();
    this.set({ status: 'connected', connectedAt: now, refused: false, unreachable: false, retryAt: null });
    this.watchSilence(now);
    this.schedulePing();
    this.scheduleRollover();
  }

  private message(link: Link, data: unknown): void {
    if (link === this.next) this.promote();
    if (link !== this.current) return;
    const now = this.now();
    if (!link.heard) {
      link.heard = true;
      this.failures = 0;
    }
    this.s.messages += 1;
    this.s.lastMessageAt = now;
    if (this.s.silentSince !== null || this.s.problem !== null || this.s.silences > 0) this.set({ silentSince: null, problem: null, silences: 0, lastSilenceAt: null });
    let verdict: MessageVerdict;
    try {
      verdict = this.opts.onMessage(data);
    } catch (e) {
      verdict = { malformed: `handler failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    const bad = (verdict.malformed ? 1 : 0) + (verdict.malformedItems ?? 0);
    if (bad > 0) {
      this.s.malformed += bad;
      this.s.lastMalformed = verdict.malformed ?? `${verdict.malformedItems} bad item(s) in a batch`;
    }
    if (verdict.unlisted) {
      this.endUnlisted(verdict.unlisted);
      return;
    }
    if (verdict.refused) {
      this.drop(link);
      this.current = null;
      this.s.silentSince = null;
      this.failed(`${this.opts.name} refused the subscription: ${verdict.refused}`, true);
    }
  }

  private closed(link: Link): void {
    if (link === this.next) {
      // The replacement failed: keep the current connection, try again later.
      this.drop(link);
      this.next = null;
      this.scheduleRollover(this.timing.backoffMaxMs);
      return;
    }
    if (link !== this.current) return;
    this.drop(link);
    this.current = null;
    this.stopLinkTimers();
    this.s.silentSince = null; // this reconnect is the close's, not a silence's
    const why = link.opened ? `${this.opts.name} closed the connection` : `the connection to ${this.opts.url} failed before it opened (refused, blocked or unreachable)`;
    this.failed(why, !link.opened, !link.opened);
  }

  /** Reconnect after a jittered backoff, unless offline or stopped. */
  private failed(problem: string, refused: boolean, unreachable = false): void {
    this.stopLinkTimers();
    if (this.ended()) return;
    if (!this.opts.network.isOnline()) {
      this.set({ status: 'offline', problem, refused, unreachable, retryAt: null });
      return;
    }
    this.failures += 1;
    const cap = Math.min(this.timing.backoffMaxMs, this.timing.backoffBaseMs * 2 ** (this.failures - 1));
    const delay = Math.max(1, Math.round(cap * (0.5 + this.random() * 0.5)));
    const retryAt = this.now() + delay;
    this.set({ status: 'reconnecting', problem, refused, unreachable, retryAt });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private watchSilence(from: number): void {
    this.clear('silenceTimer');
    const due = Math.max(0, from + this.timing.silentMs - this.now());
    this.silenceTimer = this.timers.setTimeout(() => {
      this.silenceTimer = undefined;
      const link = this.current;
      if (!link) return;
      const last = this.s.lastMessageAt !== null && this.s.lastMessageAt >= (this.s.connectedAt ?? 0) ? this.s.lastMessageAt : this.s.connectedAt ?? this.now();
      if (this.now() - last < this.timing.silentMs) {
        this.watchSilence(last);
        return;
      }
      this.drop(link);
      this.current = null;
      this.s.silentSince = last;
      this.s.silences += 1;
      this.s.lastSilenceAt = this.now();
      this.failed(`${this.opts.name} sent nothing for ${Math.round(this.timing.silentMs / 1000)} s while connected`, false);
    }, due);
  }

  private schedulePing(): void {
    const ping = this.opts.ping;
    if (!ping) return;
    this.clear('pingTimer');
    // Often enough that the answers alone keep a quiet stream from looking silent.
    const every = Math.min(ping.everyMs, this.timing.silentMs / 3);
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = undefined;
      try {
        this.current?.socket.send(ping.message);
      } catch {
        // A socket that cannot send is about to close; its close event reconnects.
      }
      if (this.current) this.schedulePing();
    }, every);
  }

  private scheduleRollover(after = this.timing.rolloverMs): void {
    this.clear('rolloverTimer');
    this.rolloverTimer = this.timers.setTimeout(() => {
      this.rolloverTimer = undefined;
      if (!this.current || this.next) return;
      try {
        this.next = this.open();
      } catch {
        this.scheduleRollover(this.timing.backoffMaxMs);
      }
    }, after);
  }

  /** The replacement spoke: it becomes the connection, the old one is closed quietly. */
  private promote(): void {
    const old = this.current;
    this.current = this.next;
    this.next = null;
    if (old) this.drop(old);
    const now = this.now();
    this.s.rollovers += 1;
    this.set({ status: 'connected', connectedAt: now });
    this.watchSilence(now);
    this.scheduleRollover();
  }

  private networkChanged(): void {
    if (this.ended()) return;
    if (!this.opts.network.isOnline()) {
      this.dropLinks();
      this.clear('retryTimer');
      this.set({ status: 'offline', retryAt: null });
      return;
    }
    // Back online: one attempt now, with a fresh backoff.
    this.failures = 0;
    if (!this.current) this.connect();
  }

  private stopLinkTimers(): void {
    this.clear('silenceTimer');
    this.clear('pingTimer');
    this.clear('rolloverTimer');
  }

  private dropLinks(): void {
    this.stopLinkTimers();
    for (const link of [this.current, this.next]) if (link) this.drop(link);
    this.current = null;
    this.next = null;
  }

  /** Detach and close: a retired socket's late events are ignored. */
  private drop(link: Link): void {
    const { socket } = link;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.onerror = () => undefined; // closing a socket still connecting reports an error
    try {
      socket.close(1000, 'liqmap: replaced');
    } catch {
      // Already closed.
    }
  }
}
