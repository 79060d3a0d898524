/** Test helpers: archive files on disk as importer inputs, and profile files read back by native DuckDB. */
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArchiveName, parseChecksum } from '../../../src/lib/archive/names.ts';
import type { ArchiveInput } from '../../../src/lib/import/read-input.ts';
import { buildMonth, type BuiltMonth, type MonthBuildOptions } from '../../../src/lib/import/month-build.ts';
import { query } from '../builder/helpers.ts';

/**
 * An archive file held in memory as an importer input: `content` (text or bytes) streamed in
 * chunks of `chunk` bytes (whole by default; small chunks split headers and lines), with the
 * sha256 its .CHECKSUM would state.
 */
export function memoryInput(name: string, content: string | Uint8Array, o: { chunk?: number; expectedSha256?: string | null } = {}): ArchiveInput {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const chunk = o.chunk ?? Math.max(1, bytes.length);
  return {
    name, parsed: parseArchiveName(name)!, bytes: bytes.length, expectedSha256: o.expectedSha256 ?? null,
    stream: async function* () { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); },
  };
}

export async function fileInput(path: string, withChecksum = true): Promise<ArchiveInput> {
  const name = basename(path);
  const parsed = parseArchiveName(name);
  if (!parsed) throw new Error(`not an archive name: ${name}`);
  let expectedSha256: string | null = null;
  if (withChecksum) expectedSha256 = await readFile(`${path}.CHECKSUM`, 'utf8').then((t) => parseChecksum(t), () => null);
  const sidecar = await stat(`${path}.synthetic`).then(() => true, () => false);
  return {
    name, parsed, bytes: (await stat(path)).size, expectedSha256, syntheticSidecar: sidecar,
    stream: () => createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
  };
}

/** Every archive file (zip or csv) under `dir`, recursively. */
export async function archiveFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).filter((f) => /\.(zip|csv)$/.test(f)).map((f) => join(dir, f)).sort();
}

/** Imports the month from the given files and writes its profiles into `outDir`. */
export async function importMonth(paths: string[], outDir: string, o: MonthBuildOptions = {}): Promise<BuiltMonth> {
  const inputs = await Promise.all(paths.map((p) => fileInput(p)));
  const { symbol, month } = inputs[0].parsed;
  const built = await buildMonth(symbol, month, inputs, o);
  for (const p of built.profiles) await writeFile(join(outDir, p.fileName), p.bytes);
  return built;
}

const ORDER: Record<string, string> = { volume: 'hour, price_bin, side, size_min', candles: 'time', oi: 'time, open_interest' };

/** Rows of a profile file, in a fixed order, read by native DuckDB. */
export async function profileRows(path: string, kind: string): Promise<Record<string, unknown>[]> {
  return query(`SELECT * FROM read_parquet('${path}') ORDER BY ${ORDER[kind]}`);
}

export async function profileMeta(path: string): Promise<Record<string, string>> {
  const rows = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}')`);
  return Object.fromEntries(rows.map((r) => [String(r.k), String(r.v)]));
}

/** Cell-by-cell differences beyond 1e-9 relative (numbers) or any (others); [] when equal. */
export function differences(a: Record<string, unknown>[], b: Record<string, unknown>[], limit = 10): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`row counts ${a.length} vs ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length) && out.length < limit; i++) {
    for (const k of Object.keys(a[i])) {
      const x = a[i][k];
      const y = b[i][k];
      const same = typeof x === 'number' && typeof y === 'number'
        ? Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))
        : String(x) === String(y);
      if (!same) out.push(`row ${i} ${k}: ${String(x)} vs ${String(y)}`);
    }
  }
  return out;
}
