/**
 * The stream connections of one symbol: one per live source, opened from its stream plan (URL,
 * subscribe message, ping, parser), all closed when the symbol changes, and a source's stream
 * ended when its REST API says it does not list the symbol. What the messages mean is the hub's
 * (live-hub.ts); this keeps the sockets and says how each one is doing.
 */
import type { Timers } from '../scheduling.ts';
import type { ExchangeId, Parsed } from './events.ts';
import type { ExchangeStream, LiveHubOptions } from './live-hub-types.ts';
import { browserNetwork } from './network.ts';
import type { LiveSource } from './source.ts';
import { StreamConnection, type MessageVerdict, type SocketLike } from './stream-connection.ts';

export interface StreamSetOptions extends Pick<LiveHubOptions, 'streamBases' | 'socket' | 'network' | 'timing'> {
  sources: readonly LiveSource[];
  timers: Timers;
  now: () => number;
  /** A message of `exchange`'s stream of `symbol`, parsed: what it held, for the connection's counts. */
  message(exchange: ExchangeId, symbol: string, parsed: Parsed): MessageVerdict;
  /** A message a stream plan delivers later (one it assembled from several). */
  delivered(exchange: ExchangeId, symbol: string, parsed: Parsed): void;
  /** A connection's state changed. */
  changed(): void;
}

export class StreamSet {
  private connections: { source: LiveSource; conn: StreamConnection }[] = [];

  constructor(private readonly opts: StreamSetOptions) {}

  /** Opens every source's stream of `symbol`, closing the ones open. */
  open(symbol: string): void {
    this.close();
    this.connections = this.opts.sources.map((source) => ({ source, conn: this.connect(source, symbol) }));
  }

  close(): void {
    for (const { conn } of this.connections) conn.stop();
    this.connections = [];
  }

  states(): ExchangeStream[] {
    return this.connections.map(({ source, conn }) => ({ exchange: source.id, label: source.label, state: conn.getState() }));
  }

  /** Stops `exchange`'s stream for good, saying `text` (the symbol is not listed there). */
  endUnlisted(exchange: ExchangeId, text: string): void {
    this.connections.find((c) => c.source.id === exchange)?.conn.endUnlisted(text);
  }

  private connect(source: LiveSource, symbol: string): StreamConnection {
    const { opts } = this;
    const later = { deliver: (parsed: Parsed) => opts.delivered(source.id, symbol, parsed), timers: opts.timers };
    const plan = source.streamPlan(opts.streamBases?.[source.id] ?? source.defaultStreamBase, symbol, later);
    return new StreamConnection({
      name: source.label, url: plan.url, subscribe: plan.subscribe, ping: plan.ping,
      onMessage: (text) => opts.message(source.id, symbol, plan.parse(text)),
      onState: () => opts.changed(),
      socket: opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      network: opts.network ?? browserNetwork(),
      timing: opts.timing, timers: opts.timers, now: opts.now,
    });
  }
}
