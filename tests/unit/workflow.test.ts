/**
 * The publishing workflow (.github/workflows/publish.yml) cannot run here, so it is checked
 * for what it must be: well-formed YAML of the shape GitHub reads (a minimal structural check,
 * no YAML library is installed), run nightly and by hand, every `run:` an npm script that
 * exists in package.json, downloads and profiles cached, and deployed to Pages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../../src/lib/data/profile-schema.ts';

const text = readFileSync('.github/workflows/publish.yml', 'utf8');
const scripts = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>);
/** Lines without comments and blank lines, with their indentation. */
const lines = text.split('\n').map((raw, i) => ({ raw, n: i + 1, indent: raw.length - raw.trimStart().length, body: raw.trim() }))
  .filter((l) => l.body !== '' && !l.body.startsWith('#'));

/** The child keys (by name) of the block that starts at line index `at`. */
function block(at: number): typeof lines {
  const out: typeof lines = [];
  for (let i = at + 1; i < lines.length && lines[i].indent > lines[at].indent; i++) out.push(lines[i]);
  return out;
}

function topKey(name: string): number {
  const i = lines.findIndex((l) => l.indent === 0 && l.body.startsWith(`${name}:`));
  if (i < 0) throw new Error(`no top-level ${name}:`);
  return i;
}

