/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time default profile source (a manifest.json URL); see src/lib/data/default-source.ts. */
  readonly LIQMAP_DEFAULT_SOURCE?: string;
}
