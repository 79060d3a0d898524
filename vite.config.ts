import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#0f1218';

/** Built files only the SQL console needs (docs/console.md): left out of the precache. */
const ON_DEMAND_GLOBS = ['**/duckdb-*.wasm', '**/duckdb-browser-*.worker-*.js', '**/console.worker-*.js'];
/** The same files as URLs (same origin), for the runtime route that caches them on first use. */
const ON_DEMAND_PATH = /\/assets\/(duckdb-[^/]*\.wasm|duckdb-browser-[^/]*\.worker-[^/]*\.js|console\.worker-[^/]*\.js)$/;

/** The browser UI colour; the plugin writes the manifest link but not this tag. */
function themeColour(): Plugin {
  return {
    name: 'liqmap-theme-colour',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'theme-color', content: THEME }, injectTo: 'head' }],
  };
}

/**
 * The build's default profile source (LIQMAP_DEFAULT_SOURCE) as a tag public/csp.js reads, so
 * that a bucket on another host is allowed without editing the policy by hand.
 */
function defaultSourceForCsp(): Plugin {
  let source = '';
  return {
    name: 'liqmap-default-source-csp',
    configResolved: (config) => { source = String(config.env.LIQMAP_DEFAULT_SOURCE ?? '').trim(); },
    // Before csp.js, which runs as soon as it is parsed.
    transformIndexHtml: () => (source ? [{ tag: 'meta', attrs: { name: 'liqmap-default-source', content: source }, injectTo: 'head-prepend' }] : []),
  };
}

/**
 * The map's chart chunk (uPlot, src/lib/charts/map-canvas.ts) is fetched and compiled from the
 * start, beside the app's own script, instead of after that script has run and asked for it:
 * the map is the first chart a visitor sees. Plotly is not preloaded: only the audit uses it,
 * and loads it when opened.
 */
function preloadMapChart(): Plugin {
  return {
    name: 'liqmap-preload-map-chart',
    apply: 'build',
    transformIndexHtml: (_html, ctx) => {
      const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('src/lib/charts/map-canvas.ts'));
      // With the chunks it imports (uPlot, shared with the heatmap's chart; not the app's own
      // script, loaded anyway): a preload fetches only its own file.
      const shared = (file: string) => { const c = ctx.bundle?.[file]; return c?.type === 'chunk' && !c.isEntry; };
      const files = chunk?.type === 'chunk' ? [chunk.fileName, ...chunk.imports.filter(shared)] : [];
      return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
    },
  };
}

const EARLY_PICTURE = 'src/early-picture.ts';

/**
 * The early picture script (src/early-picture.ts) is its own entry and the page's first module
 * script, right after csp.js: the returning visitor's last chart is painted from IndexedDB
 * without waiting for the app's script. (Vite would fold a second script of index.html into the
 * app's entry, hence a build input of its own and this tag.) Its imports are preloaded beside it.
 */
function earlyPicture(): Plugin {
  const after = '<script src="./csp.js"></script>';
  const tag = (src: string, rel?: boolean) => (rel ? `<link rel="modulepreload" crossorigin href="${src}">` : `<script type="module" crossorigin src="${src}"></script>`);
  return {
    name: 'liqmap-early-picture',
    config: (_config, { command }) => (command === 'build' ? { build: { rollupOptions: { input: { index: 'index.html', 'early-picture': EARLY_PICTURE } } } } : {}),
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => {
        if (!html.includes(after)) throw new Error(`index.html: ${after} not found (the early picture script goes after it)`);
        if (!ctx.bundle) return html.replace(after, `${after}\n    ${tag(`/${EARLY_PICTURE}`)}`);
        const chunk = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith(EARLY_PICTURE));
        if (!chunk || chunk.type !== 'chunk') throw new Error('the early picture chunk is missing');
        // Every chunk it imports, however deep, so none waits for the one before it.
        const deps = new Set<string>();
        const walk = (file: string) => {
          const c = ctx.bundle?.[file];
          if (c?.type === 'chunk') for (const f of c.imports) if (!deps.has(f)) { deps.add(f); walk(f); }
        };
        walk(chunk.fileName);
        const tags = [tag(`./${chunk.fileName}`), ...[...deps].map((f) => tag(`./${f}`, true))];
        return html.replace(after, [after, ...tags].join('\n    '));
      },
    },
  };
}

// `base: './'` makes every URL relative, so the same build works at a domain root, under a
// sub-path (GitHub Pages' /liqmap/) or from a folder. The service worker, its scope and the
// manifest's start_url follow it ('./'), so they work under any sub-path too.
export default defineConfig({
  base: './',
  // LIQMAP_DEFAULT_SOURCE (a manifest.json URL) makes published profiles the default source.
  envPrefix: ['VITE_', 'LIQMAP_'],
  plugins: [
    svelte(),
    themeColour(),
    preloadMapChart(),
    earlyPicture(),
    defaultSourceForCsp(),
    VitePWA({
      // A new deployment waits until the user reloads (UpdatePrompt), so a page never mixes
      // files of two versions; registration is in src/main.ts.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'liqmap',
        short_name: 'liqmap',
        description: 'Liquidation heatmap for crypto perpetual futures, computed in your browser. Works offline.',
        theme_color: THEME,
        background_color: THEME,
        display: 'standalone',
        icons: [
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell, every chunk and worker, and the sample's manifest (the plugin adds the
        // web app manifest and its icons). Profile files are not precached: the engine keeps
        // every month a view used in IndexedDB, so a first visit does not also download 17 MB
        // of sample months it may never show. Nor is the SQL console's DuckDB-WASM (wasm, its
        // worker, the console worker that bundles its JS): it is fetched when the console is
        // first opened and kept by the runtime route below.
        globPatterns: ['**/*.{html,js,css}', 'sample/manifest.json'],
        globIgnores: ON_DEMAND_GLOBS,
        runtimeCaching: [
          {
            urlPattern: ON_DEMAND_PATH,
            handler: 'CacheFirst',
            // Hashed names: a file never changes, a new build brings new names; old ones age out.
            options: { cacheName: 'liqmap-duckdb', expiration: { maxEntries: 12 }, cacheableResponse: { statuses: [200] } },
          },
        ],
        // Take control on the first visit (nothing older to mix with); updates still wait for the prompt.
        clientsClaim: true,
        navigateFallback: 'index.html',
        // Query strings are view state (?symbol=…&source=…): any of them opens the same shell.
        ignoreURLParametersMatching: [/.*/],
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  preview: { host: '127.0.0.1' },
});
