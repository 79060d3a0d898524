/**
 * `mkdir -p` that cannot hang, for every Node tool. Node's recursive mkdir loops for ever (async
 * and sync alike, Node 20) on a path whose parent exists but refuses new entries with ENOENT, as
 * /proc does: `liqmap record --out /proc/x` and `npm run profiles -- --out /proc/x` never started
 * nor said why. Here each folder is made once, parents first, and a refusal is thrown naming it.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;

export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return existingFolder(dir, e);
    const parent = dirname(dir);
    if (codeOf(e) !== 'ENOENT' || parent === dir) throw e;
  }
  await makeFolder(dirname(dir));
  try {
    await mkdir(dir);
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return existingFolder(dir, e);
    // Its parent is there now and still "no such file": a folder that takes no new entries.
    if (codeOf(e) === 'ENOENT') throw Object.assign(new Error(`${dirname(dir)} takes no new folders (mkdir ${dir}: ENOENT)`), { code: 'ENOENT' });
    throw e;
  }
}

async function existingFolder(dir: string, e: unknown): Promise<void> {
  if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} is a file, not a folder`), { code: 'ENOTDIR', cause: e });
}
