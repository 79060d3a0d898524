/**
 * The settings each exchange registers (src/exchanges/<id>/app.ts) are stored under the keys
 * they always had: the importer hosts (archiveBase, bybitArchiveBase, bybitApiBase) and the
 * stream bases (`${id}StreamBase`), each with its exchange's default and check.
 */
import { expect, test } from 'vitest';
import { loadSettings } from '../../../src/lib/state/settings.ts';
import { IMPORT_HOSTS } from '../../../src/exchanges/app-registry.ts';

const memory = (value: unknown): Storage => ({ getItem: () => JSON.stringify(value) }) as unknown as Storage;

test('every host and stream base has its default when nothing is stored', () => {
  const s = loadSettings(memory({}));
  expect([s.archiveBase, s.bybitArchiveBase, s.bybitApiBase]).toEqual(['https://data.binance.vision', 'https://public.bybit.com', 'https://api.bybit.com']);
  expect(IMPORT_HOSTS.map((h) => [h.key, h.label, h.name])).toEqual([
    ['archiveBase', 'Archive base URL', 'archive-base'],
    ['bybitArchiveBase', 'Bybit archive base URL', 'bybit-archive-base'],
    ['bybitApiBase', 'Bybit API base URL', 'bybit-api-base'],
  ]);
  expect([s.binanceStreamBase, s.bybitStreamBase]).toEqual([undefined, undefined]);
});

test('stored hosts and stream bases are read by their keys; bad ones leave the default', () => {
  const s = loadSettings(memory({
    archiveBase: 'https://mirror.example/binance/', bybitArchiveBase: 'https://mirror.example/bybit', bybitApiBase: 'ftp://nope',
    binanceStreamBase: 'wss://proxy.example/market', bybitStreamBase: 'wss://proxy.example/v5/public/linear/',
  }));
  expect([s.archiveBase, s.bybitArchiveBase, s.bybitApiBase]).toEqual(['https://mirror.example/binance', 'https://mirror.example/bybit', 'https://api.bybit.com']);
  expect([s.binanceStreamBase, s.bybitStreamBase]).toEqual(['wss://proxy.example/market', 'wss://proxy.example/v5/public/linear']);
});
