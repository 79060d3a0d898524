/** The console shows DuckDB's error for a query once, though DuckDB 1.4 repeats its location block. */
import { expect, test } from 'vitest';
import { queryErrorText } from '../../../src/lib/console/result.ts';

test('a repeated "LINE 1" block is shown once; other errors are left as DuckDB words them', () => {
  const located = 'Parser Error: syntax error at or near "dec"\n\nLINE 1: SELECT 1 dec\n                 ^';
  expect(queryErrorText(`${located}\n\nLINE 1: SELECT 1 dec\n                 ^`)).toBe(located);
  expect(queryErrorText(located)).toBe(located);
  const catalog = 'Catalog Error: Table with name nope does not exist!\nDid you mean "volume"?\n\nLINE 1: SELECT * FROM nope\n                      ^';
  expect(queryErrorText(catalog)).toBe(catalog);
  expect(queryErrorText('Binder Error: Referenced column "x" not found')).toBe('Binder Error: Referenced column "x" not found');
});
