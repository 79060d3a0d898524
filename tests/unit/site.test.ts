/** `npm run site --out`: the build empties its --out, so a folder holding something else is refused before anything is built. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { outProblem } from '../../tools/site.ts';

const temp = (prefix: string) => mkdtemp(join(tmpdir(), `liqmap-${prefix}-`));

describe('npm run site --out', () => {
  it('refuses a folder with other files in it, keeping them, and says what to give', async () => {
    const www = await temp('www');
    await writeFile(join(www, 'other-site.html'), 'not ours');
    const profiles = await temp('profiles');
    await writeFile(join(profiles, 'manifest.json'), '{"schema":1,"files":[]}');
    const err = await promisify(execFile)('npx', ['tsx', 'tools/site.ts', '--profiles', profiles, '--out', www])
      .then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain(`site: --out ${www} holds files that are not a liqmap site (other-site.html), and the build empties its --out first`);
    expect(await readdir(www)).toEqual(['other-site.html']);
  });

  it('takes a new or empty folder, or one an earlier build wrote', async () => {
    const root = await temp('out');
    expect(await outProblem(join(root, 'new'))).toBeNull();
    expect(await outProblem(root)).toBeNull();
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><html><head><title>liqmap — liquidation heatmap</title></head></html>');
    expect(await outProblem(root)).toBeNull();
    await writeFile(join(root, 'index.html'), '<title>My blog</title>');
    expect(await outProblem(root)).toMatch(/holds files that are not a liqmap site \(assets, index\.html\)/);
    expect(await outProblem(join(root, 'index.html'))).toMatch(/is a file/);
  });
});
