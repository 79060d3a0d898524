/**
 * A gzip byte stream, decompressed as it arrives: the platform's DecompressionStream('gzip')
 * where it exists (native, as the zip path's 'deflate-raw'), fflate's streaming Gunzip elsewhere.
 */
import { Gunzip } from 'fflate';

function nativeGzip(): boolean {
  try {
    return typeof DecompressionStream === 'function' && new DecompressionStream('gzip') !== null;
  } catch {
    return false;
  }
}

export async function* gunzipChunks(source: AsyncIterable<Uint8Array>, native = nativeGzip()): AsyncGenerator<Uint8Array> {
  if (native) {
    const ds = new DecompressionStream('gzip');
    const writer = ds.writable.getWriter();
    const feeding = (async () => {
      try {
        for await (const c of source) await writer.write(c as BufferSource);
        await writer.close();
      } catch (e) {
        // The reading side then fails with the source's own error.
        await writer.abort(e).catch(() => {});
        throw e;
      }
    })();
    feeding.catch(() => {});
    const reader = ds.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    await feeding;
    return;
  }
  const out: Uint8Array[] = [];
  const gz = new Gunzip((chunk) => { out.push(chunk); });
  for await (const c of source) {
    gz.push(c, false);
    yield* out.splice(0);
  }
  gz.push(new Uint8Array(0), true);
  yield* out.splice(0);
}
