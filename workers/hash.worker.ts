/**
 * The import's hashing worker: sha256 of an archive file's bytes as the import worker reads
 * them, on the other core, so that hashing (about as costly as parsing the CSV) runs beside
 * the inflate and parse instead of before them. Messages carry a stream number; each chunk is
 * acknowledged, so the sender can hold back when this side falls behind.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HashReply, HashRequest } from '../src/lib/import/stream-hash.ts';

const open = new Map<number, ReturnType<typeof sha256.create>>();

self.onmessage = (ev: MessageEvent<HashRequest>) => {
  const m = ev.data;
  let h = open.get(m.id);
  if (!h) open.set(m.id, (h = sha256.create()));
  if (m.bytes) {
    h.update(m.bytes);
    (self as unknown as Worker).postMessage({ id: m.id, acked: m.bytes.length } satisfies HashReply);
  } else {
    open.delete(m.id);
    (self as unknown as Worker).postMessage({ id: m.id, digest: bytesToHex(h.digest()) } satisfies HashReply);
  }
};
