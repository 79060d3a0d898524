/**
 * `npm run site -- --profiles <dir>`: the static site with built profiles as its default
 * source, ready to host (GitHub Pages, S3, a folder): builds the site with
 * LIQMAP_DEFAULT_SOURCE=profiles/manifest.json and copies the manifest and every file it lists
 * into <out>/profiles/. Profiles that are not synthetic carry no "synthetic" label in the app.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorLine } from './option-error.ts';
import { parseManifest } from '../src/lib/data/manifest.ts';
import { makeFolder } from './make-folder.ts';

const HELP = `Usage: npm run site -- --profiles <dir> [--out <dir>]

Builds the site (as npm run build) with the profiles in --profiles (the --out folder of
npm run profiles) as its default source, and copies their manifest.json and every file it
lists into <out>/profiles/. Host <out> as it is.

Options:
  --profiles <dir>   folder with manifest.json and the profiles it lists     (required)
  --out <dir>        where the site goes (default dist); emptied first, so a folder holding
                     anything but an earlier liqmap site is refused
  -h, --help         this text
`;

/** The folder, inside the site, the profiles are published in (the default source is its manifest). */
export const PROFILES_DIR = 'profiles';

/**
 * The entries of `<profilesDir>/manifest.json`, once the app's reader accepts it and every file
 * it lists is there: checked before the (slow) site build and before anything is copied, so a
 * missing file is named with what to run, not met half way through the copy as a bare ENOENT.
 */
export async function listedProfiles(profilesDir: string): Promise<string[]> {
  const manifestPath = join(profilesDir, 'manifest.json');
  const text = await readFile(manifestPath, 'utf8').catch(() => {
    throw new Error(`${manifestPath} does not exist: build profiles first (npm run profiles -- --in <archive> --out ${profilesDir})`);
  });
  // The app's own reader: a manifest it would refuse is not published.
  const manifest = parseManifest(text, `https://site.invalid/${PROFILES_DIR}/manifest.json`);
  if (!manifest.ok) throw new Error(`${manifestPath}: ${manifest.problem}`);
  const paths = manifest.files.map((f) => f.path);
  const missing: string[] = [];
  for (const p of paths) if (!(await stat(join(profilesDir, p)).then((st) => st.isFile(), () => false))) missing.push(join(profilesDir, p));
  if (missing.length) {
    const shown = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
    throw new Error(`${manifestPath} lists ${missing.length} file(s) that are not there: ${shown}. Nothing was built or copied. `
      + `Build the profiles again into that folder (npm run profiles -- --in <archive> --out ${profilesDir}, which lists only the files it wrote), `
      + 'or copy the whole folder, not only its manifest.json');
  }
  return paths;
}

/** Copies manifest.json and the files it lists into `<siteDir>/profiles/`; returns their number and bytes. */
export async function publishProfiles(profilesDir: string, siteDir: string): Promise<{ files: number; bytes: number }> {
  const paths = await listedProfiles(profilesDir);
  const target = join(siteDir, PROFILES_DIR);
  let bytes = 0;
  for (const p of paths) {
    await makeFolder(dirname(join(target, p)));
    await copyFile(join(profilesDir, p), join(target, p));
    bytes += (await stat(join(target, p))).size;
  }
  await copyFile(join(profilesDir, 'manifest.json'), join(target, 'manifest.json'));
  return { files: paths.length, bytes };
}

/**
 * Why `out` may not be built into, or null: the build empties it first, so a folder holding
 * anything but an earlier liqmap site (--out /var/www, say, with other sites in it) is refused.
 */
export async function outProblem(out: string): Promise<string | null> {
  const st = await stat(out).catch(() => null);
  if (!st) return null;
  if (!st.isDirectory()) return `--out ${out} is a file: give a folder for the site`;
  const names = (await readdir(out)).sort();
  if (!names.length) return null;
  const index = await readFile(join(out, 'index.html'), 'utf8').catch(() => '');
  if (/<title>liqmap\b/.test(index)) return null;
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return `--out ${out} holds files that are not a liqmap site (${shown}), and the build empties its --out first: `
    + 'give a new or empty folder (or one an earlier npm run site wrote), then copy the site where it goes';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      profiles: { type: 'string' },
      out: { type: 'string', default: 'dist' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.profiles) {
    process.stderr.write(`site: --profiles is required\n\n${HELP}`);
    return 2;
  }
  const out = resolve(values.out);
  const problem = await outProblem(out);
  if (problem) throw new Error(problem);
  // Check the profiles before the (slow) site build.
  await listedProfiles(values.profiles);
  execFileSync('npm', ['run', 'build', '--', '--outDir', out, '--emptyOutDir'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', LIQMAP_DEFAULT_SOURCE: `${PROFILES_DIR}/manifest.json` },
  });
  const r = await publishProfiles(values.profiles, out);
  console.log(`site: ${out} with ${r.files} profile file(s) (${(r.bytes / 1e6).toFixed(1)} MB) in ${PROFILES_DIR}/ as its default source`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error(errorLine('site', e));
    process.exitCode = 2;
  });
}
