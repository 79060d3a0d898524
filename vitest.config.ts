import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on CI's 2 cores, which ran the
    // unit files in series. The browser files still run one at a time, after the unit files
    // (a project with fileParallelism: false is its own group, run last).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: ['tests/unit/**/*.svelte.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // Two builder fixtures at once can take longer than the default 10 s to set up.
          hookTimeout: 120_000,
        },
      },
      {
        // View controllers (Svelte 5 runes classes): compiled by Svelte as for the browser, run in Node.
        plugins: [svelte()],
        // Svelte's client runtime ('svelte' alone resolves to its server build in Node, whose flushSync does nothing).
        resolve: { conditions: ['browser'] },
        test: {
          name: 'runes',
          include: ['tests/unit/**/*.svelte.test.ts'],
          environment: './tests/helpers/runes-environment.ts',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
