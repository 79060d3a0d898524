/**
 * Raw-deflate inflation for the zip reader: the platform's native DecompressionStream
 * ('deflate-raw', several times faster than JS) where it exists, fflate's streaming Inflate
 * elsewhere. Either way output arrives chunk by chunk and nothing is held whole.
 */
import { Inflate } from 'fflate';

export interface Inflater {
  /** Feeds compressed bytes; `last` ends the stream (and waits until all output is handed on). */
  push(b: Uint8Array, last: boolean): Promise<void>;
}

function nativeAvailable(): boolean {
  try {
    return typeof DecompressionStream === 'function' && new DecompressionStream('deflate-raw' as CompressionFormat) !== null;
  } catch {
    return false;
  }
}

const NATIVE = nativeAvailable();

class NativeInflater implements Inflater {
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly pump: Promise<void>;
  private failure: unknown = null;

  constructor(onData: (b: Uint8Array) => void) {
    const ds = new DecompressionStream('deflate-raw' as CompressionFormat);
    this.writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    this.pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        onData(value);
      }
    })();
    this.pump.catch((e) => { this.failure ??= e; });
  }

  async push(b: Uint8Array, last: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    await this.writer.write(b as Uint8Array<ArrayBuffer>);
    if (last) {
      await this.writer.close();
      await this.pump;
    }
    if (this.failure) throw this.failure;
  }
}

class JsInflater implements Inflater {
  private readonly inflate: Inflate;

  constructor(onData: (b: Uint8Array) => void) {
    this.inflate = new Inflate((out) => onData(out));
  }

  async push(b: Uint8Array, last: boolean): Promise<void> {
    this.inflate.push(b, last);
  }
}

export function createInflater(onData: (b: Uint8Array) => void, native = NATIVE): Inflater {
  return native ? new NativeInflater(onData) : new JsInflater(onData);
}
