import { expect, test } from 'vitest';
import { parseTypedSource } from '../../../src/lib/state/typed-source.ts';

const PAGE = 'https://me.github.io/liqmap/?view=data&symbol=BTCUSDT';

test('a full address is taken as it is; a path on this site is read against the page', () => {
  expect(parseTypedSource(' https://data.example.org/p/manifest.json ', PAGE)).toEqual({ ok: true, url: 'https://data.example.org/p/manifest.json' });
  expect(parseTypedSource('./sample/manifest.json', PAGE)).toEqual({ ok: true, url: 'https://me.github.io/liqmap/sample/manifest.json' });
  expect(parseTypedSource('../other/manifest.json', PAGE)).toEqual({ ok: true, url: 'https://me.github.io/other/manifest.json' });
  expect(parseTypedSource('/profiles/manifest.json', PAGE)).toEqual({ ok: true, url: 'https://me.github.io/profiles/manifest.json' });
});

test('a bare host is not a path on this site, and other schemes are refused, each saying what to type', () => {
  expect(parseTypedSource('data.example.org/manifest.json', PAGE)).toEqual({ ok: false, error: '"data.example.org/manifest.json" is not a URL; give the full address of a manifest.json (https://…/manifest.json), or a path on this site such as ./sample/manifest.json.' });
  expect(parseTypedSource('ftp://data.example.org/manifest.json', PAGE)).toEqual({ ok: false, error: 'ftp: is not supported; the profile list must be on http(s).' });
});
