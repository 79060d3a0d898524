/**
 * The page's importer (import/importer.ts) against a stand-in import worker (a MessageChannel
 * behind Comlink): its workers start once however often the data view opens, and columns sent
 * to the engine for a month that is not stored are dropped there (failure, refusal, cancel).
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as Comlink from 'comlink';
import { ArchiveImporter, type ImportStatus, type MonthJob } from '../../../src/lib/import/importer.ts';
import type { EngineClient } from '../../../src/lib/engine/client.ts';
import type { BuiltColumns } from '../../../src/lib/data/built-columns.ts';
import type { ColumnsSink, MonthOutcome } from '../../../src/lib/import/import-job.ts';
import type { MonthPlan } from '../../../src/lib/import/fetch-plan.ts';

const COLUMNS: BuiltColumns = { fileName: 'AAAUSDT-2025-11.volume.parquet', kind: 'volume', metadata: {}, numbers: {}, codes: {} };
const JOB: MonthJob = { kind: 'given', symbol: 'AAAUSDT', month: '2025-11', files: [] };

/** What the stand-in worker does with a month once it has sent its columns. */
let afterColumns: () => Promise<MonthOutcome>;
let workers: FakeWorker[] = [];
/** What the stand-in worker answers for a fetched month. */
let fetched: (plan: MonthPlan) => MonthOutcome;

class FakeWorker {
  private readonly port: MessagePort;
  private readonly other: MessagePort;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose({
      warm: async () => undefined,
      importGiven: async (_s: string, _m: string, _f: unknown, _p: unknown, onColumns: ColumnsSink) => {
        await onColumns([COLUMNS]);
        return afterColumns();
      },
      importFetched: async (plan: MonthPlan) => fetched(plan),
      importExchangeGiven: async () => afterColumns(),
      importExchangeFetched: async (_e: string, plan: MonthPlan) => fetched(plan),
    }, port2);
    [this.port, this.other] = [port1, port2];
    port1.start();
    workers.push(this);
  }
  postMessage(message: unknown, transfer: Transferable[]) { this.port.postMessage(message, transfer); }
  addEventListener(type: string, listener: EventListener) { this.port.addEventListener(type, listener); }
  removeEventListener(type: string, listener: EventListener) { this.port.removeEventListener(type, listener); }
  terminate() { this.port.close(); this.other.close(); }
}

function importer() {
  const sent: BuiltColumns[][] = [];
  const statuses: ImportStatus[] = [];
  const engine = { api: { checkBuilt: async (b: BuiltColumns[]) => void sent.push(b), storeBuilt: async () => [] } } as unknown as EngineClient;
  return { sent, statuses, importer: new ArchiveImporter(() => engine, (s) => void statuses.push(s)) };
}

beforeEach(() => {
  workers = [];
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => {
  for (const w of workers) w.terminate();
  vi.unstubAllGlobals();
});

describe('ArchiveImporter', () => {
  test('warm starts the worker once, however often the data view opens', () => {
    const { importer: i } = importer();
    i.warm();
    i.warm();
    i.warm();
    expect(workers).toHaveLength(1);
  });

  test.each([
    ['the encoding fails', () => Promise.reject(new Error('encode failed'))],
    ['the month is refused', async (): Promise<MonthOutcome> => ({ status: 'refused', symbol: 'AAAUSDT', month: '2025-11', message: 'refused', notes: [] })],
  ])('columns sent for a month not stored are dropped when %s', async (_, outcome) => {
    afterColumns = outcome;
    const { sent, importer: i } = importer();
    await i.run([JOB]);
    expect(sent.map((b) => b.map((c) => c.fileName))).toEqual([[COLUMNS.fileName], []]);
  });

  test('a refusal names the month it kept from being built (one bad day refuses its whole month)', async () => {
    afterColumns = async () => ({ status: 'refused', symbol: 'AAAUSDT', month: '2025-11', message: 'AAAUSDT2025-11-03.csv.gz: not a whole gzip file (truncated or corrupt)', notes: [] });
    const { statuses, importer: i } = importer();
    await i.run([{ kind: 'exchange-given', exchange: 'bybit', symbol: 'AAAUSDT', month: '2025-11', parts: { dumps: [], oi: [] } }]);
    expect(statuses.at(-1)!.lines).toEqual([{ ok: false, text: 'AAAUSDT2025-11-03.csv.gz: not a whole gzip file (truncated or corrupt). Bybit AAAUSDT 2025-11 was not built; nothing kept in this browser changed.' }]);
  });

  test('a cancel drops the columns sent', async () => {
    afterColumns = () => new Promise<never>(() => undefined);
    const { sent, importer: i } = importer();
    const run = i.run([JOB]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    i.cancel();
    await run;
    expect(sent.map((b) => b.length)).toEqual([1, 0]);
  });

  describe('months with no file at all on the host', () => {
    const plan = (month: string): MonthPlan => ({ symbol: 'BTCUSD', month, monthly: true, days: [`${month}-01`] });
    const nothing = (p: MonthPlan): MonthOutcome => ({
      status: 'skipped', symbol: p.symbol, month: p.month, message: `${p.symbol} ${p.month}: no aggTrades file published yet, nothing to build`, notes: [],
      nothingAt: `https://mirror.example/${p.month}.zip`,
    });
    const lastLine = (statuses: ImportStatus[]) => statuses.at(-1)!.lines.at(-1)!;

    test.each([
      ['Binance', 'fetch', 'Archive base URL'],
      ['Bybit', 'exchange-fetch', 'Bybit archive base URL'],
    ] as const)('%s: when every month found nothing, the last line names the first file and the setting to check', async (_, kind, setting) => {
      fetched = nothing;
      const { statuses, importer: i } = importer();
      const jobs: MonthJob[] = ['2025-10', '2025-11'].map((m) => (kind === 'fetch'
        ? { kind, plan: plan(m), base: 'https://mirror.example' }
        : { kind, exchange: 'bybit', plan: plan(m), hosts: { bybitArchiveBase: 'https://mirror.example', bybitApiBase: 'https://api.example' } }));
      await i.run(jobs);
      expect(lastLine(statuses).ok).toBe(false);
      expect(lastLine(statuses).text).toContain('Not one file asked for is on the archive host (the first: https://mirror.example/2025-10.zip)');
      expect(lastLine(statuses).text).toContain(`check the symbol (as the exchange names it, e.g. BTCUSDT) and "${setting}"`);
    });

    test('no hint when another month had files (that month is merely not published yet)', async () => {
      fetched = (p) => (p.month === '2025-12' ? nothing(p) : { status: 'skipped', symbol: p.symbol, month: p.month, message: 'only metrics', notes: [] });
      const { statuses, importer: i } = importer();
      await i.run(['2025-11', '2025-12'].map((m) => ({ kind: 'fetch', plan: plan(m), base: 'https://mirror.example' })));
      expect(statuses.at(-1)!.lines.map((l) => l.text)).toEqual(['only metrics', 'BTCUSD 2025-12: no aggTrades file published yet, nothing to build']);
    });
  });
});
