/**
 * The page's importer (import/importer.ts) against a stand-in import worker (a MessageChannel
 * behind Comlink): its workers start once however often the data view opens, and columns sent
 * to the engine for a month that is not stored are dropped there (failure, refusal, cancel).
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as Comlink from 'comlink';
import { ArchiveImporter, type MonthJob } from '../../../src/lib/import/importer.ts';
import type { EngineClient } from '../../../src/lib/engine/client.ts';
import type { BuiltColumns } from '../../../src/lib/data/built-columns.ts';
import type { ColumnsSink, MonthOutcome } from '../../../src/lib/import/import-job.ts';

const COLUMNS: BuiltColumns = { fileName: 'AAAUSDT-2025-11.volume.parquet', kind: 'volume', metadata: {}, numbers: {}, codes: {} };
const JOB: MonthJob = { kind: 'given', symbol: 'AAAUSDT', month: '2025-11', files: [] };

/** What the stand-in worker does with a month once it has sent its columns. */
let afterColumns: () => Promise<MonthOutcome>;
let workers: FakeWorker[] = [];

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
  const engine = { api: { checkBuilt: async (b: BuiltColumns[]) => void sent.push(b), storeBuilt: async () => [] } } as unknown as EngineClient;
  return { sent, importer: new ArchiveImporter(() => engine, () => undefined) };
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

  test('a cancel drops the columns sent', async () => {
    afterColumns = () => new Promise<never>(() => undefined);
    const { sent, importer: i } = importer();
    const run = i.run([JOB]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    i.cancel();
    await run;
    expect(sent.map((b) => b.length)).toEqual([1, 0]);
  });
});
