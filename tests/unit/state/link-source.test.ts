// The rule for a profile source that arrives with a link: held back until confirmed, except
// the site's own files, the build's default and origins this browser confirmed before.
import { describe, expect, it } from 'vitest';
import { holdLinkSource, needsConfirmation, sourceOrigin } from '../../../src/lib/state/link-source.ts';
import { loadSettings } from '../../../src/lib/state/settings.ts';
import { DEFAULT_VIEW } from '../../../src/lib/state/view-state.ts';
import { defaultManifestUrl } from '../../../src/lib/data/default-source.ts';

const PAGE = 'https://liqmap.example.org/app/';
const LINK = 'http://127.0.0.1:4567/p/manifest.json';

const memory = (value: unknown): Storage => ({ getItem: () => JSON.stringify(value) }) as unknown as Storage;

describe('a source from a link', () => {
  it('asks for another host, not for the site itself, its default source or a confirmed origin', () => {
    expect(needsConfirmation(LINK, [], PAGE)).toBe(true);
    expect(needsConfirmation('https://data.example.org/manifest.json', ['https://data.example.org:8443'], PAGE)).toBe(true); // another port is another origin
    expect(needsConfirmation(LINK, ['http://127.0.0.1:4567'], PAGE)).toBe(false);
    expect(needsConfirmation('https://liqmap.example.org/other/manifest.json', [], PAGE)).toBe(false);
    expect(needsConfirmation(defaultManifestUrl(PAGE), [], PAGE)).toBe(false);
    expect(needsConfirmation(null, [], PAGE)).toBe(false);
  });

  it('holds the link source back and keeps the rest of the view', () => {
    const view = { ...DEFAULT_VIEW, symbol: 'ETHUSDT', source: LINK };
    expect(holdLinkSource(view, {}, PAGE)).toEqual({ state: { ...view, source: null }, pending: LINK });
    expect(holdLinkSource(view, { confirmedSources: ['http://127.0.0.1:4567'] }, PAGE)).toEqual({ state: view, pending: null });
  });

  it('names origins exactly; stored confirmations that are not origins are dropped', () => {
    expect(sourceOrigin(LINK)).toBe('http://127.0.0.1:4567');
    expect(sourceOrigin('ftp://x/manifest.json')).toBeNull();
    const settings = loadSettings(memory({ confirmedSources: ['http://127.0.0.1:4567', 'https://a.org/path', 'javascript:alert(1)', 7] }));
    expect(settings.confirmedSources).toEqual(['http://127.0.0.1:4567']);
  });
});