describe('publish workflow', () => {
  it('is YAML of the shape GitHub reads: spaces only, consistent indentation, balanced quotes, known keys', () => {
    expect(text).not.toMatch(/\t/);
    for (const l of lines) {
      expect(l.indent % 2, `line ${l.n}: indentation`).toBe(0);
      // Every line is a key, a list item or part of a block scalar (run: | / path: |).
      expect(/^(- )?[A-Za-z0-9_-]+:( |$)|^- |^\S/.test(l.body), `line ${l.n}: ${l.raw}`).toBe(true);
      const quotes = l.body.replace(/\$\{\{[^}]*\}\}/g, '').match(/'/g)?.length ?? 0;
      expect(quotes % 2, `line ${l.n}: unbalanced quotes`).toBe(0);
    }
    const top = lines.filter((l) => l.indent === 0).map((l) => l.body.replace(/:.*$/, ''));
    expect(top).toEqual(['name', 'on', 'permissions', 'concurrency', 'env', 'jobs']);
    // Nested keys never jump more than one level.
    for (let i = 1; i < lines.length; i++) expect(lines[i].indent - lines[i - 1].indent, `line ${lines[i].n}`).toBeLessThanOrEqual(4);
  });

  it('runs on a schedule and by hand, and may deploy to Pages', () => {
    const on = block(topKey('on')).map((l) => l.body);
    expect(on).toContain('schedule:');
    expect(on.some((b) => /^- cron: '[\d*/, -]+'$/.test(b))).toBe(true);
    expect(on).toContain('workflow_dispatch:');
    const perms = block(topKey('permissions')).map((l) => l.body);
    expect(perms).toEqual(expect.arrayContaining(['pages: write', 'id-token: write']));
  });

  it('calls only npm scripts that exist in package.json', () => {
    const runs = lines.filter((l) => /^(- )?run: /.test(l.body)).map((l) => l.body.replace(/^(- )?run: /, ''));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const cmd of runs) {
      const m = /^npm (ci|run ([a-z:-]+))(\s|$)/.exec(cmd);
      expect(m, `not an npm script: ${cmd}`).not.toBeNull();
      if (m![2]) expect(scripts, `npm run ${m![2]}`).toContain(m![2]);
      expect(cmd).not.toMatch(/[;&|]/);
    }
    expect(runs.some((c) => c.startsWith('npm run profiles -- --exchange ${{ matrix.exchange }} --fetch '))).toBe(true);
    expect(runs.some((c) => c.startsWith('npm run profiles -- --merge-manifests '))).toBe(true);
    expect(runs.some((c) => c.startsWith('npm run site -- --profiles '))).toBe(true);
  });

  it('caches the downloads and profiles the profiles step uses, and deploys what the site step writes', () => {
    const profiles = lines.find((l) => /npm run profiles -- .*--fetch/.test(l.body))!.body;
    const inDir = /--in (\S+)/.exec(profiles)![1];
    const outDir = /--out (\S+)/.exec(profiles)![1];
    const cached = lines.flatMap((l, i) => (l.body === 'path: |' ? block(i).map((x) => x.body) : []));
    expect(cached).toEqual(expect.arrayContaining([inDir, outDir]));
    // Each job uploads its --out; the last job downloads them all, merges them, and builds the site from the merge.
    const uploadArtifact = lines.findIndex((l) => l.body.includes('actions/upload-artifact@'));
    expect(block(uploadArtifact).map((l) => l.body)).toContain(`path: ${outDir}`);
    const download = lines.findIndex((l) => l.body.includes('actions/download-artifact@'));
    const parts = /path: (\S+)/.exec(block(download).map((l) => l.body).join('\n'))![1];
    const merge = lines.find((l) => l.body.includes('--merge-manifests'))!.body;
    expect(/--merge-manifests (\S+)/.exec(merge)![1]).toBe(parts);
    const site = lines.find((l) => l.body.includes('npm run site --'))!.body;
    expect(/--profiles (\S+)/.exec(site)![1]).toBe(/--out (\S+)/.exec(merge)![1]);
    const siteOut = /--out (\S+)/.exec(site)![1];
    const uses = lines.filter((l) => /^(- )?uses: /.test(l.body)).map((l) => l.body.replace(/^(- )?uses: /, ''));
    for (const u of uses) expect(u).toMatch(/^actions\/(checkout|setup-node|cache|cache\/restore|cache\/save|upload-artifact|download-artifact|upload-pages-artifact|deploy-pages)@v\d+$/);
    const upload = lines.findIndex((l) => l.body.includes('actions/upload-pages-artifact'));
    expect(block(upload).map((l) => l.body)).toContain(`path: ${siteOut}`);
    expect(uses).toContain('actions/deploy-pages@v4');
  });

  it('builds one job per (exchange, symbol) from the plan job\'s matrix, each with its own cache and artifact', () => {
    const plan = lines.find((l) => l.body.includes('npm run publish-plan'))!.body;
    expect(plan).toContain('--exchanges "$LIQMAP_EXCHANGES"');
    // Every exchange by default, as publish-plan's --help says.
    expect(text).toContain(`LIQMAP_EXCHANGES: \${{ inputs.exchanges || vars.LIQMAP_EXCHANGES || '${EXCHANGE_IDS.join(',')}' }}`);
    expect(text).toContain('matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}');
    const profiles = lines.find((l) => /npm run profiles -- .*--fetch/.test(l.body))!.body;
    expect(profiles).toContain('--symbols ${{ matrix.symbol }}');
    const key = lines.find((l) => l.body.startsWith('key: liqmap-data-'))!.body;
    expect(key).toContain('${{ matrix.exchange }}-${{ matrix.symbol }}');
    const name = lines.find((l) => l.body.startsWith('name: profiles-'))!.body;
    expect(name).toBe('name: profiles-${{ matrix.exchange }}-${{ matrix.symbol }}');
    const download = lines.findIndex((l) => l.body.includes('actions/download-artifact@'));
    expect(block(download).map((l) => l.body)).toContain('pattern: profiles-*');
    // The merge job runs after every matrix job, and the deploy after it.
    const jobs = block(topKey('jobs')).filter((l) => l.indent === 2).map((l) => l.body);
    expect(jobs).toEqual(['plan:', 'profiles:', 'build:', 'deploy:']);
    expect(text).toMatch(/build:\n\s+needs: profiles\n/);
  });

  it('keeps the cache and uploads the profiles when the profiles step fails, and puts its summary on the run page', () => {
    // A refused month fails the step (exit 1): the cache must still be saved (the next run
    // resumes from it) and the months built uploaded, and why it failed shown with --summary.
    const profiles = lines.findIndex((l) => /npm run profiles -- .*--fetch/.test(l.body));
    expect(lines[profiles].body).toContain('--summary "$GITHUB_STEP_SUMMARY"');
    let step = profiles;
    while (!lines[step].body.startsWith('- ')) step--;
    const stepKeys = lines.slice(step, profiles + 1).map((l) => l.body.replace(/^- /, ''));
    const id = /^id: (\S+)$/.exec(stepKeys.find((b) => b.startsWith('id:')) ?? '')?.[1];
    expect(id, 'the profiles step has an id').toBeDefined();
    const runsAfterFailure = `if: \${{ !cancelled() && steps.${id}.outcome != 'skipped' }}`;
    for (const action of ['actions/cache/save@', 'actions/upload-artifact@']) {
      const at = lines.findIndex((l) => l.body.includes(action));
      expect(at, action).toBeGreaterThan(profiles);
      expect(block(at).map((l) => l.body), action).toContain(runsAfterFailure);
    }
    // A step that runs out of time fails (the job's limit would cancel it, and the save with it),
    // and its extracted CSVs (GBs) are not in the cache.
    const stepTimeout = Number(/^timeout-minutes: (\d+)$/.exec(stepKeys.find((b) => b.startsWith('timeout-minutes:')) ?? '')?.[1]);
    const jobTimeout = Number(/timeout-minutes: (\d+)/.exec(text.slice(text.indexOf('  profiles:\n')))?.[1]);
    expect(stepTimeout).toBeGreaterThan(0);
    expect(stepTimeout).toBeLessThan(jobTimeout);
    expect(lines[profiles].body).toContain('--tmp "$RUNNER_TEMP/');
    // The restore comes before the step; the save has the same paths and key.
    const restore = lines.findIndex((l) => l.body.includes('actions/cache/restore@'));
    const save = lines.findIndex((l) => l.body.includes('actions/cache/save@'));
    expect(restore).toBeLessThan(profiles);
    const keyAndPaths = (at: number) => block(at).map((l) => l.body).filter((b) => b.startsWith('key:') || b.startsWith('.cache/'));
    expect(keyAndPaths(save)).toEqual(keyAndPaths(restore));
  });
});
