/**
 * Bybit's days fetched a few at once (inOrderAhead, the importer's one bounded-concurrency
 * helper): the build gets them in day order, never more than DUMPS_AHEAD downloads run at
 * once, an unpublished day is named in order and skipped, and a host that does not answer
 * stops the month with the honest message.
 */
import { describe, expect, it } from 'vitest';
import { bybitFetchedDumps, DUMPS_AHEAD } from '../../../src/exchanges/bybit/import/inputs.ts';
import { inOrderAhead } from '../../../src/lib/import/month-inputs.ts';
import { HostBlocked } from '../../../src/lib/import/archive-http.ts';
import type { MonthPlan } from '../../../src/lib/import/fetch-plan.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('inOrderAhead', () => {
  it('runs at most `limit` at once and hands results on in the items\u2019 order, a failure at its place', async () => {
    let running = 0;
    let most = 0;
    const work = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, (7 - n) * 3)); // later items finish first
      running--;
      if (n === 5) throw new Error('five failed');
      return n * 10;
    };
    const got: number[] = [];
    await expect((async () => {
      for await (const r of inOrderAhead([1, 2, 3, 4, 5, 6], work, 3)) got.push(r);
    })()).rejects.toThrow('five failed');
    expect(got).toEqual([10, 20, 30, 40]);
    expect(most).toBe(3);
  });
});

describe('Bybit dumps fetched a few days at once', () => {
  const plan = { symbol: 'BTCUSDT', month: '2025-10', days: ['2025-10-05', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04'] } as MonthPlan;
  const text = (day: string) => `timestamp,symbol,side,size,price\n${day}\n`;

  /** A fake archive: each body arrives in two chunks some ms apart; 10-03 is not published. */
  function archive(blockAt?: string) {
    const state = { running: 0, most: 0, started: [] as string[] };
    const fetchFn = (async (url: string) => {
      const day = url.match(/(\d{4}-\d{2}-\d{2})\.csv\.gz$/)![1];
      state.started.push(day);
      if (day === blockAt) throw new TypeError('Failed to fetch');
      if (day === '2025-10-03') return new Response('nope', { status: 404 });
      state.running++;
      state.most = Math.max(state.most, state.running);
      const bytes = new TextEncoder().encode(text(day));
      const body = new ReadableStream<Uint8Array>({
        async start(c) {
          c.enqueue(bytes.subarray(0, 10));
          for (let i = 0; i < 5; i++) await tick();
          c.enqueue(bytes.subarray(10));
          state.running--;
          c.close();
        },
      });
      return new Response(body, { headers: { 'content-length': String(bytes.length) } });
    }) as typeof fetch;
    return { state, fetchFn };
  }

  it('yields the days in order with their whole bodies, at most DUMPS_AHEAD downloading, an unpublished day named', async () => {
    const { state, fetchFn } = archive();
    const notes: string[] = [];
    const out: string[] = [];
    for await (const d of bybitFetchedDumps(plan, 'https://public.example', fetchFn, notes)) {
      let body = '';
      for await (const c of d.stream()) body += new TextDecoder().decode(c);
      expect(body).toBe(text(d.day));
      expect(d.bytes).toBe(new TextEncoder().encode(text(d.day)).length);
      out.push(d.day);
    }
    expect(out).toEqual(['2025-10-01', '2025-10-02', '2025-10-04', '2025-10-05']);
    expect(notes).toEqual(['BTCUSDT2025-10-03.csv.gz: not published yet (HTTP 404)']);
    expect(state.most).toBeGreaterThan(1);
    expect(state.most).toBeLessThanOrEqual(DUMPS_AHEAD);
  });

  it('a host that does not answer stops at that day with the message naming the setting', async () => {
    const { fetchFn } = archive('2025-10-02');
    const out: string[] = [];
    const run = (async () => {
      for await (const d of bybitFetchedDumps(plan, 'https://public.example', fetchFn, [])) out.push(d.day);
    })();
    await expect(run).rejects.toThrow(HostBlocked);
    await expect(run).rejects.toThrow(/did not answer from this browser \(network, CORS or regional block\).*Set "Bybit archive base URL"/);
    expect(out).toEqual(['2025-10-01']);
  });
});
