/**
 * A file's bytes chunk by chunk, from a stream (a response body, File.stream()) or a Blob.
 * A Blob (a given File) is read in large slices, the next slice's read under way while this
 * one is unpacked: fewer, larger chunks than its stream gives (less per-chunk work downstream).
 */

/** A Blob's slices are this large (the last one smaller). */
const SLICE = 1 << 20;

/** A byte stream chunk by chunk. */
export async function* streamChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** A Blob's bytes in slices of SLICE, or a stream's chunks as they come. */
export async function* sourceChunks(source: Blob | ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  if (!(source instanceof Blob)) {
    yield* streamChunks(source);
    return;
  }
  let at = 0;
  let next = source.size > 0 ? source.slice(0, SLICE).arrayBuffer() : null;
  while (next) {
    const bytes = new Uint8Array(await next);
    at += bytes.length;
    // A file that shrank since it was given ends here rather than looping.
    next = at < source.size && bytes.length > 0 ? source.slice(at, at + SLICE).arrayBuffer() : null;
    yield bytes;
  }
}
