/**
 * Output files, written atomically (a temporary file, then a rename), so that a reader never
 * sees a half-written profile, manifest or state file; profiles come back with what the
 * manifest needs (size, sha256, rows).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

export interface WrittenProfile {
  bytes: number;
  sha256: string;
  rows: number;
}

/** Writes `bytes` to `path` atomically. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeAtomically(path, (tmp) => writeFile(tmp, bytes));
}

async function writeAtomically<T>(path: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const r = await write(tmp);
    await rename(tmp, path);
    return r;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes a profile with `write` (given the temporary path, returning its row count), then hashes it. */
export async function writeProfile(path: string, write: (tmp: string) => Promise<number>): Promise<WrittenProfile> {
  const rows = await writeAtomically(path, write);
  const bytes = await readFile(path);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows };
}
