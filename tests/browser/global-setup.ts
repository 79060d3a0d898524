/**
 * Builds the site once (with the sample data) and serves it under /liqmap/ for every browser
 * test file. LIQMAP_SKIP_BUILD=1 reuses an existing dist/ while iterating locally.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../helpers/static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  // LIQMAP_DIST builds to another folder, so parallel local runs do not replace each other's site.
  const dist = path.resolve(root, process.env.LIQMAP_DIST ?? 'dist');
  if (!process.env.LIQMAP_SKIP_BUILD || !existsSync(path.join(dist, 'index.html'))) {
    // Vitest sets NODE_ENV=test, which would give a development service worker: test what ships.
    execSync(`npm run build -- --outDir ${JSON.stringify(dist)} --emptyOutDir`, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const server = await startStaticServer(dist);
  project.provide('siteUrl', server.url);
  project.provide('distDir', dist);
  return async () => server.close();
}
