/** The decode worker's client: reads answered by the worker, the worker ended after a batch, in-thread reads when it fails. */
import { describe, expect, it } from 'vitest';
import { readInDecodeWorker, type DecodeReply, type DecodeRequest } from '../../../src/lib/engine/decode-worker.ts';
import { readStoredProfile } from '../../../src/lib/data/profile-file.ts';
import { sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';

/** A worker stand-in running the decode worker's work in this thread; `broken` fails every message. */
class FakeWorker {
  onmessage: ((ev: MessageEvent<DecodeReply>) => void) | null = null;
  onerror: ((ev: Event & { message?: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  requests = 0;
  constructor(private readonly broken = false) {}
  postMessage(m: DecodeRequest) {
    this.requests++;
    setTimeout(async () => {
      if (this.broken) return this.onerror?.(Object.assign(new Event('error'), { message: 'boom' }));
      this.onmessage?.({ data: { id: m.id, result: await readStoredProfile(m.file, m.expected) } } as MessageEvent<DecodeReply>);
    });
  }
  terminate() {
    this.terminated = true;
  }
}

describe('decode worker client', () => {
  it('reads the first batch in this thread, later ones in a worker started by warm and ended at rest once its reads are answered', async () => {
    const workers: FakeWorker[] = [];
    const reader = readInDecodeWorker(() => (workers.push(new FakeWorker()), workers.at(-1) as unknown as Worker));
    const bytes = await writeProfile('volume', sampleVolumeRows('2025-11', 2));
    reader.warm();
    expect((await reader.read({ name: 'first.parquet', bytes })).ok).toBe(true);
    reader.rest();
    expect(workers).toHaveLength(0);
    reader.warm();
    expect(workers).toHaveLength(1);
    const read = reader.read({ name: 'BTCUSDT-2025-11.volume.parquet', bytes }, { month: '2025-11' });
    reader.rest();
    expect(workers[0].terminated).toBe(false);
    const result = await read;
    expect(result.ok && result.rows).toBe(sampleVolumeRows('2025-11', 2).length);
    expect(workers[0].terminated).toBe(true);
    expect(workers[0].requests).toBe(1);
    // The next batch starts another worker.
    expect((await reader.read({ name: 'again.parquet', bytes })).ok).toBe(true);
    expect(workers).toHaveLength(2);
    // A file that is not Parquet at all is refused in this thread, never copied to the worker.
    expect(await reader.read({ name: 'zeros.parquet', bytes: new Uint8Array(1000) })).toMatchObject({ ok: false, message: /not a Parquet file/ });
    expect(workers[1].requests).toBe(1);
  });

  it('reads in this thread when the worker fails, then and for the rest of the session', async () => {
    const workers: FakeWorker[] = [];
    const failures: string[] = [];
    const reader = readInDecodeWorker(() => (workers.push(new FakeWorker(true)), workers.at(-1) as unknown as Worker), (why) => failures.push(why));
    const bytes = await writeProfile('volume', sampleVolumeRows('2025-11', 2));
    reader.rest(); // past the first batch
    const first = await reader.read({ name: 'one.parquet', bytes });
    expect(first.ok && first.meta.month).toBe('2025-11');
    expect(workers[0].terminated).toBe(true);
    expect((await reader.read({ name: 'two.parquet', bytes })).ok).toBe(true);
    expect(workers).toHaveLength(1);
    expect(failures).toEqual(['the decode worker failed (boom)']);
    expect(await reader.read({ name: 'bad.parquet', bytes: new Uint8Array([1, 2, 3]) })).toMatchObject({ ok: false, message: /not a Parquet file/ });
  });
});
