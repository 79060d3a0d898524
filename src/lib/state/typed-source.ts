/**
 * A profile list typed in the Data view: the full http(s) address of a manifest.json, or a path
 * on this site (./sample/manifest.json, the bundled sample that every build keeps; or
 * /profiles/manifest.json), read against the page's address. A bare host
 * ("example.org/manifest.json") is not taken for a path on this site: it gets what to type.
 */
export type TypedSource = { ok: true; url: string } | { ok: false; error: string };

export function parseTypedSource(input: string, pageUrl: string): TypedSource {
  const text = input.trim();
  const onThisSite = /^\.{0,2}\//.test(text);
  let url: URL;
  try {
    url = new URL(text, onThisSite ? pageUrl : undefined);
  } catch {
    return { ok: false, error: `"${text}" is not a URL; give the full address of a manifest.json (https://…/manifest.json), or a path on this site such as ./sample/manifest.json.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `${url.protocol} is not supported; the profile list must be on http(s).` };
  }
  return { ok: true, url: url.href };
}
