/**
 * The profile source of a view without `?source=`: the site's build-time setting
 * LIQMAP_DEFAULT_SOURCE (a manifest.json URL, relative to the site or absolute), else the
 * synthetic sample bundled with every build. A fork's pipeline sets it to the profiles it
 * publishes beside the site (docs/hosting.md).
 */
export const BUNDLED_SAMPLE = './sample/manifest.json';

/** The setting as given at build time ('' when unset). */
function configured(): string {
  return (import.meta.env?.LIQMAP_DEFAULT_SOURCE ?? '').trim();
}

/** The default source, as configured (relative to the site, or absolute). */
export function defaultSource(): string {
  return configured() || BUNDLED_SAMPLE;
}

/** The default source's manifest URL, resolved against the page. */
export function defaultManifestUrl(baseURI: string): string {
  return new URL(defaultSource(), baseURI).href;
}

/** The bundled sample's manifest URL (always in the build, default or not). */
export function sampleManifestUrl(baseURI: string): string {
  return new URL(BUNDLED_SAMPLE, baseURI).href;
}

/** How the UI names the default source. */
export function defaultSourceName(): { current: string; button: string } {
  return configured()
    ? { current: "the profiles published with this site", button: "Use this site's profiles" }
    : { current: 'the sample bundled with this site', button: 'Use bundled sample' };
}
