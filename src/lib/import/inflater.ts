/**
 * Raw-deflate inflation for the zip reader: the platform's native DecompressionStream
 * ('deflate-raw', several times faster than JS) where it exists, fflate's streaming Inflate
 * elsewhere. Either way output arrives chunk by chunk and nothing is held whole.
 * Given the entry's CRC-32 and size (from its zip header), the native path wraps the deflate
 * data in a gzip header and trailer holding them: the platform's zlib then checks both as it
 * inflates (at memory speed), and the zip reader need not CRC every byte in JavaScript (about
 * a tenth of an import's time).
 */
import { Inflate } from 'fflate';

export interface Inflater {
  /** Feeds compressed bytes; `last` ends the stream (and waits until all output is handed on). */
  push(b: Uint8Array, last: boolean): Promise<void>;
  /** True when the inflater itself checks the output's CRC-32 and size (it throws at the end when they differ). */
  readonly checks: boolean;
}

/** What the zip header says the inflated entry is. */
export interface Expected {
  crc: number;
  size: number;
}

/** gzip's member header: deflate, no flags, no time, unknown OS. */
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** gzip's member trailer: CRC-32 and size modulo 2^32, little-endian. */
function gzipTrailer({ crc, size }: Expected): Uint8Array<ArrayBuffer> {
  const t = new Uint8Array(8);
  const v = new DataView(t.buffer);
  v.setUint32(0, crc >>> 0, true);
  v.setUint32(4, size % 2 ** 32, true);
  return t;
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
  readonly checks: boolean;

  constructor(onData: (b: Uint8Array) => void, private readonly expected?: Expected) {
    this.checks = expected !== undefined;
    const ds = new DecompressionStream((expected ? 'gzip' : 'deflate-raw') as CompressionFormat);
    this.writer = ds.writable.getWriter();
    if (expected) this.writer.write(GZIP_HEADER.slice()).catch(() => undefined);
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
      if (this.expected) await this.writer.write(gzipTrailer(this.expected));
      await this.writer.close();
      await this.pump;
    }
    if (this.failure) throw this.failure;
  }
}

class JsInflater implements Inflater {
  private readonly inflate: Inflate;
  readonly checks = false;

  constructor(onData: (b: Uint8Array) => void) {
    this.inflate = new Inflate((out) => onData(out));
  }

  async push(b: Uint8Array, last: boolean): Promise<void> {
    this.inflate.push(b, last);
  }
}

/** `expected`: the entry's CRC-32 and size, for the native inflater to check (see `checks`). */
export function createInflater(onData: (b: Uint8Array) => void, native = NATIVE, expected?: Expected): Inflater {
  return native ? new NativeInflater(onData, expected) : new JsInflater(onData);
}
