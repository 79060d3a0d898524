/** A given File is read in 1 MB slices, every byte once and in order; a stream passes as it comes. */
import { describe, expect, it } from 'vitest';
import { sourceChunks } from '../../../src/lib/import/byte-chunks.ts';

async function all(source: Blob | ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of sourceChunks(source)) out.push(c);
  return out;
}

describe('sourceChunks', () => {
  it('reads a Blob in 1 MB slices, the bytes unchanged', async () => {
    const bytes = Uint8Array.from({ length: (5 << 20) / 2 }, (_, i) => (i * 7) % 251);
    const chunks = await all(new Blob([bytes]));
    expect(chunks.map((c) => c.length)).toEqual([1 << 20, 1 << 20, (1 << 19)]);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(await all(new Blob([]))).toEqual([]);
  });

  it('passes a stream chunk by chunk', async () => {
    const parts = [Uint8Array.of(1, 2), Uint8Array.of(3)];
    const stream = new ReadableStream<Uint8Array>({ start(c) { parts.forEach((p) => c.enqueue(p)); c.close(); } });
    expect(await all(stream)).toEqual(parts);
  });
});
