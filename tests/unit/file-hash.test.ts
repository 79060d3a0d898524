import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileHash } from '../../src/lib/import/file-hash.ts';

const reference = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The file given in chunks of uneven sizes, as a stream hands them over. */
async function hashInChunks(file: Uint8Array, hash: FileHash): Promise<string> {
  const sizes = [1, 7, 4096, 65_536, 13, 100_000];
  for (let at = 0, i = 0; at < file.length; i++) {
    const n = sizes[i % sizes.length];
    const chunk = file.slice(at, at + n);
    await hash.add(chunk);
    chunk.fill(0); // the caller may hand its chunk on (moved to a worker): the hash kept a copy
    at += n;
  }
  return hash.hex();
}

describe('FileHash', () => {
  const file = new Uint8Array(randomBytes(700_000));

  it('hashes a file of known size whole, as the platform does', async () => {
    expect(await hashInChunks(file, new FileHash(file.length))).toBe(reference(file));
  });

  it('gathers a file of unknown or understated size by growing', async () => {
    expect(await hashInChunks(file, new FileHash())).toBe(reference(file));
    expect(await hashInChunks(file, new FileHash(1000))).toBe(reference(file));
  });

  it('hashes a file larger than the limit as it streams, the bytes gathered so far included', async () => {
    expect(await hashInChunks(file, new FileHash(undefined, 100_000))).toBe(reference(file));
    expect(await hashInChunks(file, new FileHash(file.length, 100_000))).toBe(reference(file));
  });

  it('hashes an empty file', async () => {
    expect(await new FileHash(0).hex()).toBe(reference(new Uint8Array(0)));
  });

  it('refuses bytes after the digest began', async () => {
    const h = new FileHash(10);
    await h.add(new Uint8Array(10));
    void h.hex();
    await expect(h.add(new Uint8Array(1))).rejects.toThrow(/after the digest/);
  });
});
