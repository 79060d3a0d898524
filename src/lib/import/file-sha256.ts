/**
 * The sha256 of an archive file (for its .CHECKSUM and liqmap.source), two ways: streaming,
 * over the chunks as they are read (hash-wasm's WebAssembly, about 2.5x @noble/hashes'
 * JavaScript, which stays the fallback where WebAssembly cannot start), or, for a file the
 * user gave, whole: WebCrypto's native digest (with the CPU's SHA instructions, 80 MB read and
 * hashed in about 0.15 CPU-s against hash-wasm's 0.3; Chromium digests on the calling thread,
 * so unpack.ts wholeSha256 calls it from the unpacking worker, not the import worker), which
 * takes the file's bytes at once (no streaming API), hence the limit.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';
import { sha256Hex } from '../data/hash.ts';
import { streamChunks } from './archive-http.ts';

/**
 * Files up to this size are hashed whole, beside the read; the file's bytes (and the digest's
 * own copy of them, which WebCrypto takes: up to twice this) are held only while it is hashed.
 * A real BTC month's zip (about 1 GB) would double the tab's memory and more, so a file above
 * this keeps the streaming hash.
 */
export const WHOLE_HASH_BYTES = 512 << 20;

export interface Sha256 {
  update(b: Uint8Array): void;
  hex(): string;
}

/** A streaming sha256: WebAssembly where it starts, else JavaScript. */
export async function sha256Stream(): Promise<Sha256> {
  try {
    const h = await createSHA256();
    h.init();
    return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
  } catch {
    const h = sha256.create();
    return { update: (b) => void h.update(b), hex: () => bytesToHex(h.digest()) };
  }
}

/** Compiles the sha256's WebAssembly ahead of the first file (hash-wasm keeps the compiled module). */
export function warmSha256(): void {
  void createSHA256().catch(() => undefined);
}

/**
 * The whole `blob`'s sha256 with one native digest. Should that fail (no WebCrypto outside a
 * secure context, or no memory for the bytes), the blob is read again through the streaming
 * hash: the same digest, only slower.
 */
export async function blobSha256(blob: Blob): Promise<string> {
  try {
    return await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
  } catch {
    const h = await sha256Stream();
    for await (const chunk of streamChunks(blob.stream())) h.update(chunk);
    return h.hex();
  }
}
