/**
 * readInput's work without the parse, for the unpack worker: file bytes arrive on one stream,
 * CSV bytes leave on another. Waiting for the CSV side's room before taking the next file chunk
 * is the backpressure: a slow parse slows the download, nothing piles up.
 */
import { errorText } from '../data/refusal.ts';
import { InputProblem, readInput, type ArchiveInput, type ReadResult } from './read-input.ts';

export type UnpackInput = Omit<ArchiveInput, 'stream' | 'bytes'>;
export type UnpackOutcome = { ok: true; result: ReadResult } | { ok: false; problem: string };

async function* paced(source: ReadableStream<Uint8Array>, writer: WritableStreamDefaultWriter<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = source.getReader();
  try {
    for (;;) {
      await writer.ready;
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A chunk that views part of a larger buffer would be cloned with all of it: copy just the view. */
const own = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());

export async function unpack(meta: UnpackInput, source: ReadableStream<Uint8Array>, csv: WritableStream<Uint8Array>): Promise<UnpackOutcome> {
  const writer = csv.getWriter();
  try {
    const result = await readInput({ ...meta, stream: () => paced(source, writer) }, (b) => void writer.write(own(b)).catch(() => undefined));
    await writer.close();
    return { ok: true, result };
  } catch (e) {
    await writer.abort(errorText(e)).catch(() => undefined);
    return { ok: false, problem: e instanceof InputProblem ? e.message : `${meta.name}: ${errorText(e)}` };
  }
}
