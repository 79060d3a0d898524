/**
 * `--merge-manifests <parts> --out <dir>`: joins profile folders built apart (one pipeline job
 * per exchange and symbol, each with its own manifest.json) into one folder and one manifest.
 * Each file is copied with its relative path and checked against its entry's size and sha256;
 * two parts listing the same profile (exchange, symbol, month, kind) or the same path with
 * different contents are refused by name, and nothing is written.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_EXCHANGE } from '../../src/lib/data/profile-schema.ts';
import { manifestOrder, writeManifestFile, type ManifestFile } from './state.ts';

export interface MergeReport {
  parts: string[];
  files: ManifestFile[];
}

/** Folders under `root` (itself included) that hold a manifest.json. */
async function partsUnder(root: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name === 'manifest.json')) out.push(root);
  else for (const e of entries) if (e.isDirectory()) await partsUnder(join(root, e.name), out);
  return out;
}

export async function mergeManifests(partsRoot: string, outDir: string, generated = new Date()): Promise<MergeReport> {
  const parts = (await partsUnder(partsRoot).catch((e: NodeJS.ErrnoException) => {
    // In the pipeline: no part was downloaded (every profile job failed); by hand: a mistyped path.
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new Error(`--merge-manifests ${partsRoot} is not a folder: give the folder holding the built profile folders (each with its manifest.json)`);
    throw e;
  })).sort();
  if (!parts.length) throw new Error(`${partsRoot}: no manifest.json in it or in its folders`);
  const byProfile = new Map<string, { part: string; f: ManifestFile }>();
  const byPath = new Map<string, { part: string; f: ManifestFile }>();
  const copies: { from: string; f: ManifestFile }[] = [];
  for (const part of parts) {
    const where = relative(partsRoot, join(part, 'manifest.json')) || 'manifest.json';
    const json = JSON.parse(await readFile(join(part, 'manifest.json'), 'utf8')) as { schema?: unknown; files?: ManifestFile[] };
    if (json.schema !== 1 || !Array.isArray(json.files)) throw new Error(`${where}: not a schema-1 manifest`);
    for (const raw of json.files) {
      const f: ManifestFile = { ...raw, exchange: raw.exchange ?? DEFAULT_EXCHANGE };
      const key = `${f.exchange} ${f.symbol} ${f.month} ${f.kind}`;
      const twice = byProfile.get(key);
      if (twice) throw new Error(`${where} and ${relative(partsRoot, twice.part) || '.'}/manifest.json both list ${key}`);
      const samePath = byPath.get(f.path);
      if (samePath && samePath.f.sha256 !== f.sha256) {
        throw new Error(`${where} and ${relative(partsRoot, samePath.part) || '.'}/manifest.json give different files for ${f.path}`);
      }
      const bytes = await readFile(join(part, f.path)).catch(() => null);
      if (!bytes) throw new Error(`${where}: ${f.path} is listed but missing`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (bytes.length !== f.bytes || sha !== f.sha256) throw new Error(`${where}: ${f.path} is not the file its entry describes (sha256 ${sha}, entry ${f.sha256})`);
      byProfile.set(key, { part, f });
      byPath.set(f.path, { part, f });
      copies.push({ from: join(part, f.path), f });
    }
  }
  for (const c of copies) {
    await mkdir(dirname(join(outDir, c.f.path)), { recursive: true });
    await copyFile(c.from, join(outDir, c.f.path));
  }
  const files = copies.map((c) => c.f).sort(manifestOrder);
  await writeManifestFile(join(outDir, 'manifest.json'), files, generated);
  return { parts, files };
}
