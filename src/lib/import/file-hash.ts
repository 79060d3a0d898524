/**
 * The sha256 of an archive file as it streams past (for its .CHECKSUM and liqmap.source), at
 * the least cost to the import's busy core. Up to WHOLE_HASH_MAX_BYTES the bytes are gathered
 * and hashed once, at the end, by the platform (WebCrypto: the CPU's SHA instructions where it
 * has them, on the browser's own crypto thread): a 5 M-row month's 80 MB zip costs about 0.1 s
 * there against 0.25-0.45 s of streaming WebAssembly on the thread that parses. A larger file
 * is hashed as it streams (hash-wasm's WebAssembly, @noble/hashes' JavaScript where that
 * cannot start), so memory stays bounded: the gathered bytes are handed over when it
 * outgrows the limit.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';
import { sha256Hex } from '../data/hash.ts';

/**
 * Files up to this size are hashed whole by the platform; larger ones as they stream. For a
 * moment the digest holds the file twice (WebCrypto copies its input), so 128 MB costs at most
 * 256 MB: a day's zip or dump, or a smaller symbol's month, fits; a BTC month streams.
 */
export const WHOLE_HASH_MAX_BYTES = 128 << 20;

const FIRST_CAPACITY = 8 << 20;

interface Streaming {
  update(b: Uint8Array): void;
  hex(): string;
}

/** A streaming sha256: WebAssembly where it starts, else JavaScript. */
async function streamingSha256(): Promise<Streaming> {
  try {
    const h = await createSHA256();
    h.init();
    return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
  } catch {
    const h = sha256.create();
    return { update: (b) => void h.update(b), hex: () => bytesToHex(h.digest()) };
  }
}

/** Compiles the streaming hash's WebAssembly ahead of a large file (hash-wasm keeps the module). */
export function warmFileHash(): void {
  void createSHA256().catch(() => undefined);
}

export class FileHash {
  private held: Uint8Array<ArrayBuffer> | null;
  private at = 0;
  private streaming: Promise<Streaming> | null = null;
  private digest: Promise<string> | null = null;

  /** `size`: the file's size when known (its bytes are then gathered without regrowing). */
  constructor(size?: number, private readonly maxWhole = WHOLE_HASH_MAX_BYTES) {
    const known = size !== undefined && size > 0 && size <= maxWhole;
    this.held = new Uint8Array(known ? size : Math.min(FIRST_CAPACITY, maxWhole));
  }

  /** The file's next bytes (copied: the caller may hand them on). */
  async add(b: Uint8Array): Promise<void> {
    if (this.digest) throw new Error('FileHash: bytes added after the digest began');
    if (this.held && this.at + b.length > this.held.length) this.grow(this.at + b.length);
    if (this.held) {
      this.held.set(b, this.at);
      this.at += b.length;
    } else (await this.streaming!).update(b);
  }

  /** Starts the digest of every byte added (call once, after the last); the hex resolves when done. */
  hex(): Promise<string> {
    this.digest ??= this.held
      ? sha256Hex(this.held.subarray(0, this.at))
      : this.streaming!.then((s) => s.hex());
    this.held = null;
    return this.digest;
  }

  private grow(need: number): void {
    if (need <= this.maxWhole) {
      let size = this.held!.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(Math.min(size, this.maxWhole));
      next.set(this.held!.subarray(0, this.at));
      this.held = next;
      return;
    }
    // Too large to hold: the bytes so far go to a streaming hash, and so will the rest.
    const prefix = this.held!.subarray(0, this.at);
    this.held = null;
    this.streaming = streamingSha256().then((s) => (s.update(prefix), s));
  }
}
