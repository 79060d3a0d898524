// The recorder while the store fails: it keeps at least what the page holds in memory, writes it
// once the store works again, and what a longer failure drops is counted and stays reported.
import { describe, expect, it } from 'vitest';
import { makeLiquidation, type Liquidation } from '../../../src/lib/live/events.ts';
import { LiquidationBuffer } from '../../../src/lib/live/liquidation-buffer.ts';
import { LiquidationRecorder } from '../../../src/lib/live/liquidation-recorder.ts';
import { memoryLiquidationStore } from '../../../src/lib/live/liquidation-store.ts';
import { MEMORY_EVENTS, recordingError } from '../../../src/lib/live/live-hub.ts';

const NOW = Date.UTC(2026, 11, 7, 3);
const liqs = (from: number, count: number): Liquidation[] =>
  Array.from({ length: count }, (_, i) => makeLiquidation(NOW - 86_400_000 + from + i, 'binance', 'BTCUSDT', 'long', 95_000, 0.01));
/** Timers that never fire: the test calls flush itself. */
const timers = { setTimeout: () => 1, clearTimeout: () => {} };

/** The memory store, whose writes wait for `gate` when set and then fail while `failing`. */
function flakyStore() {
  const inner = memoryLiquidationStore();
  const store = {
    ...inner,
    failing: false,
    gate: null as Promise<void> | null,
    async add(events: Liquidation[]) {
      await store.gate;
      if (store.failing) throw new Error('QuotaExceededError');
      await inner.add(events);
    },
    count: async () => (await inner.summary())[0]?.count ?? 0,
  };
  return store;
}

function recorder(store: ReturnType<typeof flakyStore>, holds: number) {
  const reports: { error: string | null; queued: number; written: number }[] = [];
  const rec = new LiquidationRecorder(store, timers, () => NOW, holds, (error, queued, written) => reports.push({ error, queued, written }));
  return { rec, reports };
}

/** A recorder for 1,000 held events whose store's writes wait until `open` is called. */
function heldWrite() {
  const store = flakyStore();
  const { rec } = recorder(store, 1_000);
  let open!: () => void;
  store.gate = new Promise((r) => (open = r));
  return { store, rec, open };
}

describe('LiquidationRecorder', () => {
  it('while writes fail, keeps every event the page holds in memory and writes them all once the store works again', async () => {
    const holds = new LiquidationBuffer(MEMORY_EVENTS).capacity; // as the live hub wires it
    const store = flakyStore();
    const { rec, reports } = recorder(store, holds);
    store.failing = true;
    for (let k = 0; k < holds; k += 5_000) {
      rec.add(liqs(k, 5_000));
      await rec.flush();
    }
    expect(reports.at(-1)).toEqual({ error: 'QuotaExceededError', queued: holds, written: 0 });
    store.failing = false;
    await rec.flush();
    expect(await store.count()).toBe(holds);
    expect([reports.at(-1)?.error, rec.lost]).toEqual([null, 0]);
  });

  it('what a longer failure drops is counted, and the error stays after writes work again', async () => {
    const store = flakyStore();
    const { rec } = recorder(store, 1_000); // queues 1,000 + a batch of 500
    store.failing = true;
    rec.add(liqs(0, 1_200));
    await rec.flush();
    rec.add(liqs(1_200, 800));
    expect([rec.queued, rec.lost]).toEqual([1_500, 500]);
    store.failing = false;
    await rec.flush();
    expect(await store.count()).toBe(1_500);
    expect(rec.lost).toBe(500);
    expect(recordingError(null, rec.lost)).toMatch(/^500 liquidations could not be recorded/);
    expect(recordingError('QuotaExceededError', 0)).toMatch(/^Realised liquidations could not be recorded in this browser \(QuotaExceededError\)/);
    // A full store says what to do about it; another failure does not pretend it is that.
    expect(recordingError('QuotaExceededError', 0)).toContain("This site's storage in the browser is full: free some in the Data view");
    expect(recordingError('UnknownError', 0)).not.toContain('storage in the browser is full');
    expect(recordingError(null, 0)).toBeNull();
  });

  it('events added while a batch is being written neither push that batch out nor take its place', async () => {
    const { store, rec, open } = heldWrite();
    rec.add(liqs(0, 1_500));
    const writing = rec.flush(); // the first 500 in flight
    rec.add(liqs(1_500, 500)); // up to the bound, counting the batch in flight
    open();
    await writing;
    expect(await store.count()).toBe(2_000);
    expect(rec.lost).toBe(0);
  });

  it('a symbol forgotten while its batch is being written is not put back when that write fails', async () => {
    const { store, rec, open } = heldWrite();
    rec.add(liqs(0, 3));
    const writing = rec.flush();
    rec.drop('BTCUSDT'); // the Data view deletes its records meanwhile
    store.failing = true;
    open();
    await writing;
    expect(rec.queued).toBe(0);
  });

  it('events added while the store is pruned after a write are written on the next beat, not left until another event comes', async () => {
    const inner = memoryLiquidationStore();
    let openPrune!: () => void;
    const pruning = new Promise<void>((r) => (openPrune = r));
    const store = { ...inner, prune: async (symbol: string, now: number) => { await pruning; return inner.prune(symbol, now); } };
    // Timers fired by hand, in order.
    const due: (() => void)[] = [];
    const handTimers = { setTimeout: (fn: () => void) => due.push(fn), clearTimeout: () => {} };
    const rec = new LiquidationRecorder(store, handTimers, () => NOW, 1_000, () => {});
    rec.add(liqs(0, 3));
    due.shift()!(); // the beat: writes the three, then prunes (held)
    await Promise.resolve();
    rec.add(liqs(10, 2)); // arrive during the prune
    due.shift()?.(); // their beat finds the write still running
    openPrune();
    await rec.flush(); // the running write ends (nothing new is started while it runs)
    for (let fire = due.shift(); fire; fire = due.shift()) {
      fire();
      await rec.flush();
    }
    expect((await inner.summary())[0]?.count).toBe(5);
  });

  it('a flush asked while a write prunes (the page being closed) also writes what arrived meanwhile, without another beat', async () => {
    const inner = memoryLiquidationStore();
    let openPrune!: () => void;
    const pruning = new Promise<void>((r) => (openPrune = r));
    const store = { ...inner, prune: async (symbol: string, now: number) => { await pruning; return inner.prune(symbol, now); } };
    const due: (() => void)[] = [];
    const rec = new LiquidationRecorder(store, { setTimeout: (fn: () => void) => due.push(fn), clearTimeout: () => {} }, () => NOW, 1_000, () => {});
    rec.add(liqs(0, 3));
    due.shift()!(); // the beat: writes the three, then prunes (held)
    await Promise.resolve();
    rec.add(liqs(10, 2)); // arrive during the prune
    const closing = rec.flush(); // pagehide: no timer will fire after it
    openPrune();
    await closing;
    expect((await inner.summary())[0]?.count).toBe(5);
  });
});
