/**
 * An exchange is one folder plus its registration (docs/exchanges.md): outside
 * src/exchanges/<id>/, only the two registries import from it (tests and benchmarks may), and
 * no code but its registration names it (the default exchange, the core, excepted); the
 * site never reaches an exchange's Node half (tools.ts, builder/, synth/: native DuckDB,
 * node:fs), nor tools/; and every id of EXCHANGE_LABELS has its folder with both entry files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_EXCHANGE, EXCHANGE_IDS, EXCHANGE_LABELS } from '../../src/lib/data/profile-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXCHANGES = path.join(ROOT, 'src/exchanges');
const REGISTRIES = ['app-registry.ts', 'tools-registry.ts'].map((f) => path.join(EXCHANGES, f));
const rel = (file: string) => path.relative(ROOT, file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|svelte)$/.test(e.name) ? [full] : [];
  });
}

/**
 * The files a file imports (static, dynamic, re-exports, side effects, workers' URLs), resolved;
 * packages left out. `types`: with `import type`, which the build erases.
 */
function importsOf(file: string, types: boolean): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = [...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm)]
    .filter((m) => types || !m[1]).map((m) => m[2]);
  const specs = [
    ...statements,
    ...[...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g)].map((m) => m[1]),
  ];
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

/** The exchange folder a file is in (`bybit` for src/exchanges/bybit/…), or null. */
function exchangeOf(file: string): string | null {
  const r = path.relative(EXCHANGES, file).split(path.sep);
  return r.length > 1 && r[0] !== '..' ? r[0] : null;
}

/** The Node half of an exchange: its tools.ts, builder/ and synth/, and the registry of them. */
const nodeOnly = (file: string) => file === REGISTRIES[1] || /^src\/exchanges\/[^/]+\/(tools\.ts$|builder\/|synth\/)/.test(rel(file)) || rel(file).startsWith('tools/');

const CODE = ['src', 'workers', 'tools'].flatMap((d) => sourceFiles(path.join(ROOT, d)));
/** Where the exchanges are registered: their ids and names (EXCHANGE_LABELS), and the two registries. */
const REGISTRATION = [...REGISTRIES, path.join(ROOT, 'src/lib/data/profile-schema.ts')];

/** A file's lines of code, numbered from 1: comment lines left out, and a comment after code (` // …`) cut off. */
function codeLines(file: string): [number, string][] {
  return readFileSync(file, 'utf8').split('\n')
    .map((line, i): [number, string] => [i + 1, line.replace(/\s\/\/\s.*$/, '')])
    .filter(([, line]) => !/^\s*(\*|\/\*|\/\/|<!--)/.test(line));
}

describe('exchange folders', () => {
  test('outside an exchange folder, only the two registries import from it', () => {
    const wrong = CODE.flatMap((file) => importsOf(file, true).flatMap((target) => {
      const owner = exchangeOf(target);
      if (!owner || exchangeOf(file) === owner || REGISTRIES.includes(file)) return [];
      return [`${rel(file)} imports ${rel(target)}`];
    }));
    expect(wrong).toEqual([]);
  });

  test('outside its folder, no code names an exchange but the default one, except where exchanges are registered (help texts and file rules come from its folder)', () => {
    const others = EXCHANGE_IDS.filter((id) => id !== DEFAULT_EXCHANGE);
    const named = (line: string, id: (typeof others)[number]) => [id, EXCHANGE_LABELS[id]].some((w) => line.toLowerCase().includes(w.toLowerCase()));
    const wrong = CODE.filter((f) => !REGISTRATION.includes(f)).flatMap((file) => codeLines(file).flatMap(([n, line]) =>
      others.filter((id) => exchangeOf(file) !== id && named(line, id)).map((id) => `${rel(file)}:${n} names ${EXCHANGE_LABELS[id]}: ${line.trim()}`)));
    expect(others.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  test("nothing under src/ or workers/ outside the Node half imports an exchange's tools.ts, builder/ or synth/", () => {
    const wrong = CODE.filter((f) => !nodeOnly(f)).flatMap((file) => importsOf(file, false).filter(nodeOnly).map((t) => `${rel(file)} imports ${rel(t)}`));
    expect(wrong).toEqual([]);
  });

  test('the site and its workers never reach the Node half, however deep', () => {
    const entries = [path.join(ROOT, 'src/main.ts'), path.join(ROOT, 'src/early-picture.ts'), ...sourceFiles(path.join(ROOT, 'workers'))];
    const seen = new Set<string>();
    const from = new Map<string, string>();
    const walk = (file: string) => {
      if (seen.has(file) || !existsSync(file)) return;
      seen.add(file);
      for (const t of importsOf(file, false)) {
        if (!from.has(t)) from.set(t, file);
        walk(t);
      }
    };
    entries.forEach(walk);
    expect(seen.size).toBeGreaterThan(100); // the walk followed the app's imports
    const reached = [...seen].filter(nodeOnly).map((f) => `${rel(f)} (from ${rel(from.get(f)!)})`);
    expect(reached).toEqual([]);
  });

  test.each(EXCHANGE_IDS)('%s has its folder with app.ts and tools.ts', (id) => {
    expect(['app.ts', 'tools.ts'].filter((f) => !existsSync(path.join(EXCHANGES, id, f)))).toEqual([]);
  });
});
