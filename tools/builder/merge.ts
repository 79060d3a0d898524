/**
 * `--merge-manifests <parts> --out <dir>`: joins profile folders built apart (one pipeline job
 * per exchange and symbol, each with its own manifest.json) into one folder and one manifest.
 * Each manifest is read with the app's reader and each file checked against its entry's size
 * and sha256; a folder without a manifest, a manifest the app would refuse, a listed file that
 * is missing or not its entry's, and two parts listing the same profile (exchange, symbol,
 * month, kind) or the same path with different contents are all named, each with what to do,
 * and then nothing is written.
 */
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseManifest } from '../../src/lib/data/manifest.ts';
import { manifestOrder, writeManifestFile, type ManifestFile } from './state.ts';
import { makeFolder } from '../make-folder.ts';

export interface MergeReport {
  parts: string[];
  files: ManifestFile[];
  /** Manifests that list no file (a build that refused or skipped every month): nothing of them is published. */
  empty: string[];
}

/** Folders under `root` (itself included) that hold a manifest.json. */
async function partsUnder(root: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name === 'manifest.json')) out.push(root);
  else for (const e of entries) if (e.isDirectory()) await partsUnder(join(root, e.name), out);
  return out;
}

const REBUILD = 'build it again (npm run profiles -- … --out <that folder>) or remove that folder to merge the others';

export async function mergeManifests(partsRoot: string, outDir: string, generated = new Date()): Promise<MergeReport> {
  if (!partsRoot) throw new Error('--merge-manifests needs a folder: the one holding the built profile folders (each with its manifest.json)');
  // Inside the parts, the merged folder would be read as one more part by the next merge (every profile "listed twice").
  if (!relative(resolve(partsRoot), resolve(outDir)).startsWith('..')) {
    throw new Error(`--out ${outDir} is inside --merge-manifests ${partsRoot}: the next merge would take it for a part. Give an --out outside that folder.`);
  }
  const parts = (await partsUnder(partsRoot).catch((e: NodeJS.ErrnoException) => {
    // In the pipeline: no part was downloaded (every profile job failed); by hand: a mistyped path.
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new Error(`--merge-manifests ${partsRoot} is not a folder: give the folder holding the built profile folders (each with its manifest.json)`);
    throw e;
  })).sort();
  if (!parts.length) {
    throw new Error(`--merge-manifests ${partsRoot}: no manifest.json in it or in its folders, so nothing was merged: `
      + 'give the folder holding the built profile folders (the --out folders of npm run profiles), and check that the profile builds wrote them');
  }
  const problems: string[] = [];
  const name = (part: string) => relative(partsRoot, join(part, 'manifest.json')) || 'manifest.json';
  // One job's folder (a direct subfolder) without a manifest anywhere in it: a build that did not finish.
  if (!parts.includes(partsRoot)) {
    for (const e of await readdir(partsRoot, { withFileTypes: true })) {
      const folder = join(partsRoot, e.name);
      if (e.isDirectory() && !parts.some((p) => !relative(folder, p).startsWith('..'))) {
        problems.push(`${relative(partsRoot, folder)}/: no manifest.json in it or its folders, so its profiles cannot be checked or listed: ${REBUILD}.`);
      }
    }
  }
  const byProfile = new Map<string, string>();
  const byPath = new Map<string, { part: string; sha256: string }>();
  const copies: { from: string; f: ManifestFile }[] = [];
  const empty: string[] = [];
  for (const part of parts) {
    const where = name(part);
    const text = await readFile(join(part, 'manifest.json'), 'utf8');
    // The app's own reader: what it would refuse (not JSON, a bad field, a path leaving the folder) is not merged.
    const manifest = parseManifest(text, `https://merge.invalid/${where}`);
    if (!manifest.ok) {
      problems.push(`${where}: ${manifest.problem}; ${REBUILD}.`);
      continue;
    }
    if (!manifest.files.length) empty.push(where);
    for (const { url: _url, ...f } of manifest.files) {
      const key = `${f.exchange} ${f.symbol} ${f.month} ${f.kind}`;
      const twice = byProfile.get(key);
      if (twice) {
        problems.push(`${where} and ${name(twice)} both list ${key}: a profile comes from one build; remove one of the two folders and merge again.`);
        continue;
      }
      const samePath = byPath.get(f.path);
      if (samePath && samePath.sha256 !== f.sha256) {
        problems.push(`${where} and ${name(samePath.part)} give different files for ${f.path}: remove one of the two folders.`);
        continue;
      }
      const bytes = await readFile(join(part, f.path)).catch(() => null);
      if (!bytes) {
        problems.push(`${where}: ${f.path} is listed but missing from ${relative(partsRoot, part) || '.'}/; copy the whole folder, or ${REBUILD}.`);
        continue;
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (bytes.length !== f.bytes || sha !== f.sha256) {
        problems.push(`${where}: ${f.path} is not the file its entry describes (sha256 ${sha}, entry ${f.sha256}): it changed after the build; ${REBUILD}.`);
        continue;
      }
      byProfile.set(key, part);
      byPath.set(f.path, { part, sha256: f.sha256 });
      copies.push({ from: join(part, f.path), f });
    }
  }
  if (!problems.length && !copies.length) {
    problems.push(`${parts.map(name).join(', ')} list${parts.length === 1 ? 's' : ''} no file: nothing to publish. The profile builds refused or skipped every month (their output or --summary says why).`);
  }
  if (problems.length) throw new Error(`nothing was written to ${outDir}:\n  ${problems.join('\n  ')}`);
  for (const c of copies) {
    await makeFolder(dirname(join(outDir, c.f.path)));
    await copyFile(c.from, join(outDir, c.f.path));
  }
  const files = copies.map((c) => c.f).sort(manifestOrder);
  await writeManifestFile(join(outDir, 'manifest.json'), files, generated);
  return { parts, files, empty };
}
